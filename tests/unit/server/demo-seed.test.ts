import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { NETWORK_AND_PROVINCIAL_CATEGORY_IDS } from '$lib/domain/incident-catalog';
import { normalizePhone } from '$lib/domain/phone';
import { signIn } from '$lib/server/auth/sign-in.service';
import { readConfig } from '$lib/server/config';
import type { Database } from '$lib/server/db';
import { appMeta, contacts, units, users } from '$lib/server/db/schema';
import { changeOwnPassword } from '$lib/server/org/users.service';
import { getDb, getDbKind, startServer, stopServer } from '$lib/server/runtime';
import {
	DEMO_PASSWORD,
	DEMO_USERS,
	DEMO_WARD_SLUG,
	isDatabaseEmpty,
	seedDemo,
	wasDemoSeeded
} from '$lib/server/seed/demo';
import {
	createScratchDatabase,
	MIGRATIONS_DIR,
	onPostgres,
	openTestDatabase,
	resetDatabase,
	type TestDatabase
} from './test-db';

const EXPECTED_USERS = [
	['doanhnghiep', 'vendor_team', false],
	['motcua', 'desk_officer', false],
	['quantri', 'admin', false],
	['tinh', 'province_team', false],
	['totruong', 'ward_responder', true],
	['ungcuu', 'ward_responder', false]
] as const;

const signInAs = (db: Database, username: string, password: string) =>
	signIn(db, { username, password, address: '127.0.0.1', userAgent: 'vitest' });

describe('seedDemo', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase();
	});
	afterAll(async () => {
		await t?.close();
	});
	beforeEach(async () => {
		await resetDatabase(t.db);
	});

	it('seeds the demo organisation into an empty database', async () => {
		expect(await isDatabaseEmpty(t.db)).toBe(true);
		expect(await wasDemoSeeded(t.db)).toBe(false);

		await seedDemo(t.db);

		expect(await isDatabaseEmpty(t.db)).toBe(false);
		expect(await wasDemoSeeded(t.db)).toBe(true);
		const all = await t.db.select().from(units).orderBy(asc(units.kind));
		expect(all.map((u) => u.kind)).toEqual(['province', 'ward', 'it_team']);
		const [province, ward, team] = all;
		expect(province).toMatchObject({ name: 'Nghệ An', parentId: null, active: true });
		expect(ward).toMatchObject({ slug: DEMO_WARD_SLUG, name: 'Phường Thái Hòa', parentId: province!.id });
		expect(DEMO_WARD_SLUG).toBe('phuong-thai-hoa');
		expect(ward!.serviceCenterName).toBeTruthy();
		expect(team).toMatchObject({ parentId: province!.id });
		expect(NETWORK_AND_PROVINCIAL_CATEGORY_IDS).toEqual(
			expect.arrayContaining(['internet_desk', 'internet_section', 'provincial_system'])
		);
		expect(team!.categories).toEqual(expect.arrayContaining([...NETWORK_AND_PROVINCIAL_CATEGORY_IDS]));

		const byUnit = async (unitId: string) => t.db.select().from(contacts).where(eq(contacts.unitId, unitId));
		for (const unit of all) expect((await byUnit(unit.id)).length).toBeGreaterThan(0);
		const hotlines = (await t.db.select().from(contacts)).filter((c) => c.kind === 'hotline' || c.kind === 'phone');
		for (const c of hotlines) expect(normalizePhone(c.value)).toBe(c.value);
	});

	it('creates exactly the six demo users, one per role, each with a phone and an e-mail', async () => {
		await seedDemo(t.db);
		const [province] = await t.db.select().from(units).where(eq(units.kind, 'province'));
		const [ward] = await t.db.select().from(units).where(eq(units.slug, DEMO_WARD_SLUG));
		const [team] = await t.db.select().from(units).where(eq(units.kind, 'it_team'));
		const rows = await t.db.select().from(users).orderBy(asc(users.username));
		expect(rows.map((u) => [u.username, u.role, u.isLeader])).toEqual(EXPECTED_USERS.map((u) => [...u]));

		const unitOf = Object.fromEntries(rows.map((u) => [u.username, u.unitId]));
		expect(unitOf).toEqual({
			motcua: ward!.id,
			totruong: ward!.id,
			ungcuu: ward!.id,
			tinh: province!.id,
			doanhnghiep: team!.id,
			quantri: province!.id
		});
		for (const u of rows) {
			expect(u.phone, u.username).toMatch(/^\+84\d{9,10}$/);
			expect(normalizePhone(u.phone!), u.username).toBe(u.phone);
			expect(u.email, u.username).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
			expect(u.active).toBe(true);
			expect(u.fullName).toBeTruthy();
		}
		expect(new Set(rows.map((u) => u.phone)).size).toBe(6);
	});

	it(`lets every demo user sign in with "${DEMO_PASSWORD}"`, async () => {
		await seedDemo(t.db);
		expect(DEMO_PASSWORD).toBe('demo1234');
		for (const { username } of DEMO_USERS) {
			const result = await signInAs(t.db, username, 'demo1234');
			expect({ username, ok: result.ok }).toEqual({ username, ok: true });
		}
	});
});

describe('server start (runtime.ts, embedded PGlite on disk)', () => {
	let dataDir: string;
	let info: ReturnType<typeof vi.spyOn>;

	beforeEach(async () => {
		dataDir = await mkdtemp(path.join(tmpdir(), 'ucmc-runtime-'));
		info = vi.spyOn(console, 'info').mockImplementation(() => {});
		vi.spyOn(console, 'warn').mockImplementation(() => {});
	});
	afterEach(async () => {
		await stopServer();
		vi.restoreAllMocks();
		await rm(dataDir, { recursive: true, force: true });
	});

	const printed = () => info.mock.calls.map((c: unknown[]) => c.join(' ')).join('\n');
	const embedded = (extra: Record<string, string> = {}) =>
		readConfig({ DATA_DIR: dataDir, MIGRATIONS_DIR: MIGRATIONS_DIR, ...extra });

	it('runs the demo on a first start, and a restart neither re-seeds nor resets passwords', async () => {
		expect(() => getDb()).toThrow();
		await startServer(embedded());
		expect(getDbKind()).toBe('pglite');
		const db = getDb();
		expect(await wasDemoSeeded(db)).toBe(true);
		expect(printed()).toContain('motcua');
		expect(printed()).toContain(DEMO_PASSWORD);

		const signedIn = await signInAs(db, 'motcua', DEMO_PASSWORD);
		if (!signedIn.ok) throw new Error('demo user cannot sign in');
		const [seededAt] = await db.select().from(appMeta).where(eq(appMeta.key, 'demo_seeded'));
		expect(
			await changeOwnPassword(db, signedIn.user, 'no-other-session', { currentPassword: DEMO_PASSWORD, newPassword: 'mat-khau-rieng-1', address: '192.0.2.1' })
		).toEqual({ ok: true });
		await stopServer();
		expect(() => getDb()).toThrow();

		await startServer(embedded());
		const again = getDb();
		expect(await again.select().from(units)).toHaveLength(3);
		expect(await again.select().from(users)).toHaveLength(6);
		expect(await again.select().from(appMeta).where(eq(appMeta.key, 'demo_seeded'))).toEqual([seededAt]);
		expect(await signInAs(again, 'motcua', DEMO_PASSWORD)).toEqual({ ok: false, reason: 'invalid_credentials' });
		expect((await signInAs(again, 'motcua', 'mat-khau-rieng-1')).ok).toBe(true);
	});

	it('with DEMO=0 and ADMIN_USERNAME/ADMIN_PASSWORD creates only one system administrator', async () => {
		await startServer(embedded({ DEMO: '0', ADMIN_USERNAME: 'Root', ADMIN_PASSWORD: 'mat-khau-quan-tri' }));
		const db = getDb();
		expect(await db.select().from(units)).toEqual([]);
		const rows = await db.select().from(users);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ username: 'root', role: 'admin', unitId: null, active: true });
		expect(await wasDemoSeeded(db)).toBe(false);
		expect((await signInAs(db, 'root', 'mat-khau-quan-tri')).ok).toBe(true);
		expect(printed()).not.toContain(DEMO_PASSWORD);
	});

	it('a restart of a non-demo install with ADMIN_* still set starts cleanly', async () => {
		const config = embedded({ DEMO: '0', ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'mat-khau-quan-tri' });
		await startServer(config);
		await stopServer();
		await startServer(config);
		expect(await getDb().select().from(users)).toHaveLength(1);
	});
});

describe.runIf(onPostgres)('server start with DATABASE_URL (PostgreSQL only)', () => {
	beforeEach(() => {
		vi.spyOn(console, 'info').mockImplementation(() => {});
		vi.spyOn(console, 'warn').mockImplementation(() => {});
	});
	afterEach(async () => {
		await stopServer();
		vi.restoreAllMocks();
	});

	it('does not run the demo unless DEMO=1', async () => {
		const scratch = await createScratchDatabase('rt');
		try {
			await startServer(readConfig({ DATABASE_URL: scratch.url, MIGRATIONS_DIR }));
			expect(getDbKind()).toBe('postgres');
			expect(await isDatabaseEmpty(getDb())).toBe(true);
			expect(await getDb().select().from(users)).toEqual([]);
			await stopServer();

			await startServer(readConfig({ DATABASE_URL: scratch.url, MIGRATIONS_DIR, DEMO: '1' }));
			expect(await wasDemoSeeded(getDb())).toBe(true);
			expect(await getDb().select().from(users)).toHaveLength(6);
		} finally {
			await stopServer();
			await scratch.drop();
		}
	});
});
