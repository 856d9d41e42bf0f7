/**
 * Opens the database: embedded PGlite by default (data under DATA_DIR), PostgreSQL when
 * DATABASE_URL is set. Both are driven through the same Drizzle pg-core schema and the
 * same migrations folder, so services never know which one they run on.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface OpenDatabase {
	db: Database;
	kind: DatabaseKind;
	migrate(migrationsDir: string): Promise<void>;
	/** Runs `work` while no other server process does the same (a no-op lock for PGlite). */
	exclusively<T>(work: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

export interface OpenOptions {
	databaseUrl: string | null;
	/** Directory for PGlite's files; `null` keeps an embedded database in memory (tests). */
	dataDir: string | null;
	/** Hears every statement the services run (tests that hold a request to its statement count). */
	onQuery?: (query: string) => void;
}

/** An arbitrary constant naming the "migrating and seeding" lock among advisory locks. */
const STARTUP_LOCK = 4_181_220_251;

export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
	const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
	return options.databaseUrl ? openPostgres(options.databaseUrl, logger) : openPglite(options.dataDir, logger);
}

async function openPglite(dataDir: string | null, logger?: Logger): Promise<OpenDatabase> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	let dir: string | undefined;
	if (dataDir) {
		dir = path.join(dataDir, 'pglite');
		await mkdir(dir, { recursive: true });
	}
	const client = new PGlite(dir);
	await client.waitReady;
	const db = drizzle(client, { schema, logger });
	return {
		db: db as unknown as Database,
		kind: 'pglite',
		migrate: (migrationsFolder) => migrate(db, { migrationsFolder }),
		// One PGlite belongs to one process: there is nobody to wait for.
		exclusively: (work) => work(),
		close: () => client.close()
	};
}

async function openPostgres(url: string, logger?: Logger): Promise<OpenDatabase> {
	const { default: pg } = await import('pg');
	const { drizzle } = await import('drizzle-orm/node-postgres');
	const { migrate } = await import('drizzle-orm/node-postgres/migrator');
	const pool = new pg.Pool({ connectionString: url, max: 10 });
	// An idle connection dropped by a database restart must not crash the process; the
	// pool replaces it on the next query.
	pool.on('error', (err) => console.error('PostgreSQL connection lost:', err.message));
	// Fail at start, with the real reason, rather than on the first request.
	await pool.query('select 1').catch(async (err) => {
		await pool.end();
		throw err;
	});
	const db = drizzle(pool, { schema, logger });
	return {
		db: db as unknown as Database,
		kind: 'postgres',
		migrate: (migrationsFolder) => migrate(db, { migrationsFolder }),
		exclusively: async (work) => {
			const client = await pool.connect();
			try {
				await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
				return await work();
			} finally {
				await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => {});
				client.release();
			}
		},
		close: () => pool.end()
	};
}
