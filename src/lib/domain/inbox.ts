/**
 * The order of a responder's inbox: most severe first, then unanswered, then newest. Severity is what the
 * citizens in the room feel (intake stopped, slowed, not affected), then complexity (a
 * complex incident needs the province and the IT team, whose clock is already running).
 */
import type { IncidentSummary } from './incident';

const IMPACT_RANK = { stopped: 2, slowed: 1, none: 0 } as const;

export function severity(incident: Pick<IncidentSummary, 'impactLevel' | 'complexity'>): number {
	return IMPACT_RANK[incident.impactLevel] * 2 + (incident.complexity === 'complex' ? 1 : 0);
}

/** Nobody has answered it yet: at the same severity, it comes before those being handled. */
const unanswered = (i: Pick<IncidentSummary, 'status'>) => (i.status === 'reported' ? 1 : 0);

export function inboxOrder<T extends Pick<IncidentSummary, 'impactLevel' | 'complexity' | 'createdAt' | 'id' | 'status'>>(
	items: readonly T[]
): T[] {
	return [...items].sort(
		(a, b) =>
			severity(b) - severity(a) ||
			unanswered(b) - unanswered(a) ||
			Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
			(a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
	);
}
