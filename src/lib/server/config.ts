/**
 * Everything the server reads from its environment, in one place (documented in the
 * README). Read once per process; tests build their own with `readConfig(env)`.
 */
import path from 'node:path';

export interface ServerConfig {
	/** postgres://… to use PostgreSQL; empty for the embedded PGlite database. */
	databaseUrl: string | null;
	/** Where embedded data lives (PGlite files now, attachments later). */
	dataDir: string;
	/** Seed the demo organisation and users on an empty database. */
	demo: boolean | 'auto';
	adminUsername: string | null;
	adminPassword: string | null;
	migrationsDir: string;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
	const demo = env.DEMO === '1' ? true : env.DEMO === '0' ? false : 'auto';
	return {
		databaseUrl: env.DATABASE_URL?.trim() || null,
		dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
		demo,
		adminUsername: env.ADMIN_USERNAME?.trim() || null,
		adminPassword: env.ADMIN_PASSWORD || null,
		migrationsDir: path.resolve(env.MIGRATIONS_DIR?.trim() || 'migrations')
	};
}
