/**
 * The bench's own harness: the built app started as in production (`scripts/serve.js`) on a
 * fresh embedded database or a fresh PostgreSQL database, stopped — and its data removed —
 * whatever happens to the measurement, and given a loaded machine's time to start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const START_TIMEOUT_MS = 120_000;

/** A fresh, empty PostgreSQL database next to the one `url` names; `drop()` removes it. */
export async function scratchPostgres(url, purpose = 'bench') {
	const name = `${purpose}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/g, '_');
	await adminQuery(url, `create database "${name}"`);
	const scratch = new URL(url);
	scratch.pathname = `/${name}`;
	return { url: scratch.toString(), drop: () => adminQuery(url, `drop database if exists "${name}" with (force)`) };
}

async function adminQuery(url, statement) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/** Whether PostgreSQL answers at `url` (the PostgreSQL parts of the bench are skipped otherwise). */
export async function postgresReachable(url) {
	if (!url) return false;
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

/**
 * Runs `work({ base, pid, rssMb })` against a started server and always stops it. `databaseUrl`
 * null: the embedded database in a fresh DATA_DIR (demo data seeded); otherwise that database,
 * with the demo seeded into it.
 */
export async function withServer({ port, databaseUrl = null, env = {} }, work) {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'ucmc-bench-'));
	const base = `http://127.0.0.1:${port}`;
	const server = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			...(databaseUrl ? { DATABASE_URL: databaseUrl, DEMO: '1' } : {}),
			...env
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const exited = new Promise((resolve) => server.once('exit', resolve));
	try {
		await waitUntilUp(base, exited);
		return await work({ base, pid: server.pid, rssMb: () => rssMb(server.pid) });
	} finally {
		server.kill('SIGTERM');
		const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
		if (!stopped) server.kill('SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

async function waitUntilUp(base, exited) {
	let gone = false;
	void exited.then(() => (gone = true));
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline && !gone) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(gone ? 'the server stopped while starting' : `the server did not start within ${START_TIMEOUT_MS / 1000} s`);
}

/** Resident memory of a process, in MB (Linux). */
export function rssMb(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	return kb / 1024;
}

/** Signs in through the API; returns the session cookie header. */
export async function signInCookie(base, username, password = 'demo1234') {
	const response = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: base },
		body: JSON.stringify({ username, password })
	});
	if (!response.ok) throw new Error(`signing in as ${username}: ${response.status}`);
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export const percentile = (values, p) =>
	values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] : NaN;
