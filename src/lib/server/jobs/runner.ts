/**
 * The job runner of one server process: every few seconds it runs the due escalation timers
 * (incidents/jobs.service.ts claims each for one process), then tells screens and the
 * notification layer what changed. Runs beside the web server; stops with it.
 */
import type { Database } from '../db';
import { afterCommit, noEffects } from '../incidents/after-commit';
import { runDueJobs } from '../incidents/jobs.service';
import { timerHandler } from '../incidents/timers.service';

/** Timers are minutes long: a few seconds late is unnoticeable, and the poll is one indexed query. */
export const RUNNER_INTERVAL_MS = 5_000;

/** Runs what is due at `now` and the after-commit work; returns how many jobs ran. */
export async function runTimersOnce(db: Database, now = new Date()): Promise<number> {
	const effects = noEffects();
	const ran = await runDueJobs(db, timerHandler(effects), now);
	if (ran.length) await afterCommit(db, effects);
	return ran.length;
}

/** `alsoEachTick`: the deliveries' send pass (retries, the ladder) rides on the same tick. */
export function startJobRunner(db: Database, alsoEachTick?: () => Promise<void>, intervalMs = RUNNER_INTERVAL_MS): () => void {
	let running = false;
	const tick = async () => {
		// A slow pass (a busy database) is not overlapped by the next one.
		if (running) return;
		running = true;
		try {
			await runTimersOnce(db);
			await alsoEachTick?.();
		} catch (err) {
			console.error('The job runner failed a pass; it tries again shortly:', err);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), intervalMs);
	timer.unref();
	void tick();
	return () => clearInterval(timer);
}
