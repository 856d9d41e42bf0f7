/**
 * The alert ladder (DESIGN.md §5): an alert goes out on the quickest channel that reaches the
 * person; if nobody reacts in time, it goes out again on the next one — push, then Zalo ZNS
 * or SMS, then e-mail. Pure, so the order is stated once and tested.
 */
export const LADDER = ['push', 'zns', 'sms', 'email'] as const;
export type LadderChannel = (typeof LADDER)[number];

/** How long an alert may go unanswered before the next channel is tried. */
export const CLIMB_AFTER_MINUTES = 5;

/**
 * Reasons worth climbing for: a complex incident's first alert, an escalation, a reminder to
 * the leader. A simple incident's alert, or news for the reporter, is sent once.
 */
const CLIMBING_REASONS: ReadonlySet<string> = new Set(['reported_complex', 'no_leader', 'escalated', 'reminder_leader']);

export const climbs = (reason: string): boolean => CLIMBING_REASONS.has(reason);

/** The first channel after `after` (or the first at all) among those that can reach the person. */
export function nextChannel(usable: readonly LadderChannel[], after?: LadderChannel): LadderChannel | null {
	const start = after ? LADDER.indexOf(after) + 1 : 0;
	return LADDER.slice(start).find((c) => usable.includes(c)) ?? null;
}

/** Retries of one delivery: 30 s doubling to 30 min, then it is marked failed after 8 tries. */
export const MAX_ATTEMPTS = 8;

export function retryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}
