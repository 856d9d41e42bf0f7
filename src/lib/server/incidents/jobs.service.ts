/**
 * The escalation timers as database rows (domain/timers.ts). A timer is scheduled in the
 * transaction that makes it needed, cancelled in the one that makes it pointless, and run
 * by whichever server process claims it first: `FOR UPDATE SKIP LOCKED` hands each due row
 * to one runner, and the row is finished in the same transaction as its effect, so a timer
 * fires once even with several processes, and a crash before commit leaves it due.
 */
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { timerSettings, type JobKind, type Timer, type TimerSettings } from '$lib/domain/timers';
import type { Database } from '../db';
import { jobs, units, type Job } from '../db/schema';
import type { Tx } from './grouping';

/** A ward's timers: its own settings where it has them (the administration area), the defaults elsewhere. */
export async function wardTimerSettings(tx: Tx, wardId: string): Promise<TimerSettings> {
	const [ward] = await tx
		.select({ escalateAfterMinutes: units.escalateAfterMinutes, remindAfterMinutes: units.remindAfterMinutes })
		.from(units)
		.where(eq(units.id, wardId))
		.limit(1);
	return timerSettings(ward ?? {});
}

export async function scheduleTimers(tx: Tx, incidentId: string, timers: readonly Timer[]): Promise<void> {
	if (timers.length === 0) return;
	// A timer of the same kind still pending (a reopened incident) is replaced, not doubled.
	await cancelTimers(
		tx,
		incidentId,
		timers.map((t) => t.kind),
		'replaced'
	);
	await startTimers(tx, incidentId, timers);
}

/** The first timers of a new incident (it has none to replace). */
export async function startTimers(tx: Tx, incidentId: string, timers: readonly Timer[]): Promise<void> {
	if (timers.length) await tx.insert(jobs).values(timers.map((t) => ({ incidentId, kind: t.kind, runAt: t.runAt })));
}

export async function cancelTimers(tx: Tx, incidentId: string, kinds: readonly JobKind[], outcome = 'cancelled'): Promise<void> {
	await tx
		.update(jobs)
		.set({ finishedAt: sql`now()`, outcome })
		.where(and(eq(jobs.incidentId, incidentId), inArray(jobs.kind, [...kinds]), isNull(jobs.finishedAt)));
}

export type JobHandler = (tx: Tx, job: Job, now: Date) => Promise<'done' | 'skipped'>;

/** A failing job is tried again later, a few times, then left with its error for a person to see. */
const MAX_ATTEMPTS = 5;
const RETRY_AFTER_MS = 60_000;

/**
 * Claims and runs up to `limit` due jobs, each in its own transaction. The handler runs in a
 * savepoint: if it fails, its half-done work is undone but the claim stays, so the failure
 * is recorded on that very job (tried again later, a few times, then left for a person).
 * Returns the jobs that ran, for the caller's after-commit work (live updates, notifications).
 */
export async function runDueJobs(db: Database, handle: JobHandler, now: Date, limit = 20): Promise<Job[]> {
	const ran: Job[] = [];
	for (let i = 0; i < limit; i++) {
		const job = await db.transaction(async (tx) => {
			const [due] = await tx
				.select()
				.from(jobs)
				.where(and(isNull(jobs.finishedAt), lte(jobs.runAt, now)))
				.orderBy(asc(jobs.runAt))
				.limit(1)
				.for('update', { skipLocked: true });
			if (!due) return undefined;
			const attempts = due.attempts + 1;
			try {
				const outcome = await tx.transaction((inner) => handle(inner, due, now));
				await tx.update(jobs).set({ finishedAt: now, outcome, attempts }).where(eq(jobs.id, due.id));
				return { ...due, outcome, attempts };
			} catch (err) {
				console.error(`The timer ${due.kind} of incident ${due.incidentId} failed:`, err);
				const lastError = err instanceof Error ? err.message : String(err);
				await tx
					.update(jobs)
					.set(
						attempts >= MAX_ATTEMPTS
							? { attempts, lastError, finishedAt: now, outcome: 'failed' }
							: { attempts, lastError, runAt: new Date(now.getTime() + RETRY_AFTER_MS * attempts) }
					)
					.where(eq(jobs.id, due.id));
				return { ...due, outcome: 'failed', attempts };
			}
		});
		if (!job) break;
		if (job.outcome !== 'failed') ran.push(job);
	}
	return ran;
}
