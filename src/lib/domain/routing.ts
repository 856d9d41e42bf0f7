/**
 * Who must hear about an incident, and why (BRIEF.md Step 1, DESIGN.md §5). Pure: the
 * server gathers the people, this decides; each decision is recorded on the incident and
 * handed to the notification layer.
 *
 * - Simple → the ward's Response Team (leader, deputy, members).
 * - Complex → the leader and deputy at once, who escalate with one tap.
 * - A ward with no active leader: a complex incident goes to every team member and the
 *   Provincial Working Group at once (nobody would escalate it otherwise).
 * - Escalation → the Provincial Working Group and the IT enterprise teams covering the
 *   incident's category.
 * - An unanswered simple incident → the whole team is reminded, later the leader again.
 */
import type { Complexity } from './incident-catalog';

export const ROUTE_REASONS = [
	'reported',
	'reported_complex',
	'no_leader',
	'escalated',
	'reminder_team',
	'reminder_leader'
] as const;
export type RouteReason = (typeof ROUTE_REASONS)[number];

export type RouteTrigger = 'reported' | 'escalated' | 'reminder_team' | 'reminder_leader';

export interface TeamMember {
	id: string;
	isLeader: boolean;
	isDeputy: boolean;
}

export interface Audience {
	/** The ward's active Response Team members. */
	team: readonly TeamMember[];
	/** Active members of the province's Working Group. */
	province: { unitId: string; members: readonly string[] };
	/** The province's active IT enterprise teams and their active members. */
	itTeams: readonly { unitId: string; categories: readonly string[]; members: readonly string[] }[];
}

export interface Recipient {
	userId: string;
	/** The unit through which the person is told (their ward, the province, an IT team). */
	unitId: string;
	reason: RouteReason;
}

export interface Routing {
	recipients: Recipient[];
	/** IT teams the incident now reaches (they may see it from here on). */
	teams: string[];
	/** The ward has no active leader: said in the timeline. */
	noLeader: boolean;
}

export const hasLeader = (team: readonly TeamMember[]) => team.some((m) => m.isLeader);

const leads = (team: readonly TeamMember[]) => team.filter((m) => m.isLeader || m.isDeputy);

export function route(
	trigger: RouteTrigger,
	incident: { wardId: string; category: string; complexity: Complexity },
	audience: Audience
): Routing {
	const ward = (members: readonly TeamMember[], reason: RouteReason): Recipient[] =>
		members.map((m) => ({ userId: m.id, unitId: incident.wardId, reason }));
	const province = (reason: RouteReason): Recipient[] =>
		audience.province.members.map((id) => ({ userId: id, unitId: audience.province.unitId, reason }));
	const noLeader = !hasLeader(audience.team);

	switch (trigger) {
		case 'reported':
			if (incident.complexity === 'simple') {
				return { recipients: ward(audience.team, 'reported'), teams: [], noLeader };
			}
			if (noLeader) {
				return { recipients: [...ward(audience.team, 'no_leader'), ...province('no_leader')], teams: [], noLeader };
			}
			return { recipients: ward(leads(audience.team), 'reported_complex'), teams: [], noLeader };
		case 'escalated': {
			const covering = audience.itTeams.filter((t) => t.categories.includes(incident.category));
			const teamRecipients = covering.flatMap((t) =>
				t.members.map((id) => ({ userId: id, unitId: t.unitId, reason: 'escalated' as const }))
			);
			return { recipients: [...province('escalated'), ...teamRecipients], teams: covering.map((t) => t.unitId), noLeader };
		}
		case 'reminder_team':
			return { recipients: ward(audience.team, 'reminder_team'), teams: [], noLeader };
		case 'reminder_leader': {
			// With no leader, the whole team was reminded already; tell the province instead.
			const recipients = noLeader ? province('reminder_leader') : ward(leads(audience.team), 'reminder_leader');
			return { recipients, teams: [], noLeader };
		}
	}
}
