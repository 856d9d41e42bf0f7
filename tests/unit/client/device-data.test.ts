/**
 * The device keeps the signed-in profile and cached organisation data for offline use,
 * and never shows one user's data to the next user of a shared desk PC.
 *
 * There is no server here: every fetch fails as it does on a device with no network.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Profile, UnitDetail } from '$lib/domain/account';
import { deviceDb } from '$lib/client/db';
import { loadUnitDetail } from '$lib/client/org';
import { session } from '$lib/client/session.svelte';

const WARD_ID = '0190a1b2-0000-7000-8000-000000000001';

function profileOf(id: string, fullName: string): Profile {
	return {
		id,
		username: fullName.toLowerCase().replace(/\s/g, ''),
		fullName,
		role: 'desk_officer',
		isLeader: false,
		isDeputy: false,
		phone: '+84912000101',
		email: null,
		locale: 'vi',
		mustChangePassword: false,
		unit: null
	};
}

const ward: UnitDetail = {
	id: WARD_ID,
	kind: 'ward',
	name: 'Phường Thái Hòa',
	slug: 'phuong-thai-hoa',
	parentId: null,
	serviceCenterName: null,
	address: null,
	openingHours: null,
	categories: [],
	active: true,
	contacts: [],
	people: []
};

const lan = profileOf('0190a1b2-0000-7000-8000-0000000000aa', 'Nguyễn Thị Lan');
const hung = profileOf('0190a1b2-0000-7000-8000-0000000000bb', 'Trần Văn Hùng');

beforeEach(async () => {
	const db = deviceDb();
	await Promise.all([db.profile.clear(), db.cache.clear(), db.meta.clear()]);
	session.profile = null;
	session.loaded = false;
});

describe('the signed-in profile on the device', () => {
	it('is read back after a restart of the app, with no network', async () => {
		await session.remember(lan);
		session.profile = null;
		await session.load();
		expect(session.loaded).toBe(true);
		// (Read through a typed local: TypeScript narrowed `profile` to null above.)
		const restored: Profile | null = session.profile as Profile | null;
		expect(restored?.fullName).toBe('Nguyễn Thị Lan');
	});

	it('is cleared by signing out offline, and the server session is ended on the next start', async () => {
		await session.remember(lan);
		await deviceDb().cache.put({ key: `unit:${WARD_ID}`, userId: lan.id, value: ward, savedAt: Date.now() });
		await session.signOut();
		expect(session.profile).toBeNull();
		expect(await deviceDb().profile.count()).toBe(0);
		expect(await deviceDb().cache.count()).toBe(0);
		expect(await deviceDb().meta.get('pendingSignOut')).toEqual({ key: 'pendingSignOut', value: true });
	});
});

describe('cached organisation data', () => {
	it('is shown offline to the user it was fetched for', async () => {
		await deviceDb().cache.put({ key: `unit:${WARD_ID}`, userId: lan.id, value: ward, savedAt: 1_700_000_000_000 });
		const result = await loadUnitDetail(lan.id, WARD_ID);
		expect(result).toEqual({ state: 'cached', value: ward, savedAt: 1_700_000_000_000 });
	});

	it('is never shown to another user of the same device', async () => {
		await deviceDb().cache.put({ key: `unit:${WARD_ID}`, userId: lan.id, value: ward, savedAt: Date.now() });
		expect(await loadUnitDetail(hung.id, WARD_ID)).toEqual({ state: 'missing' });
	});

	it('is missing when nothing was fetched before the network went down', async () => {
		expect(await loadUnitDetail(lan.id, WARD_ID)).toEqual({ state: 'missing' });
	});
});
