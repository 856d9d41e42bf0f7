/**
 * The escalation timers (DESIGN.md §5): what happens to an incident nobody answers.
 * Per-ward settings (the administration area) override the defaults; the defaults say why
 * they are what they are.
 */
import type { Complexity } from './incident-catalog';

export const JOB_KINDS = ['auto_escalate', 'remind_team', 'remind_leader', 'auto_close'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface TimerSettings {
	/** A complex incident unacknowledged this long is escalated by the system. */
	escalateAfterMinutes: number;
	/** A simple incident unacknowledged this long: the whole team is reminded; as long again: the leader. */
	remindAfterMinutes: number;
	/** A resolved incident nobody objected to closes after this many days. */
	autoCloseAfterDays: number;
}

export const DEFAULT_TIMERS: TimerSettings = {
	// The most common complex incident stops intake for the whole room: citizens are waiting,
	// and the province and the IT team need the time the fix takes. Ten minutes leaves the
	// leader time to answer a call, not time for a queue to build.
	escalateAfterMinutes: 10,
	// A printer or an account problem slows one desk; a quarter of an hour is when a desk
	// officer would otherwise start phoning around.
	remindAfterMinutes: 15,
	// Long enough for a desk officer off for a day or a weekend to see "Đã khắc phục" and object.
	autoCloseAfterDays: 3
};

export const TIMER_LIMITS = {
	escalateAfterMinutes: { min: 1, max: 240 },
	remindAfterMinutes: { min: 1, max: 480 }
} as const;

/** The ward's settings where it has them, the defaults elsewhere. */
export function timerSettings(ward: { escalateAfterMinutes?: number | null; remindAfterMinutes?: number | null }): TimerSettings {
	return {
		...DEFAULT_TIMERS,
		escalateAfterMinutes: ward.escalateAfterMinutes ?? DEFAULT_TIMERS.escalateAfterMinutes,
		remindAfterMinutes: ward.remindAfterMinutes ?? DEFAULT_TIMERS.remindAfterMinutes
	};
}

export interface Timer {
	kind: JobKind;
	runAt: Date;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The timers an incident waiting for its first answer needs, counted from `from`. */
export function answerTimers(complexity: Complexity, settings: TimerSettings, from: Date): Timer[] {
	if (complexity === 'complex') {
		return [{ kind: 'auto_escalate', runAt: new Date(from.getTime() + settings.escalateAfterMinutes * MINUTE) }];
	}
	const step = settings.remindAfterMinutes * MINUTE;
	return [
		{ kind: 'remind_team', runAt: new Date(from.getTime() + step) },
		{ kind: 'remind_leader', runAt: new Date(from.getTime() + 2 * step) }
	];
}

export function closeTimer(settings: TimerSettings, resolvedAt: Date): Timer {
	return { kind: 'auto_close', runAt: new Date(resolvedAt.getTime() + settings.autoCloseAfterDays * DAY) };
}

/** The timers an answer (acknowledgement, escalation, resolution…) makes pointless. */
export const ANSWER_TIMER_KINDS: readonly JobKind[] = ['auto_escalate', 'remind_team', 'remind_leader'];
