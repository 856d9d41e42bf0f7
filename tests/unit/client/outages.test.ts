/**
 * Outages seen by the device: one open outage at a time, closed with its end time, and the
 * reconnect offer — only for outages long enough to matter, not yet answered, the latest
 * first. Times are passed in, as the device clock would give them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceDb } from '$lib/client/db';
import {
	OUTAGE_MIN_MS,
	OUTAGE_OFFER_MAX_AGE_MS,
	answerOutage,
	noteDown,
	noteUp,
	outageToOffer
} from '$lib/client/outages';

const T0 = Date.parse('2026-11-25T01:00:00Z'); // 08:00 in Vietnam
const MINUTE = 60_000;

let db: DeviceDb;

beforeEach(() => {
	db = new DeviceDb(`test-${crypto.randomUUID()}`);
});

afterEach(async () => {
	await db.delete();
});

describe('noteDown and noteUp', () => {
	it('open one outage even when the loss is noticed twice, and keep its first start', async () => {
		await noteDown('offline', T0, db);
		await noteDown('server_unreachable', T0 + MINUTE, db);
		expect(await db.outages.toArray()).toEqual([{ id: expect.any(Number), start: T0, reason: 'offline' }]);
	});

	it('close the open outage with the time the connection came back', async () => {
		await noteDown('server_unreachable', T0, db);
		await noteUp(T0 + 5 * MINUTE, db);
		const [outage] = await db.outages.toArray();
		expect(outage).toMatchObject({ start: T0, end: T0 + 5 * MINUTE, reason: 'server_unreachable' });
	});

	it('open a new outage after the previous one ended, and leave ended ones alone', async () => {
		await noteDown('offline', T0, db);
		await noteUp(T0 + MINUTE, db);
		await noteDown('offline', T0 + 10 * MINUTE, db);
		await noteUp(T0 + 12 * MINUTE, db);
		await noteUp(T0 + 20 * MINUTE, db); // nothing open: changes nothing
		const outages = await db.outages.orderBy('start').toArray();
		expect(outages.map((o) => [o.start - T0, (o.end ?? 0) - T0])).toEqual([
			[0, MINUTE],
			[10 * MINUTE, 12 * MINUTE]
		]);
	});
});

describe('outageToOffer', () => {
	it('offers nothing while the outage is still going on', async () => {
		await noteDown('offline', T0, db);
		expect(await outageToOffer(T0 + 30 * MINUTE, db)).toBeUndefined();
	});

	it('ignores a blip shorter than the minimum and offers one that lasted exactly the minimum', async () => {
		await noteDown('offline', T0, db);
		await noteUp(T0 + OUTAGE_MIN_MS - 1, db);
		expect(await outageToOffer(T0 + MINUTE, db)).toBeUndefined();

		await noteDown('offline', T0 + 2 * MINUTE, db);
		await noteUp(T0 + 2 * MINUTE + OUTAGE_MIN_MS, db);
		expect(await outageToOffer(T0 + 3 * MINUTE, db)).toMatchObject({ start: T0 + 2 * MINUTE });
	});

	it('offers the latest of several outages', async () => {
		for (const startMinute of [0, 60, 30]) {
			await db.outages.add({ start: T0 + startMinute * MINUTE, end: T0 + (startMinute + 10) * MINUTE, reason: 'offline' });
		}
		expect(await outageToOffer(T0 + 2 * 60 * MINUTE, db)).toMatchObject({ start: T0 + 60 * MINUTE, end: T0 + 70 * MINUTE });
	});

	it('no longer offers an outage once it is answered, and then offers the one before', async () => {
		await noteDown('offline', T0, db);
		await noteUp(T0 + 10 * MINUTE, db);
		await noteDown('server_unreachable', T0 + 20 * MINUTE, db);
		await noteUp(T0 + 40 * MINUTE, db);
		const now = T0 + 45 * MINUTE;

		const latest = await outageToOffer(now, db);
		expect(latest).toMatchObject({ start: T0 + 20 * MINUTE, reason: 'server_unreachable' });
		await answerOutage(latest!.id!, 'reported', db);

		const earlier = await outageToOffer(now, db);
		expect(earlier).toMatchObject({ start: T0, end: T0 + 10 * MINUTE });
		await answerOutage(earlier!.id!, 'dismissed', db);
		expect(await outageToOffer(now, db)).toBeUndefined();
	});

	it('stops offering an outage that ended more than a working day ago', async () => {
		await noteDown('offline', T0, db);
		await noteUp(T0 + 10 * MINUTE, db);
		expect(await outageToOffer(T0 + 10 * MINUTE + OUTAGE_OFFER_MAX_AGE_MS, db)).toBeDefined();
		expect(await outageToOffer(T0 + 10 * MINUTE + OUTAGE_OFFER_MAX_AGE_MS + 1, db)).toBeUndefined();
	});
});
