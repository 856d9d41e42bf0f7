/**
 * `npm run bench`: the speed figures of the product, each printed with its goal and, where
 * there is one, beside a raw baseline measured in the same run (read the ratios: the
 * machines are noisy, nothing here fails on a slow one).
 *
 * On the embedded database (a fresh DATA_DIR with the demo):
 * - the device: submit, attach and submit, drain (bench-device.mjs);
 * - the alert path and bulk onboarding (bench-push.mjs, bench-import.mjs);
 * - each page's first-visit JavaScript and the precache, and the notice display opened
 *   cold with the network off (bench-pages.mjs);
 * - report ingest at concurrency 1, 10, 50 and 100 against raw inserts (bench-ingest.mjs),
 *   and the server's memory idle and after it.
 * On PostgreSQL, with BENCH_DATABASE_URL=postgres://… (a role that may create databases):
 * - the same ingest and memory figures on a fresh database;
 * - the incident lists over a province of 1,000,000 incidents (bench-board.mjs), seeded once
 *   by scripts/seed-province.mjs into the database BENCH_BOARD_DATABASE_URL names, or
 *   `<database>_province` beside BENCH_DATABASE_URL, and reused by later runs.
 * BENCH_ONLY=device,pages,ingest,board,push,import runs some sections only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.js';
import { benchBoard, GOAL_P95_MS } from './bench-board.mjs';
import { benchDrain, benchSubmit, DRAIN_COUNT, signIn } from './bench-device.mjs';
import { benchImport } from './bench-import.mjs';
import { ingestThroughApp, rawPglite, rawPostgres } from './bench-ingest.mjs';
import { benchDisplayColdOpen, benchPageWeights, PRECACHE_BUDGET } from './bench-pages.mjs';
import { benchPush, startPushService } from './bench-push.mjs';
import { postgresReachable, scratchPostgres, signInCookie, withServer } from './bench-server.mjs';
import { seedProvince, SEED_PROVINCE_USER } from './seed-province.mjs';

const PORT = 4199;
const CONCURRENCIES = [1, 10, 50, 100];
const ingestCount = (c) => (c === 1 ? 150 : Math.max(300, c * 6));
const only = new Set((process.env.BENCH_ONLY ?? 'device,push,import,pages,ingest,board').split(',').map((s) => s.trim()));
const databaseUrl = process.env.BENCH_DATABASE_URL?.trim() || null;

const lines = [];
const print = (line) => {
	lines.push(line);
	console.log(line);
};
const ms = (v) => `${v.toFixed(1).padStart(8)} ms`;
const kb = (v) => `${(v / 1024).toFixed(1).padStart(7)} KB`;
const row = (name, ours, base, goal, met) =>
	print(`${name.padEnd(58)} ${ours.padStart(12)} ${base.padStart(12)}   ${goal.padEnd(24)} ${met === null ? '' : met ? 'ok' : 'MISSED'}`);
const heading = (title) => print(`\n${title}\n${'measure'.padEnd(58)} ${'app'.padStart(12)} ${'baseline'.padStart(12)}   goal`);

const settle = (msToWait) => new Promise((r) => setTimeout(r, msToWait));

/** Ingest at each concurrency through the running app, and memory before and after. */
async function ingestFigures({ base, rssMb }) {
	await settle(3000);
	const idle = rssMb();
	const cookie = await signInCookie(base, 'motcua');
	const figures = {};
	for (const concurrency of CONCURRENCIES) figures[concurrency] = await ingestThroughApp({ base, cookie, concurrency, count: ingestCount(concurrency) });
	return { figures, idle, after: rssMb() };
}

function printIngest(db, app, raw) {
	heading(`Report ingest, ${db} (PUT /api/incidents/{id}; baseline: one transaction inserting the incident and report rows, same driver)`);
	for (const c of CONCURRENCIES) {
		const a = app.figures[c];
		const r = raw[c];
		const share = a.rate / r.rate;
		const errors = Object.entries(a.errors).map(([k, v]) => `${v}×${k}`).join(' ') || 'none';
		row(`concurrency ${String(c).padStart(3)}: reports/s (p50 / p99 ms; errors)`, `${a.rate.toFixed(1)}/s`, `${r.rate.toFixed(1)}/s`, '≥ 50 % of raw', share >= 0.5);
		print(`${''.padEnd(8)}${(share * 100).toFixed(0)} % of raw; p50 ${a.p50.toFixed(0)} ms, p99 ${a.p99.toFixed(0)} ms; errors: ${errors}; raw p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`);
	}
	if (db === 'embedded database') {
		const hundred = app.figures[100];
		const timeouts = hundred.errors.timeout ?? 0;
		const busy = hundred.errors[503] ?? 0;
		row('100 desks at once: time-outs, 503s, p99', `${timeouts}, ${busy}, ${hundred.p99.toFixed(0)} ms`, '', '0, 0, p99 < 2000 ms', timeouts === 0 && busy === 0 && hundred.p99 < 2000);
	}
	row(`server memory (RSS) idle / after the ingest`, `${app.idle.toFixed(0)} MB`, `${app.after.toFixed(0)} MB`, '— (reported)', null);
}

async function embedded() {
	const pushService = await startPushService();
	const certDir = mkdtempSync(path.join(tmpdir(), 'ucmc-bench-push-'));
	const certFile = path.join(certDir, 'ca.pem');
	writeFileSync(certFile, pushService.cert);
	try {
		await withServer({ port: PORT, env: { NODE_EXTRA_CA_CERTS: certFile, PUSH_SERVICE_HOSTS: '127.0.0.1' } }, async ({ base, rssMb }) => {
			if (only.has('device')) {
				const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
				try {
					const context = await browser.newContext({ baseURL: base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
					const page = await context.newPage();
					page.on('pageerror', (e) => console.error('page error:', e.message));
					await signIn(page);
					const { submit, attachAndSubmit } = await benchSubmit(page);
					const drain = await benchDrain(page, context);
					heading('On the device (embedded database)');
					row('submit → saved on device (3 × 1 MB already attached)', ms(submit.ours), ms(submit.raw), '≤ 1.3× the same rows', submit.ours / submit.raw <= 1.3);
					row('attach 3 × 1 MB and submit → saved on device', ms(attachAndSubmit.ours), ms(attachAndSubmit.raw), '≤ 1.5× the same blobs', attachAndSubmit.ours / attachAndSubmit.raw <= 1.5);
					row(`drain ${DRAIN_COUNT} reports × 200 KB attachment`, ms(drain.ours), ms(drain.raw), '≤ 1.5× plain fetch', drain.ours / drain.raw <= 1.5);
				} finally {
					await browser.close();
				}
			}
			if (only.has('push')) {
				const push = await benchPush(base, pushService);
				heading('Alerts');
				row('report → push request leaves, p95 (100 reports)', ms(push.p95), ms(push.rawP95), 'p95 < 1000 ms', push.p95 < 1000);
				print(`${''.padEnd(8)}p50 ${push.p50.toFixed(1)} ms (raw ${push.rawP50.toFixed(1)} ms)`);
			}
			if (only.has('import')) {
				const onboarding = await benchImport(base);
				heading('Onboarding');
				row(`import ${onboarding.wards} wards × ${onboarding.people / onboarding.wards} people: apply`, ms(onboarding.apply), ms(onboarding.raw), '≤ 1.5× hashing', onboarding.apply / onboarding.raw <= 1.5);
				row(`import: dry run`, ms(onboarding.check), '', '—', null);
			}
			if (only.has('pages')) {
				const weights = await benchPageWeights(base);
				heading('JavaScript of a first visit, gzip (baseline: the public status page)');
				for (const p of weights.pages) row(`${p.path} (${p.files} files)`, kb(p.bytes), '', `≤ ${p.budget / 1024} KB`, p.bytes <= p.budget);
				row(`service worker precache (${weights.precache.entries} files)`, kb(weights.precache.bytes), '', `≤ ${PRECACHE_BUDGET / 1024} KB`, weights.precache.bytes <= PRECACHE_BUDGET);
				const cold = await benchDisplayColdOpen(base);
				row('notice display opened cold, network off → notice shown', ms(cold.display), ms(cold.file), '≤ 1.5× a cached file', cold.display / cold.file <= 1.5);
			}
			if (only.has('ingest')) {
				const app = await ingestFigures({ base, rssMb });
				const raw = await rawPglite({ concurrencies: CONCURRENCIES, count: ingestCount });
				printIngest('embedded database', app, raw);
			}
		});
	} finally {
		pushService.close();
		rmSync(certDir, { recursive: true, force: true });
	}
}

async function postgres() {
	if (!(await postgresReachable(databaseUrl))) {
		print(`\nPostgreSQL: ${databaseUrl ? `not reachable at ${databaseUrl}` : 'BENCH_DATABASE_URL is not set'}; its figures are skipped.`);
		return;
	}
	if (only.has('ingest')) {
		const scratch = await scratchPostgres(databaseUrl, 'bench_ingest');
		let app;
		try {
			app = await withServer({ port: PORT, databaseUrl: scratch.url }, (server) => ingestFigures(server));
		} finally {
			await scratch.drop();
		}
		const rawDb = await scratchPostgres(databaseUrl, 'bench_raw');
		try {
			printIngest('PostgreSQL', app, await rawPostgres({ databaseUrl: rawDb.url, concurrencies: CONCURRENCIES, count: ingestCount }));
		} finally {
			await rawDb.drop();
		}
	}
	if (only.has('board')) await board();
}

/** The province's database of a million incidents, seeded on first use and kept. */
async function boardDatabase() {
	const url = process.env.BENCH_BOARD_DATABASE_URL?.trim() || `${databaseUrl.replace(/\/([^/?]*)(\?.*)?$/, (_, name, query = '') => `/${name}_province${query}`)}`;
	const name = decodeURIComponent(new URL(url).pathname.slice(1));
	const admin = new pg.Client({ connectionString: databaseUrl });
	await admin.connect();
	try {
		const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
		if (!rowCount) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
	} finally {
		await admin.end();
	}
	const pool = new pg.Pool({ connectionString: url, max: 1 });
	const seeded = await pool
		.query(`select count(*)::int as n from incidents i join users u on u.id = i.created_by where exists (select 1 from users where username = $1)`, [SEED_PROVINCE_USER])
		.then((r) => r.rows[0].n > 0)
		.catch(() => false)
		.finally(() => pool.end());
	if (!seeded) {
		const incidents = Number(process.env.BENCH_BOARD_INCIDENTS ?? 1_000_000);
		console.log(`Seeding ${incidents.toLocaleString('en')} incidents into ${name} (minutes; kept for later runs)…`);
		await seedProvince(url, { incidents, force: true, log: (line) => console.log(line) });
	}
	return url;
}

async function board() {
	const url = await boardDatabase();
	const { cases } = await withServer({ port: PORT, databaseUrl: url }, ({ base }) => benchBoard({ databaseUrl: url, baseUrl: base }));
	heading(`Incident lists over a province of a million incidents, PostgreSQL (app over HTTP, p95; baseline: the same filters in plain SQL on the matching index)`);
	for (const c of cases) {
		const app = c.http ?? c.query;
		row(`${c.name}${c.indexOrder ? '' : ' [sorted, not index order]'}`, ms(app.p95), ms(c.baseline.p95), `p95 < ${GOAL_P95_MS} ms`, app.p95 < GOAL_P95_MS);
	}
}

const started = Date.now();
await embedded();
if (only.has('ingest') || only.has('board')) await postgres();
print(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
