/**
 * Network outages seen by this device, kept with their real start and end (device clock).
 * A lost connection is itself an incident (DESIGN.md §4): when the network returns, the
 * officer is offered a prefilled "Mất kết nối Internet" report carrying those times.
 */
import { deviceDb, type DeviceDb, type OutageRow } from './db';

/** Shorter blips (one failed ping, a Wi-Fi hand-over) are not worth a report. */
export const OUTAGE_MIN_MS = 15_000;
/** An outage not answered within a working day is no longer offered. */
export const OUTAGE_OFFER_MAX_AGE_MS = 12 * 60 * 60 * 1000;

export async function noteDown(reason: OutageRow['reason'], at = Date.now(), db: DeviceDb = deviceDb()): Promise<void> {
	await db.transaction('rw', db.outages, async () => {
		const open = await db.outages.filter((o) => o.end === undefined).first();
		if (!open) await db.outages.add({ start: at, reason });
	});
}

export async function noteUp(at = Date.now(), db: DeviceDb = deviceDb()): Promise<void> {
	await db.outages.filter((o) => o.end === undefined).modify({ end: at });
}

/** The latest ended outage long enough to report and not yet answered. */
export async function outageToOffer(now = Date.now(), db: DeviceDb = deviceDb()): Promise<OutageRow | undefined> {
	const ended = await db.outages
		.filter(
			(o) =>
				o.end !== undefined &&
				o.answer === undefined &&
				o.end - o.start >= OUTAGE_MIN_MS &&
				now - o.end <= OUTAGE_OFFER_MAX_AGE_MS
		)
		.toArray();
	return ended.sort((a, b) => b.start - a.start)[0];
}

export async function answerOutage(id: number, answer: NonNullable<OutageRow['answer']>, db: DeviceDb = deviceDb()): Promise<void> {
	await db.outages.update(id, { answer });
}

/** Answers the offer once: false when it was already answered (a double tap, another tab). */
export async function claimOutage(id: number, answer: NonNullable<OutageRow['answer']>, db: DeviceDb = deviceDb()): Promise<boolean> {
	return db.transaction('rw', db.outages, async () => {
		const outage = await db.outages.get(id);
		if (!outage || outage.answer !== undefined) return false;
		await db.outages.update(id, { answer });
		return true;
	});
}

/** Takes an answer back (the report could not be stored after all). */
export async function reopenOutage(id: number, db: DeviceDb = deviceDb()): Promise<void> {
	await db.outages.update(id, { answer: undefined });
}
