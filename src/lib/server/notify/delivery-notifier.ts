/**
 * The notifier the server runs with (notifier.ts's interface): routing decisions become
 * recorded deliveries at once, and a send pass starts right away rather than at the next
 * tick of the job runner, so a leader's phone rings within a second of the report arriving.
 */
import type { Database } from '../db';
import type { Channel } from './channel';
import { batched } from '../util/batched';
import { enqueueAlertBatch, enqueueMissing, runDeliveries } from './deliveries.service';
import type { AlertRequest, Notifier } from './notifier';

export interface DeliveryNotifier extends Notifier {
	/** One pass of sending and climbing (the job runner calls it on its tick). */
	run(now?: Date): Promise<void>;
}

export function deliveryNotifier(db: Database, channels: () => readonly Channel[], origin: string): DeliveryNotifier {
	let running: Promise<void> | null = null;
	let again = false;
	let sweepWanted = false;

	async function pass(sweep: boolean, now?: Date): Promise<void> {
		try {
			// Decisions whose enqueueing a stopped process never did are taken up first — on
			// the runner's tick, not after every report.
			if (sweep) await enqueueMissing(db, channels());
			await runDeliveries(db, channels(), origin, now);
		} catch (err) {
			console.error('A delivery pass failed; the next one retries:', err);
		}
	}

	/** One pass at a time in this process; a request during a pass runs one more after it. */
	function send(sweep: boolean, now?: Date): Promise<void> {
		sweepWanted ||= sweep;
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				const sweepNow = sweepWanted;
				sweepWanted = false;
				await pass(sweepNow, now);
			} while (again);
			running = null;
		})();
		return running;
	}
	const run = (now?: Date) => send(true, now);

	// Alerts handed over while others are being recorded go together: under load one read of
	// the people and one insert serve many reports.
	const record = batched<{ incidentId: string; requests: readonly AlertRequest[] }>(async (batch) => {
		const added = await enqueueAlertBatch(
			db,
			channels(),
			batch.flatMap(({ incidentId, requests }) => requests.map((r) => ({ incidentId, userId: r.userId, reason: r.reason })))
		);
		if (added) void send(false);
	});

	return {
		notify: (incidentId, requests) => record({ incidentId, requests }),
		run
	};
}
