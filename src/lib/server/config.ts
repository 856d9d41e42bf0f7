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
	/**
	 * Seed the demo organisation and users on an empty database. 'auto': only for the
	 * embedded database with no first administrator configured.
	 */
	demo: boolean | 'auto';
	adminUsername: string | null;
	adminPassword: string | null;
	migrationsDir: string;
	/** Run the escalation timers in this process (JOB_RUNNER=0 turns it off, e.g. for a web-only instance). */
	jobRunner: boolean;
	/** The public address links in alerts point to (the same ORIGIN adapter-node reads). */
	origin: string;
	/**
	 * Hosts (and their subdomains) a push subscription may point at: the browsers' push
	 * services. Anything else is refused, so the server cannot be made to call into its own
	 * network (PUSH_SERVICE_HOSTS, comma-separated, replaces the list).
	 */
	pushServiceHosts: string[];
}

export const DEFAULT_PUSH_SERVICE_HOSTS = [
	'fcm.googleapis.com',
	'android.googleapis.com',
	'push.services.mozilla.com',
	'push.apple.com',
	'notify.windows.com'
];

export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
	return {
		databaseUrl: env.DATABASE_URL?.trim() || null,
		dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
		demo: readDemo(env.DEMO),
		adminUsername: env.ADMIN_USERNAME?.trim() || null,
		adminPassword: env.ADMIN_PASSWORD || null,
		migrationsDir: path.resolve(env.MIGRATIONS_DIR?.trim() || 'migrations'),
		jobRunner: env.JOB_RUNNER?.trim() !== '0',
		pushServiceHosts: env.PUSH_SERVICE_HOSTS?.trim()
			? env.PUSH_SERVICE_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
			: DEFAULT_PUSH_SERVICE_HOSTS,
		origin: (env.ORIGIN?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`).replace(/\/+$/, '')
	};
}

/** A typo must not turn the demo (public passwords) on or off by surprise: refuse it. */
function readDemo(value: string | undefined): boolean | 'auto' {
	const v = value?.trim().toLowerCase() ?? '';
	if (v === '') return 'auto';
	if (v === '1' || v === 'true') return true;
	if (v === '0' || v === 'false') return false;
	throw new Error(`DEMO must be 1 or 0 (or unset), not "${value}".`);
}

