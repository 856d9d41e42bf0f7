import { afterAll, beforeAll, beforeEach } from 'vitest';
/**
 * The server tests' shared database fixture.
 *
 * - Without `TEST_DATABASE_URL`: one embedded PGlite database in memory per test file.
 * - With `TEST_DATABASE_URL=postgres://…`: one fresh PostgreSQL database per test file,
 *   created next to the one the URL names (the role needs CREATEDB) and dropped when the
 *   file is done. Test files run in parallel workers; sharing one database would let one
 *   file's reset wipe another file's rows mid-test.
 *
 * Opening and migrating costs seconds on PGlite, so a file opens once (`beforeAll`) and
 * empties the tables between tests with `resetDatabase` (`beforeEach`).
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { CategoryId } from '$lib/domain/incident-catalog';
import type { ContactKind, Role } from '$lib/domain/roles';
import { hashPassword } from '$lib/server/auth/password';
import { openDatabase, type Database, type DatabaseKind } from '$lib/server/db';
import { contacts, units, users, type Contact, type Unit, type User } from '$lib/server/db/schema';
import { scopeOf, type Scope } from '$lib/server/scope';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const MIGRATIONS_DIR = path.resolve('migrations');
/** The password every factory-made user has unless a test gives another. */
export const TEST_PASSWORD = 'mat-khau-thu-nghiem';

export interface TestDatabase {
	db: Database;
	kind: DatabaseKind;
	close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Scratch PostgreSQL databases

export interface ScratchDatabase {
	url: string;
	name: string;
	drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named PostgreSQL database on the server `TEST_DATABASE_URL`
 * points at. `drop()` removes it (ending any connection still open to it).
 */
export async function createScratchDatabase(purpose = 't'): Promise<ScratchDatabase> {
	const baseUrl = process.env.TEST_DATABASE_URL;
	if (!baseUrl) throw new Error('createScratchDatabase needs TEST_DATABASE_URL');
	const base = new URL(baseUrl);
	const baseName = decodeURIComponent(base.pathname.slice(1)) || 'postgres';
	const name = `${baseName}_${purpose}_${process.pid}_${randomBytes(4).toString('hex')}`
		.toLowerCase()
		.replace(/[^a-z0-9_]/g, '_')
		.slice(0, 63);
	await adminQuery(baseUrl, `create database "${name}"`);
	const url = new URL(baseUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		name,
		drop: () => adminQuery(baseUrl, `drop database if exists "${name}" with (force)`)
	};
}

async function adminQuery(url: string, statement: string): Promise<void> {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/**
 * Two server processes' database handles on one fresh, migrated PostgreSQL database (tests
 * of two runners racing); everything is closed and dropped afterwards.
 */
export async function withTwoProcesses(purpose: string, run: (one: Database, two: Database) => Promise<void>): Promise<void> {
	const scratch = await createScratchDatabase(purpose);
	const one = await openDatabase({ databaseUrl: scratch.url, dataDir: null });
	const two = await openDatabase({ databaseUrl: scratch.url, dataDir: null });
	try {
		await one.migrate(MIGRATIONS_DIR);
		await run(one.db, two.db);
	} finally {
		await one.close();
		await two.close();
		await scratch.drop();
	}
}

// ---------------------------------------------------------------------------------------
// The per-file database

/** Opens and migrates this file's database. Call once, in `beforeAll`. */
export async function openTestDatabase(options: { onQuery?: (query: string) => void } = {}): Promise<TestDatabase> {
	const scratch = onPostgres ? await createScratchDatabase() : null;
	const opened = await openDatabase({ databaseUrl: scratch?.url ?? null, dataDir: null, onQuery: options.onQuery });
	try {
		await opened.migrate(MIGRATIONS_DIR);
	} catch (err) {
		await opened.close();
		await scratch?.drop();
		throw err;
	}
	return {
		db: opened.db,
		kind: opened.kind,
		close: async () => {
			await opened.close();
			await scratch?.drop();
		}
	};
}

/** Rows of a raw query, on either driver (PGlite and node-postgres both answer `{ rows }`). */
export async function rowsOf<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as { rows: T[] };
	return result.rows;
}

const tableLists = new WeakMap<Database, string[]>();

/** Names of the application's tables (public schema, without drizzle's bookkeeping). */
export async function listTables(db: Database): Promise<string[]> {
	const rows = await rowsOf<{ table_name: string }>(
		db,
		sql`select table_name from information_schema.tables
			where table_schema = 'public' and table_type = 'BASE TABLE'
			and table_name <> '__drizzle_migrations'
			order by table_name`
	);
	return rows.map((r) => r.table_name);
}

/** Empties every application table. Call in `beforeEach`. */
export async function resetDatabase(db: Database): Promise<void> {
	let tables = tableLists.get(db);
	if (!tables) {
		tables = await listTables(db);
		// Not cached while empty: the database may not be migrated yet.
		if (tables.length > 0) tableLists.set(db, tables);
	}
	if (tables.length === 0) return;
	const list = tables.map((t) => `"public"."${t}"`).join(', ');
	await db.execute(sql.raw(`truncate table ${list} restart identity cascade`));
}

// ---------------------------------------------------------------------------------------
// Factories

let counter = 0;
const next = () => `${++counter}`;

export async function makeProvince(
	db: Database,
	options: { name?: string; slug?: string; active?: boolean } = {}
): Promise<Unit> {
	const n = next();
	const [row] = await db
		.insert(units)
		.values({
			kind: 'province',
			name: options.name ?? `Tỉnh ${n}`,
			slug: options.slug ?? `tinh-${n}`,
			active: options.active ?? true
		})
		.returning();
	return row!;
}

export async function makeWard(
	db: Database,
	provinceId: string,
	options: { name?: string; slug?: string; active?: boolean } = {}
): Promise<Unit> {
	const n = next();
	const [row] = await db
		.insert(units)
		.values({
			kind: 'ward',
			parentId: provinceId,
			name: options.name ?? `Phường ${n}`,
			slug: options.slug ?? `phuong-${n}`,
			serviceCenterName: `Trung tâm Phục vụ Hành chính công ${n}`,
			active: options.active ?? true
		})
		.returning();
	return row!;
}

export async function makeItTeam(
	db: Database,
	provinceId: string,
	categories: readonly CategoryId[] | readonly string[] = [],
	options: { name?: string; slug?: string; active?: boolean } = {}
): Promise<Unit> {
	const n = next();
	const [row] = await db
		.insert(units)
		.values({
			kind: 'it_team',
			parentId: provinceId,
			name: options.name ?? `Tổ Đối ứng ${n}`,
			slug: options.slug ?? `doi-ung-${n}`,
			categories: [...categories],
			active: options.active ?? true
		})
		.returning();
	return row!;
}

const hashes = new Map<string, Promise<string>>();
/** Argon2id is slow on purpose: one hash per distinct password per test file. */
export function passwordHashFor(password: string): Promise<string> {
	let h = hashes.get(password);
	if (!h) {
		h = hashPassword(password);
		hashes.set(password, h);
	}
	return h;
}

export interface MakeUserOptions {
	role: Role;
	unitId: string | null;
	username?: string;
	password?: string;
	fullName?: string;
	isLeader?: boolean;
	isDeputy?: boolean;
	active?: boolean;
	phone?: string | null;
	email?: string | null;
	locale?: string;
	mustChangePassword?: boolean;
}

export async function makeUser(db: Database, options: MakeUserOptions): Promise<User> {
	const n = next();
	const [row] = await db
		.insert(users)
		.values({
			username: (options.username ?? `user${n}`).toLowerCase(),
			fullName: options.fullName ?? `Người dùng ${n}`,
			role: options.role,
			unitId: options.unitId,
			isLeader: options.isLeader ?? false,
			isDeputy: options.isDeputy ?? false,
			active: options.active ?? true,
			phone: options.phone ?? null,
			email: options.email ?? null,
			locale: options.locale ?? 'vi',
			mustChangePassword: options.mustChangePassword ?? false,
			passwordHash: await passwordHashFor(options.password ?? TEST_PASSWORD)
		})
		.returning();
	return row!;
}

export async function makeContact(
	db: Database,
	unitId: string,
	options: { kind?: ContactKind; label?: string; value?: string; sortOrder?: number } = {}
): Promise<Contact> {
	const n = next();
	const [row] = await db
		.insert(contacts)
		.values({
			unitId,
			kind: options.kind ?? 'hotline',
			label: options.label ?? `Liên hệ ${n}`,
			value: options.value ?? `+8491200${n.padStart(4, '0')}`,
			sortOrder: options.sortOrder ?? 0
		})
		.returning();
	return row!;
}

/** The scope a signed-in request would get: the user's unit loaded as the hook does it. */
export async function loadScope(db: Database, user: User): Promise<Scope> {
	const [fresh] = await db.select().from(users).where(eq(users.id, user.id)).limit(1);
	const u = fresh ?? user;
	const [unit] = u.unitId ? await db.select().from(units).where(eq(units.id, u.unitId)).limit(1) : [];
	return scopeOf(u, unit ?? null);
}

/** The driver error behind a failed query (drizzle wraps it), for code and constraint checks. */
export async function dbErrorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string; constraint?: string }> {
	try {
		await promise;
	} catch (err) {
		let e: unknown = err;
		while (e && typeof e === 'object' && !('code' in e) && 'cause' in e && (e as { cause?: unknown }).cause) {
			e = (e as { cause: unknown }).cause;
		}
		const found = e as { code?: string; message?: string; constraint?: string };
		return { code: found.code, message: String(found.message ?? err), constraint: found.constraint };
	}
	throw new Error('expected the query to fail, but it succeeded');
}

/**
 * One migrated database for the whole file, emptied before each test: the lifecycle every
 * server spec wants. Use `t.db` inside tests (it is set once `beforeAll` has run).
 */
export function useTestDatabase(): TestDatabase {
	const handle = {} as TestDatabase;
	beforeAll(async () => {
		Object.assign(handle, await openTestDatabase());
	});
	afterAll(async () => {
		await handle.close?.();
	});
	beforeEach(async () => {
		await resetDatabase(handle.db);
	});
	return handle;
}
