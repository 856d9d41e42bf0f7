import { describe, expect, it } from 'vitest';
import {
	ANSWER_TIMER_KINDS,
	DEFAULT_TIMERS,
	JOB_KINDS,
	TIMER_LIMITS,
	answerTimers,
	closeTimer,
	timerSettings,
	type TimerSettings
} from './timers';

/** A fake clock: instants written in Vietnam time, compared as instants. */
const at = (iso: string) => new Date(iso);
/** 09:15 on a Wednesday morning at the one-stop desk of Phường Thái Hòa. */
const REPORTED = at('2026-11-25T09:15:00.000+07:00');

describe('DEFAULT_TIMERS', () => {
	it('escalates after 10 minutes, reminds after 15, closes after 3 days', () => {
		expect(DEFAULT_TIMERS).toEqual({ escalateAfterMinutes: 10, remindAfterMinutes: 15, autoCloseAfterDays: 3 });
	});

	it('lie within the limits a ward may set', () => {
		expect(TIMER_LIMITS).toEqual({ escalateAfterMinutes: { min: 1, max: 240 }, remindAfterMinutes: { min: 1, max: 480 } });
		for (const key of ['escalateAfterMinutes', 'remindAfterMinutes'] as const) {
			expect(DEFAULT_TIMERS[key]).toBeGreaterThanOrEqual(TIMER_LIMITS[key].min);
			expect(DEFAULT_TIMERS[key]).toBeLessThanOrEqual(TIMER_LIMITS[key].max);
		}
	});
});

describe('timerSettings', () => {
	it('takes the defaults where the ward has no settings', () => {
		expect(timerSettings({})).toEqual({ escalateAfterMinutes: 10, remindAfterMinutes: 15, autoCloseAfterDays: 3 });
		expect(timerSettings({ escalateAfterMinutes: null, remindAfterMinutes: null })).toEqual(DEFAULT_TIMERS);
	});

	it('takes the ward’s own settings, each on its own', () => {
		expect(timerSettings({ escalateAfterMinutes: 3 })).toEqual({ escalateAfterMinutes: 3, remindAfterMinutes: 15, autoCloseAfterDays: 3 });
		expect(timerSettings({ escalateAfterMinutes: null, remindAfterMinutes: 20 })).toEqual({
			escalateAfterMinutes: 10,
			remindAfterMinutes: 20,
			autoCloseAfterDays: 3
		});
	});

	it('does not change the defaults', () => {
		timerSettings({ escalateAfterMinutes: 1, remindAfterMinutes: 1 });
		expect(DEFAULT_TIMERS).toEqual({ escalateAfterMinutes: 10, remindAfterMinutes: 15, autoCloseAfterDays: 3 });
	});
});

describe('answerTimers', () => {
	it('complex, with the defaults: one auto-escalation 10 minutes on', () => {
		expect(answerTimers('complex', DEFAULT_TIMERS, REPORTED)).toEqual([
			{ kind: 'auto_escalate', runAt: at('2026-11-25T09:25:00.000+07:00') }
		]);
	});

	it('simple, with the defaults: the team at +15 minutes, the leader at +30', () => {
		expect(answerTimers('simple', DEFAULT_TIMERS, REPORTED)).toEqual([
			{ kind: 'remind_team', runAt: at('2026-11-25T09:30:00.000+07:00') },
			{ kind: 'remind_leader', runAt: at('2026-11-25T09:45:00.000+07:00') }
		]);
	});

	it('follows the ward’s settings', () => {
		expect(answerTimers('complex', timerSettings({ escalateAfterMinutes: 3 }), REPORTED)).toEqual([
			{ kind: 'auto_escalate', runAt: at('2026-11-25T09:18:00.000+07:00') }
		]);
		expect(answerTimers('complex', timerSettings({ escalateAfterMinutes: null }), REPORTED)).toEqual([
			{ kind: 'auto_escalate', runAt: at('2026-11-25T09:25:00.000+07:00') }
		]);
		expect(answerTimers('simple', timerSettings({ remindAfterMinutes: 20 }), REPORTED)).toEqual([
			{ kind: 'remind_team', runAt: at('2026-11-25T09:35:00.000+07:00') },
			{ kind: 'remind_leader', runAt: at('2026-11-25T09:55:00.000+07:00') }
		]);
		// A ward's escalation setting does not move a simple incident's reminders.
		expect(answerTimers('simple', timerSettings({ escalateAfterMinutes: 3 }), REPORTED)).toEqual(
			answerTimers('simple', DEFAULT_TIMERS, REPORTED)
		);
	});

	it('counts from the instant given, across midnight and the end of the month', () => {
		const lateEvening = at('2026-11-30T23:55:00.000+07:00');
		expect(answerTimers('complex', DEFAULT_TIMERS, lateEvening)).toEqual([
			{ kind: 'auto_escalate', runAt: at('2026-12-01T00:05:00.000+07:00') }
		]);
		expect(answerTimers('simple', DEFAULT_TIMERS, lateEvening).map((t) => t.runAt.toISOString())).toEqual([
			'2026-11-30T17:10:00.000Z',
			'2026-11-30T17:25:00.000Z'
		]);
	});

	it('leaves the given instant as it was', () => {
		const from = at('2026-11-25T09:15:00.000+07:00');
		answerTimers('simple', DEFAULT_TIMERS, from);
		answerTimers('complex', DEFAULT_TIMERS, from);
		expect(from.getTime()).toBe(REPORTED.getTime());
	});

	it('makes only timers an answer cancels', () => {
		const made = [...answerTimers('complex', DEFAULT_TIMERS, REPORTED), ...answerTimers('simple', DEFAULT_TIMERS, REPORTED)];
		for (const timer of made) expect(ANSWER_TIMER_KINDS).toContain(timer.kind);
	});
});

describe('closeTimer', () => {
	it('closes a resolved incident 3 days on, by default', () => {
		// Resolved on Friday afternoon: closes on Monday afternoon unless the desk officer objects.
		expect(closeTimer(DEFAULT_TIMERS, at('2026-11-27T16:00:00.000+07:00'))).toEqual({
			kind: 'auto_close',
			runAt: at('2026-11-30T16:00:00.000+07:00')
		});
	});

	it('follows autoCloseAfterDays', () => {
		const settings: TimerSettings = { ...DEFAULT_TIMERS, autoCloseAfterDays: 5 };
		expect(closeTimer(settings, at('2026-12-30T08:00:00.000+07:00')).runAt).toEqual(at('2027-01-04T08:00:00.000+07:00'));
	});
});

describe('job kinds', () => {
	it('an answer cancels the escalation and the reminders, not the auto-close', () => {
		expect(ANSWER_TIMER_KINDS).toEqual(['auto_escalate', 'remind_team', 'remind_leader']);
		expect(ANSWER_TIMER_KINDS).not.toContain('auto_close');
	});

	it('JOB_KINDS lists every kind of timer', () => {
		expect(JOB_KINDS).toEqual(['auto_escalate', 'remind_team', 'remind_leader', 'auto_close']);
		for (const kind of ANSWER_TIMER_KINDS) expect(JOB_KINDS).toContain(kind);
	});
});
