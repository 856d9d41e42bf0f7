/**
 * The one-tap answers an inbox offers (acknowledge, escalate), worked out on the device from
 * what the list says, with the lifecycle rules the server applies. The server remains the
 * judge: a tap it refuses comes back with its reason. The incident page asks the server.
 */
import type { Profile } from '$lib/domain/account';
import type { IncidentSummary } from '$lib/domain/incident';
import { availableActions, type EventType, type Relation } from '$lib/domain/lifecycle-rules';

const QUICK: readonly EventType[] = ['acknowledge', 'escalate'];

export function quickActionsFor(profile: Pick<Profile, 'role' | 'isLeader' | 'isDeputy'>, incident: IncidentSummary): EventType[] {
	const relations = new Set<Relation>();
	if (profile.role === 'ward_responder') {
		relations.add('team');
		if (profile.isLeader || profile.isDeputy) relations.add('lead');
	}
	if (profile.role === 'province_team') relations.add('province');
	if (profile.role === 'vendor_team') relations.add('vendor');
	const facts = {
		status: incident.status,
		complexity: incident.complexity,
		acted: Boolean(incident.acknowledgedAt),
		acknowledged: Boolean(incident.acknowledgedAt),
		escalated: Boolean(incident.escalatedAt),
		unitAcknowledged: Boolean(incident.unitAcknowledgedAt),
		merged: false
	};
	// Outside the ward, "acknowledge" is the unit's own; offer it only on escalated incidents.
	const actions = availableActions(facts, relations).filter((type) => QUICK.includes(type));
	return relations.has('team') ? actions : actions.filter((type) => type !== 'acknowledge' || incident.status === 'escalated');
}
