/**
 * Reading the device database without Dexie: who is signed in, whether an outage is open,
 * whether work waits in the outbox. A device that never had the database keeps not having
 * one, and Dexie opens (and upgrades) the same database afterwards as if nothing had looked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceDb, type OutageRow, type ProfileRow } from '$lib/client/db';
import { DEVICE_DB_NAME, peekAny, peekRow } from '$lib/client/db-peek';

const lan = { id: '0190a1b2-0000-7000-8000-0000000000aa', fullName: 'Nguyễn Thị Lan' } as ProfileRow['profile'];

async function databaseNames(): Promise<string[]> {
	return (await indexedDB.databases()).map((d) => d.name ?? '');
}

afterEach(async () => {
	await new DeviceDb().delete();
});

describe('peeking into the device database', () => {
	it('finds nothing on a device that never had the database, and does not create it', async () => {
		expect(await peekRow<ProfileRow>('profile', 'me')).toBeUndefined();
		expect(await peekAny<OutageRow>('outages', () => true)).toBe(false);
		expect(await databaseNames()).not.toContain(DEVICE_DB_NAME);
	});

	it('reads what Dexie wrote, while Dexie keeps the database open', async () => {
		const db = new DeviceDb();
		await db.profile.put({ key: 'me', profile: lan, savedAt: 1 });
		await db.outages.bulkAdd([
			{ start: 1, end: 2, reason: 'offline' },
			{ start: 3, reason: 'server_unreachable' }
		]);
		expect((await peekRow<ProfileRow>('profile', 'me'))?.profile.fullName).toBe('Nguyễn Thị Lan');
		expect(await peekRow<ProfileRow>('profile', 'someone-else')).toBeUndefined();
		expect(await peekAny<OutageRow>('outages', (o) => o.end === undefined)).toBe(true);
		expect(await peekAny<OutageRow>('outages', (o) => o.start > 10)).toBe(false);
		db.close();
	});

	it('never stands in the way of Dexie: after a peek found nothing, Dexie creates the database with every table', async () => {
		expect(await peekRow('profile', 'me')).toBeUndefined();
		const db = new DeviceDb();
		await db.drafts.put({ userId: lan.id, reportId: 'r', fields: {}, editing: false, savedAt: 1 });
		expect(await db.drafts.count()).toBe(1);
		expect(await peekRow('drafts', lan.id)).toMatchObject({ reportId: 'r' });
		db.close();
	});
});
