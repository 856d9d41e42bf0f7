/**
 * What may happen to the outbox in its property (outbox-drain.property.test.ts): the steps a
 * case is made of, how fast-check makes them up, and the cases once found, replayed first.
 */
import fc from 'fast-check';
import type { Fault } from './outbox-wire';

/** What the officer does; `target` picks one of the reports made so far (modulo their number). */
export type OfficerStep =
	| { t: 'queue'; files: number }
	| { t: 'act'; target: number; versioned: boolean }
	| { t: 'edit'; target: number }
	| { t: 'withdraw'; target: number }
	/** "Thử gửi lại", on one of the reports that show it. */
	| { t: 'retry'; target: number }
	/** "Gửi thành báo cáo mới", on one of the reports that show it (after a 409). */
	| { t: 'resend'; target: number }
	/** The server holds another version under the report's id (its create had left): its send answers 409. */
	| { t: 'conflict'; target: number };

export type Step =
	| OfficerStep
	/**
	 * One drain; its n-th request meets `faults[n]`; `during` happens just before request `at`.
	 * `timer`: the scheduler's timer starts it, so the clock first moves on to when it was due.
	 */
	| { t: 'drain'; faults: (Fault | null)[]; timer: boolean; during?: { at: number; step: OfficerStep } }
	/** The server fails every request (500) over `drains` drains, `minutes` apart. */
	| { t: 'failing'; drains: number; minutes: number }
	/** Two tabs drain at the same moment. */
	| { t: 'race' }
	/** The tab is closed and opened again. */
	| { t: 'restart' }
	| { t: 'clock'; minutes: number };

const target = fc.nat(15);
export const officerStep: fc.Arbitrary<OfficerStep> = fc.oneof(
	{ weight: 5, arbitrary: fc.record({ t: fc.constant('queue' as const), files: fc.integer({ min: 0, max: 2 }) }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('act' as const), target, versioned: fc.boolean() }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('edit' as const), target }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('withdraw' as const), target }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('retry' as const), target }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('resend' as const), target }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('conflict' as const), target }) }
);
/** While a drain runs, the steps that race with it most: the buttons on a report, edits, withdrawals. */
export const racingStep: fc.Arbitrary<OfficerStep> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ t: fc.constant('retry' as const), target }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('resend' as const), target }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('edit' as const), target }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('withdraw' as const), target }) },
	officerStep
);
export const fault: fc.Arbitrary<Fault | null> = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(null) },
	{ weight: 4, arbitrary: fc.constantFrom<Fault>('offline', 'down', 'error_500', 'busy', 'expired', 'lost', 'throw', 'hang') }
);
export const step: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 5, arbitrary: officerStep },
	{
		weight: 6,
		arbitrary: fc.record({
			t: fc.constant('drain' as const),
			faults: fc.array(fault, { maxLength: 5 }),
			timer: fc.boolean(),
			during: fc.option(fc.record({ at: fc.nat(4), step: racingStep }), { nil: undefined, freq: 3 })
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({ t: fc.constant('failing' as const), drains: fc.integer({ min: 1, max: 7 }), minutes: fc.integer({ min: 0, max: 5 }) })
	},
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('race' as const) }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const) }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('clock' as const), minutes: fc.integer({ min: 1, max: 15 }) }) }
);

/** Each case begins with one to three reports waiting, with up to two files each. */
export const firstReports = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 });

/**
 * Cases once found by this property (or by reading the drain with it), always played first:
 * the fixes they led to stay fixed whatever the seed.
 */
export const FOUND: [number[], Step[]][] = [
	// An action on a report the server stored but the device never heard: the report went on
	// being "queued" after it went (the action's entry was counted as one of its own).
	[[0], [{ t: 'drain', faults: ['hang'], timer: false }, { t: 'act', target: 0, versioned: false }]],
	// Four 500s, a 409, sent as a new report: held after its first 500 (the run was carried over).
	[
		[0],
		[
			{ t: 'failing', drains: 4, minutes: 4 },
			{ t: 'conflict', target: 0 },
			{ t: 'drain', faults: [], timer: false },
			{ t: 'resend', target: 0 },
			{ t: 'drain', faults: ['error_500'], timer: false }
		]
	],
	// Held, then sent by itself ten minutes later, as "Thử gửi lại" lands: it became "queued" again.
	[
		[0],
		[
			{ t: 'failing', drains: 6, minutes: 2 },
			{ t: 'clock', minutes: 10 },
			{ t: 'drain', faults: [], timer: false, during: { at: 1, step: { t: 'retry', target: 0 } } }
		]
	]
];
