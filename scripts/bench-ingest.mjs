/**
 * Report ingest at a province's scale, for `npm run bench`: `PUT /api/incidents/{id}` from
 * many desks at once (concurrency 1, 10, 50, 100), reports per second with p50/p99 and every
 * error or time-out, next to the raw rate of the same driver writing the minimum a report
 * needs — one transaction inserting the incident row and its report row — at the same
 * concurrency. Goal: the app at ≥ 50 % of raw on each database, and on the embedded one, a
 * hundred desks at once with no time-out, no 503 and p99 under 2 s.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { percentile } from './bench-server.mjs';

const TIMEOUT_MS = 60_000;

function reportBody(i) {
	const now = new Date().toISOString();
	return JSON.stringify({
		category: 'printer_jam',
		complexity: 'simple',
		description: `Máy in kẹt giấy — đo tốc độ nhận báo cáo ${i}`,
		scope: 'desk',
		impactLevel: 'slowed',
		startedAt: now,
		createdAt: now
	});
}

function put(agent, base, cookie, body) {
	const url = new URL(`/api/incidents/${randomUUID()}`, base);
	return new Promise((resolve) => {
		const started = performance.now();
		const request = http.request(
			url,
			{ method: 'PUT', agent, headers: { 'content-type': 'application/json', cookie, origin: base }, timeout: TIMEOUT_MS },
			(response) => {
				response.resume();
				response.on('end', () => resolve({ status: response.statusCode, ms: performance.now() - started }));
			}
		);
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', (err) => resolve({ status: err.message === 'timeout' ? 'timeout' : 'error', ms: performance.now() - started }));
		request.end(body);
	});
}

/** `count` reports from `concurrency` desks at once through HTTP. */
export async function ingestThroughApp({ base, cookie, concurrency, count }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const results = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) results.push(await put(agent, base, cookie, reportBody(next++)));
		})
	);
	const seconds = (performance.now() - started) / 1000;
	agent.destroy();
	return summarise(results, seconds);
}

function summarise(results, seconds) {
	const ok = results.filter((r) => r.status === 200 || r.status === 201);
	const errors = {};
	for (const r of results) if (!(r.status === 200 || r.status === 201)) errors[r.status] = (errors[r.status] ?? 0) + 1;
	const ms = results.map((r) => r.ms);
	return { rate: ok.length / seconds, p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), errors, count: results.length };
}

const INCIDENT_SQL = `insert into incidents (id, ward_id, category, complexity, description, scope, impact_level, started_at, reported_at, created_by)
	values ($1, $2, 'printer_jam', 'simple', $3, 'desk', 'slowed', now(), now(), $4)`;
const REPORT_SQL = `insert into incident_reports (id, incident_id, reporter_id, ward_id, category, complexity, description, scope, started_at, impact_level, created_at, server_started_at)
	values ($1, $1, $2, $3, 'printer_jam', 'simple', $4, 'desk', now(), 'slowed', now(), now())`;

/** A ward and a desk officer to write reports for (the rows' foreign keys). */
async function seedOwner(query) {
	const [province, ward, user] = [randomUUID(), randomUUID(), randomUUID()];
	await query(`insert into units (id, kind, name, slug) values ($1, 'province', 'Tỉnh đo', $2)`, [province, `tinh-${province}`]);
	await query(`insert into units (id, kind, parent_id, name, slug) values ($1, 'ward', $2, 'Phường đo', $3)`, [ward, province, `phuong-${ward}`]);
	await query(`insert into users (id, username, full_name, role, unit_id, password_hash) values ($1, $2, 'Cán bộ đo', 'desk_officer', $3, 'x')`, [
		user,
		`do-${user}`,
		ward
	]);
	return { ward, user };
}

async function runRaw({ concurrency, count, transaction }) {
	const results = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const i = next++;
				const t0 = performance.now();
				try {
					await transaction(i);
					results.push({ status: 201, ms: performance.now() - t0 });
				} catch {
					results.push({ status: 'error', ms: performance.now() - t0 });
				}
			}
		})
	);
	return summarise(results, (performance.now() - started) / 1000);
}

/** The raw rate on PostgreSQL: node-postgres, a pool of 10 like the app's, on a migrated scratch database. */
export async function rawPostgres({ databaseUrl, concurrencies, count }) {
	const { drizzle } = await import('drizzle-orm/node-postgres');
	const { migrate } = await import('drizzle-orm/node-postgres/migrator');
	const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
	try {
		await migrate(drizzle(pool), { migrationsFolder: 'migrations' });
		const owner = await seedOwner((text, values) => pool.query(text, values));
		const figures = {};
		for (const concurrency of concurrencies) {
			figures[concurrency] = await runRaw({
				concurrency,
				count: count(concurrency),
				transaction: async (i) => {
					const client = await pool.connect();
					try {
						const id = randomUUID();
						await client.query('begin');
						await client.query(INCIDENT_SQL, [id, owner.ward, `raw ${i}`, owner.user]);
						await client.query(REPORT_SQL, [id, owner.user, owner.ward, `raw ${i}`]);
						await client.query('commit');
					} finally {
						client.release();
					}
				}
			});
		}
		return figures;
	} finally {
		await pool.end();
	}
}

/** The raw rate on the embedded database: PGlite in this process, on a fresh migrated directory. */
export async function rawPglite({ concurrencies, count }) {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const dir = mkdtempSync(path.join(tmpdir(), 'ucmc-bench-raw-'));
	const db = new PGlite(path.join(dir, 'pglite'));
	try {
		await db.waitReady;
		await migrate(drizzle(db), { migrationsFolder: 'migrations' });
		const owner = await seedOwner((text, values) => db.query(text, values));
		const figures = {};
		for (const concurrency of concurrencies) {
			figures[concurrency] = await runRaw({
				concurrency,
				count: count(concurrency),
				transaction: (i) =>
					db.transaction(async (tx) => {
						const id = randomUUID();
						await tx.query(INCIDENT_SQL, [id, owner.ward, `raw ${i}`, owner.user]);
						await tx.query(REPORT_SQL, [id, owner.user, owner.ward, `raw ${i}`]);
					})
			});
		}
		return figures;
	} finally {
		await db.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
