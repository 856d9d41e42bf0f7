/**
 * The notifier the server runs with (notifier.ts's interface): routing decisions become
 * recorded deliveries at once, and a send pass starts right away rather than at the next
 * tick of the job runner, so a leader's phone rings within a second of the report arriving.
 */
import type { Database } from '../db';
import type { Channel } from './channel';
import { enqueueAlerts, enqueueMissing, runDeliveries } from './deliveries.service';
import type { AlertRequest, Notifier } from './notifier';

export interface DeliveryNotifier extends Notifier {
	/** One pass of sending and climbing (the job runner calls it on its tick). */
	run(now?: Date): Promise<void>;
}

export function deliveryNotifier(db: Database, channels: () => readonly Channel[], origin: string): DeliveryNotifier {
	let running: Promise<void> | null = null;
	let again = false;

	async function pass(now?: Date): Promise<void> {
		try {
			// Decisions whose enqueueing a stopped process never did are taken up first.
			await enqueueMissing(db, channels());
			await runDeliveries(db, channels(), origin, now);
		} catch (err) {
			console.error('A delivery pass failed; the next one retries:', err);
		}
	}

	/** One pass at a time in this process; a request during a pass runs one more after it. */
	function run(now?: Date): Promise<void> {
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				await pass(now);
			} while (again);
			running = null;
		})();
		return running;
	}

	return {
		async notify(incidentId: string, requests: readonly AlertRequest[]) {
			const added = await enqueueAlerts(
				db,
				channels(),
				incidentId,
				requests.map((r) => ({ userId: r.userId, reason: r.reason }))
			);
			if (added) void run();
		},
		run
	};
}
