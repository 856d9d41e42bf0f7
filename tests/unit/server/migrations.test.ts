import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type OpenDatabase } from '$lib/server/db';
import { units, users } from '$lib/server/db/schema';
import {
	createScratchDatabase,
	dbErrorOf,
	listTables,
	makeProvince,
	makeUser,
	makeWard,
	MIGRATIONS_DIR,
	onPostgres,
	resetDatabase,
	rowsOf,
	type ScratchDatabase
} from './test-db';

const EXPECTED_TABLES = [
	'app_meta',
	'audit_log',
	'contacts',
	'deliveries',
	'incident_attachments',
	'incident_events',
	'incident_recipients',
	'incident_reports',
	'incident_units',
	'incidents',
	'jobs',
	'notification_prefs',
	'procedure_files',
	'procedures',
	'push_subscriptions',
	'sessions',
	'sign_in_failures',
	'units',
	'users',
	'ward_notice_audio'
];

/**
 * One fresh, empty database for the whole file (a new in-memory PGlite, or a new
 * PostgreSQL database): the first block migrates it from nothing, the second reuses it
 * (running `migrate` again first, which the first block shows is harmless).
 */
let scratch: ScratchDatabase | null = null;
let opened: OpenDatabase;

beforeAll(async () => {
	scratch = onPostgres ? await createScratchDatabase('mig') : null;
	opened = await openDatabase({ databaseUrl: scratch?.url ?? null, dataDir: null });
});

afterAll(async () => {
	await opened?.close();
	await scratch?.drop();
});

describe(`migrations on an empty ${onPostgres ? 'PostgreSQL' : 'PGlite'} database`, () => {
	it('starts with no tables at all', async () => {
		expect(opened.kind).toBe(onPostgres ? 'postgres' : 'pglite');
		expect(await listTables(opened.db)).toEqual([]);
	});

	it('creates every table of the schema', async () => {
		await opened.migrate(MIGRATIONS_DIR);
		expect(await listTables(opened.db)).toEqual(EXPECTED_TABLES);
	});

	it('is harmless to run again: nothing re-applied, rows kept', async () => {
		await opened.migrate(MIGRATIONS_DIR);
		await resetDatabase(opened.db);
		await opened.db.insert(units).values({ kind: 'province', name: 'Nghệ An', slug: 'nghe-an' });
		const applied = async () =>
			(await rowsOf<{ n: number | string }>(opened.db, sql`select count(*) as n from drizzle.__drizzle_migrations`))[0]!.n;
		const before = Number(await applied());
		expect(before).toBeGreaterThan(0);

		await opened.migrate(MIGRATIONS_DIR);

		expect(Number(await applied())).toBe(before);
		expect(await listTables(opened.db)).toEqual(EXPECTED_TABLES);
		const rows = await opened.db.select().from(units).where(eq(units.slug, 'nghe-an'));
		expect(rows).toHaveLength(1);
	});
});

describe('schema constraints', () => {
	beforeAll(async () => {
		await opened.migrate(MIGRATIONS_DIR);
	});
	beforeEach(async () => {
		await resetDatabase(opened.db);
	});

	it('allows one active Response Team leader per ward, not two', async () => {
		const province = await makeProvince(opened.db);
		const w1 = await makeWard(opened.db, province.id);
		const w2 = await makeWard(opened.db, province.id);
		await makeUser(opened.db, { role: 'ward_responder', unitId: w1.id, isLeader: true });

		const refused = await dbErrorOf(makeUser(opened.db, { role: 'ward_responder', unitId: w1.id, isLeader: true }));
		expect(refused.code).toBe('23505');
		expect(`${refused.constraint ?? ''} ${refused.message}`).toContain('users_one_leader_per_unit');

		// Another ward has its own leader.
		const other = await makeUser(opened.db, { role: 'ward_responder', unitId: w2.id, isLeader: true });
		expect(other.isLeader).toBe(true);

		const leaders = await opened.db.select().from(users).where(eq(users.isLeader, true));
		expect(leaders.map((u) => u.unitId).sort()).toEqual([w1.id, w2.id].sort());
	});

	it('lets a ward name a new leader once the old one is deactivated', async () => {
		const province = await makeProvince(opened.db);
		const ward = await makeWard(opened.db, province.id);
		const old = await makeUser(opened.db, { role: 'ward_responder', unitId: ward.id, isLeader: true });
		await opened.db.update(users).set({ active: false }).where(eq(users.id, old.id));

		const successor = await makeUser(opened.db, { role: 'ward_responder', unitId: ward.id, isLeader: true });
		expect(successor.isLeader).toBe(true);
		// Reactivating the old leader would make two: refused.
		const refused = await dbErrorOf(opened.db.update(users).set({ active: true }).where(eq(users.id, old.id)));
		expect(refused.code).toBe('23505');
	});

	it('allows one active deputy per ward', async () => {
		const province = await makeProvince(opened.db);
		const ward = await makeWard(opened.db, province.id);
		await makeUser(opened.db, { role: 'ward_responder', unitId: ward.id, isDeputy: true });
		const refused = await dbErrorOf(makeUser(opened.db, { role: 'ward_responder', unitId: ward.id, isDeputy: true }));
		expect(refused.code).toBe('23505');
		expect(`${refused.constraint ?? ''} ${refused.message}`).toContain('users_one_deputy_per_unit');
		// Ordinary members are not limited.
		await makeUser(opened.db, { role: 'ward_responder', unitId: ward.id });
		await makeUser(opened.db, { role: 'ward_responder', unitId: ward.id });
		const members = await opened.db.select().from(users).where(eq(users.unitId, ward.id));
		expect(members).toHaveLength(3);
	});

	it('refuses a second user with the same username and a second unit with the same slug', async () => {
		const province = await makeProvince(opened.db, { slug: 'nghe-an' });
		await makeUser(opened.db, { role: 'desk_officer', unitId: province.id, username: 'motcua' });
		expect((await dbErrorOf(makeUser(opened.db, { role: 'admin', unitId: null, username: 'motcua' }))).code).toBe('23505');
		expect((await dbErrorOf(makeProvince(opened.db, { slug: 'nghe-an' }))).code).toBe('23505');
	});
});

describe.runIf(onPostgres)('several server instances starting together (PostgreSQL only)', () => {
	it('migrate and seed one at a time, so every instance starts and nothing is seeded twice', async () => {
		const { seedProcedures } = await import('$lib/server/checklist/procedures.service');
		const fresh = await createScratchDatabase('start');
		const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: fresh.url, dataDir: null })));
		try {
			await Promise.all(
				instances.map((instance) =>
					instance.exclusively(async () => {
						await instance.migrate(MIGRATIONS_DIR);
						await seedProcedures(instance.db);
					})
				)
			);
			const [row] = await rowsOf<{ n: number }>(instances[0]!.db, sql`select count(*)::int as n from procedures`);
			expect(row!.n).toBe(15);
		} finally {
			await Promise.all(instances.map((instance) => instance.close()));
			await fresh.drop();
		}
	});
});
