/**
 * How fast the incident lists answer on a province-sized database (scripts/seed-province.mjs):
 * the province's list (what its board reads), deep pages, status and category filters, a
 * ward's list, an IT team's, a desk officer's own reports. Goal: p95 under 100 ms each.
 *
 * For every case, p50 and p95 over `runs` runs (after a few unmeasured ones) of:
 * - query: the app's own list service (src/lib/server/incidents/list.service.ts, loaded
 *   through tsx) on a node-postgres pool — the SQL the server runs, with its row mapping;
 * - http: `GET /api/incidents` on a running app, signed in as the seeded province user or
 *   desk officer (only with `baseUrl`; the IT team has no signed-in user here);
 * - baseline: the same filters in the plainest SQL, `select * from incidents where … order
 *   by <the columns of the index that should serve it, in its declared order> limit n`,
 *   straight through pg: what an index walk costs on this machine.
 * Deep pages follow `next` cursors first, then time the page reached.
 *
 * Each case's plan is also read with `explain (format json)` under `set enable_seqscan =
 * off`: "index order: yes" means no Sort node has a scan of `incidents` beneath it, i.e. an
 * index hands the rows over already newest first. A Sort is expected only where a filter
 * leaves few rows to sort: `since` (found through incidents_updated_idx) and a category
 * within one ward (incidents_grouping_idx).
 *
 *   node scripts/bench-board.mjs postgres://… [--base-url http://127.0.0.1:3000 | --serve] [--runs 50]
 *
 * `--serve` starts the built app (build/handler.js, `node scripts/serve.js`) on the database
 * for the HTTP part and stops it afterwards; the server applies the migrations it finds.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SEED_DESK_USER, SEED_PASSWORD, SEED_PROVINCE_USER } from './seed-province.mjs';

export const GOAL_P95_MS = 100;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WARMUP = 3;
const OPEN = 'reported,acknowledged,escalated';

/**
 * @typedef {{ p50: number, p95: number, runs: number }} Figures
 * @typedef {{
 *   name: string,
 *   who: 'province' | 'ward' | 'vendor',
 *   params: string,
 *   pages: number,
 *   query: Figures,
 *   http: Figures | null,
 *   baseline: Figures,
 *   indexOrder: boolean,
 *   incidentsScan: string,
 *   goalMet: boolean
 * }} CaseResult
 * @typedef {{ status: string[], category: string[], since: Date | null, limit: number, mine: string | null, after: { createdAt: string, id: string } | null }} ListQuery
 * @typedef {{
 *   listIncidents(db: unknown, scope: Scope, query: ListQuery): Promise<{ items: unknown[], next: string | null }>,
 *   listIncidentsQuery(db: unknown, scope: Scope, query: ListQuery): { toSQL(): { sql: string, params: unknown[] } },
 *   parseListQuery(params: URLSearchParams, userId: string): ListQuery
 * }} ListService the parts of src/lib/server/incidents/list.service.ts used here
 * @typedef {{ kind: 'province', provinceId: string }
 *   | { kind: 'ward', wardId: string, provinceId: string }
 *   | { kind: 'vendor', teamId: string, provinceId: string }} Scope
 */

/**
 * The cases: who asks, the query string of `GET /api/incidents`, and how many pages deep.
 * @type {{ name: string, who: 'province' | 'ward' | 'vendor', params: string, pages?: number, mine?: boolean }[]}
 */
const CASES = [
	{ name: 'province, first page', who: 'province', params: '' },
	{ name: 'province, 10 pages deep', who: 'province', params: '', pages: 10 },
	{ name: 'province, open (inbox, limit 100)', who: 'province', params: `status=${OPEN}&limit=100` },
	{ name: 'province, status=reported', who: 'province', params: 'status=reported' },
	{ name: 'province, status=closed, 10 pages', who: 'province', params: 'status=closed', pages: 10 },
	{ name: 'province, category=printer_jam, 10 pages', who: 'province', params: 'category=printer_jam', pages: 10 },
	{ name: 'province, category=security_incident', who: 'province', params: 'category=security_incident' },
	{ name: 'province, since 24 h', who: 'province', params: 'since=SINCE' },
	{ name: 'ward, first page', who: 'ward', params: '' },
	{ name: 'ward, 10 pages deep', who: 'ward', params: '', pages: 10 },
	{ name: 'ward, open (inbox, limit 100)', who: 'ward', params: `status=${OPEN}&limit=100` },
	{ name: 'ward, category=printer_jam', who: 'ward', params: 'category=printer_jam' },
	{ name: 'ward, mine=1 (desk officer)', who: 'ward', params: 'mine=1', mine: true },
	{ name: 'IT team, first page', who: 'vendor', params: '' },
	{ name: 'IT team, 10 pages deep', who: 'vendor', params: '', pages: 10 },
	{ name: 'IT team, escalated', who: 'vendor', params: 'status=escalated' }
];

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/**
 * Times `work` `runs` times after a few unmeasured runs.
 * @param {number} runs @param {() => Promise<unknown>} work
 * @returns {Promise<Figures>}
 */
async function time(runs, work) {
	for (let i = 0; i < WARMUP; i++) await work();
	/** @type {number[]} */
	const ms = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await work();
		ms.push(performance.now() - started);
	}
	const round = (/** @type {number} */ v) => Math.round(v * 10) / 10;
	return { p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), runs };
}

/**
 * Does a Sort node have a scan of `incidents` beneath it? And how is `incidents` read?
 * @param {any} plan the `Plan` of `explain (format json)`
 * @returns {{ sortsIncidents: boolean, incidentsScan: string }}
 */
export function readPlan(plan) {
	/** @type {string[]} */
	const scans = [];
	/** @param {any} node @returns {boolean} whether `incidents` is scanned in this subtree */
	const walk = (node) => {
		let scansIncidents = node['Relation Name'] === 'incidents';
		if (scansIncidents) scans.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
		for (const child of node.Plans ?? []) if (walk(child)) scansIncidents = true;
		if (scansIncidents && /Sort$/.test(node['Node Type'])) sorted = true;
		return scansIncidents;
	};
	let sorted = false;
	walk(plan);
	return { sortsIncidents: sorted, incidentsScan: scans.join(' + ') || 'none' };
}

/**
 * @param {{ databaseUrl: string, baseUrl?: string | null, runs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ cases: CaseResult[], baselineOrder: { created: string, ward: string }, goalP95Ms: number }>}
 */
export async function benchBoard({ databaseUrl, baseUrl = null, runs = 50, log = () => {} }) {
	const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
	try {
		const facts = await seededFacts(pool);
		const { drizzle } = await import('drizzle-orm/node-postgres');
		const { tsImport } = await import('tsx/esm/api');
		/** @type {ListService} */
		const service = await tsImport('../src/lib/server/incidents/list.service.ts', import.meta.url);
		const db = drizzle(pool);
		const baselineOrder = await indexOrders(pool);

		/** @type {{ province: Scope, ward: Scope, vendor: Scope }} */
		const scopes = {
			province: { kind: 'province', provinceId: facts.provinceId },
			ward: { kind: 'ward', wardId: facts.deskWardId, provinceId: facts.provinceId },
			vendor: { kind: 'vendor', teamId: facts.teamId, provinceId: facts.provinceId }
		};
		const sessions = baseUrl
			? {
					province: await signIn(baseUrl, SEED_PROVINCE_USER),
					ward: await signIn(baseUrl, SEED_DESK_USER)
				}
			: null;
		const since = new Date(Date.now() - 86_400_000).toISOString();

		/** @type {CaseResult[]} */
		const results = [];
		for (const c of CASES) {
			const params = c.params.replace('SINCE', encodeURIComponent(since));
			const scope = scopes[c.who];
			const userId = c.who === 'ward' ? facts.deskUserId : facts.provinceUserId;
			const parse = (/** @type {string | null} */ cursor) =>
				service.parseListQuery(new URLSearchParams(cursor ? `${params}&cursor=${cursor}` : params), userId);

			// Follow `next` to the page to time.
			let cursor = null;
			for (let page = 1; page < (c.pages ?? 1); page++) {
				const { next } = await service.listIncidents(db, scope, parse(cursor));
				if (!next) break;
				cursor = next;
			}
			const query = parse(cursor);
			const query_ = await time(runs, () => service.listIncidents(db, scope, query));

			/** @type {Figures | null} */
			let http = null;
			const cookie = sessions && (c.who === 'province' ? sessions.province : c.who === 'ward' ? sessions.ward : null);
			if (baseUrl && cookie) {
				let httpCursor = null;
				for (let page = 1; page < (c.pages ?? 1); page++) {
					const body = await get(baseUrl, cookie, params, httpCursor);
					if (!body.next) break;
					httpCursor = body.next;
				}
				http = await time(runs, () => get(baseUrl, cookie, params, httpCursor));
			}

			const base = baselineQuery(c.who, query, facts, baselineOrder);
			const baseline = await time(runs, () => pool.query(base.text, base.values));

			const { sql: text, params: values } = service.listIncidentsQuery(db, scope, query).toSQL();
			const plan = await explain(pool, text, values);
			const { sortsIncidents, incidentsScan } = readPlan(plan);
			const worst = Math.max(query_.p95, http?.p95 ?? 0);
			const result = {
				name: c.name,
				who: c.who,
				params: params + (cursor ? '&cursor=…' : ''),
				pages: c.pages ?? 1,
				query: query_,
				http,
				baseline,
				indexOrder: !sortsIncidents,
				incidentsScan,
				goalMet: worst < GOAL_P95_MS
			};
			log(row(result));
			results.push(result);
		}
		return { cases: results, baselineOrder, goalP95Ms: GOAL_P95_MS };
	} finally {
		await pool.end();
	}
}

/**
 * The seeded province and the people and units the cases ask as.
 * @param {pg.Pool} pool
 */
async function seededFacts(pool) {
	const { rows } = await pool.query(
		`select p.id as province_id, pu.id as province_user_id, du.id as desk_user_id, du.unit_id as desk_ward_id,
			(select array_agg(id) from units where parent_id = p.id and kind = 'ward') as ward_ids,
			(select t.id from units t join incident_units iu on iu.unit_id = t.id where t.parent_id = p.id and t.kind = 'it_team'
				group by t.id order by count(*) desc limit 1) as team_id
		from units p, users pu, users du
		where p.slug = 'bench-tinh' and pu.username = $1 and du.username = $2`,
		[SEED_PROVINCE_USER, SEED_DESK_USER]
	);
	const r = rows[0];
	if (!r) throw new Error('no seeded province here: run scripts/seed-province.mjs on this database first');
	return {
		provinceId: /** @type {string} */ (r.province_id),
		provinceUserId: /** @type {string} */ (r.province_user_id),
		deskUserId: /** @type {string} */ (r.desk_user_id),
		deskWardId: /** @type {string} */ (r.desk_ward_id),
		wardIds: /** @type {string[]} */ (r.ward_ids),
		teamId: /** @type {string} */ (r.team_id)
	};
}

/**
 * The declared column order of the two listing indexes, for the baseline's `order by`.
 * @param {pg.Pool} pool
 */
async function indexOrders(pool) {
	const { rows } = await pool.query(
		`select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def from pg_index
		where indexrelid::regclass::text in ('incidents_created_idx', 'incidents_ward_created_idx')`
	);
	/** @param {string} name */
	const order = (name) => {
		const def = rows.find((r) => r.name === name)?.def ?? '';
		const columns = /\((.*)\)/.exec(def)?.[1] ?? 'created_at DESC, id DESC';
		return columns.replace(/^ward_id, /, '');
	};
	return { created: order('incidents_created_idx'), ward: order('incidents_ward_created_idx') };
}

/**
 * The case's filters in the plainest SQL, ordered as the index that should serve it.
 * @param {'province' | 'ward' | 'vendor'} who
 * @param {ListQuery} q
 * @param {Awaited<ReturnType<typeof seededFacts>>} facts
 * @param {{ created: string, ward: string }} orders
 */
function baselineQuery(who, q, facts, orders) {
	/** @type {unknown[]} */
	const values = [];
	const $ = (/** @type {unknown} */ v) => `$${values.push(v)}`;
	const where = ['merged_into is null'];
	if (who === 'province') where.push(`ward_id = any(${$(facts.wardIds)}::uuid[])`);
	if (who === 'ward') where.push(`ward_id = ${$(facts.deskWardId)}`);
	if (who === 'vendor') where.push(`id in (select incident_id from incident_units where unit_id = ${$(facts.teamId)})`);
	if (q.mine) {
		const me = $(q.mine);
		where.push(`exists (select 1 from incident_reports r where r.incident_id = incidents.id and r.reporter_id = ${me} offset 0)`);
	}
	if (q.status.length) where.push(`status = any(${$(q.status)}::incident_status[])`);
	if (q.category.length) where.push(`category = any(${$(q.category)}::text[])`);
	if (q.since) where.push(`updated_at >= ${$(q.since.toISOString())}`);
	if (q.after) where.push(`(created_at, id) < (${$(q.after.createdAt)}::timestamptz, ${$(q.after.id)}::uuid)`);
	const order = who === 'ward' ? orders.ward : orders.created;
	return { text: `select * from incidents where ${where.join(' and ')} order by ${order} limit ${q.limit + 1}`, values };
}

/**
 * The plan PostgreSQL makes for the query when sequential scans are off.
 * @param {pg.Pool} pool @param {string} text @param {unknown[]} values
 */
async function explain(pool, text, values) {
	const client = await pool.connect();
	try {
		await client.query('set enable_seqscan = off');
		const { rows } = await client.query(`explain (format json) ${text}`, values);
		return rows[0]['QUERY PLAN'][0].Plan;
	} finally {
		await client.query('reset enable_seqscan').catch(() => {});
		client.release();
	}
}

/** @param {string} baseUrl @param {string} username */
async function signIn(baseUrl, username) {
	const response = await fetch(`${baseUrl}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: baseUrl },
		body: JSON.stringify({ username, password: SEED_PASSWORD })
	});
	if (!response.ok) throw new Error(`sign-in as ${username} failed: ${response.status} ${await response.text()}`);
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/**
 * @param {string} baseUrl @param {string} cookie @param {string} params @param {string | null} cursor
 * @returns {Promise<{ items: unknown[], next: string | null }>}
 */
async function get(baseUrl, cookie, params, cursor) {
	const query = [params, cursor ? `cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
	const response = await fetch(`${baseUrl}/api/incidents${query ? `?${query}` : ''}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET /api/incidents?${query}: ${response.status} ${(await response.text()).slice(0, 200)}`);
	return response.json();
}

// ---------------------------------------------------------------------------------------
// Printing and the command line

const HEADER = `${'case'.padEnd(42)} ${'query p50/p95'.padStart(15)} ${'http p50/p95'.padStart(15)} ${'baseline p50/p95'.padStart(17)}  index order  goal p95 < ${GOAL_P95_MS} ms`;
/** @param {Figures | null} f */
const pair = (f) => (f ? `${f.p50}/${f.p95}` : '—');

/** @param {CaseResult} r */
function row(r) {
	return `${r.name.padEnd(42)} ${pair(r.query).padStart(15)} ${pair(r.http).padStart(15)} ${pair(r.baseline).padStart(17)}  ${(r.indexOrder ? 'yes' : 'NO').padEnd(11)}  ${r.goalMet ? 'met' : 'MISSED'}`;
}

/**
 * Starts the built app on the database and waits until it answers. The build is copied
 * first: a rebuild while the benchmark runs must not pull files from under the server.
 * @param {string} databaseUrl @param {number} port
 */
async function serve(databaseUrl, port) {
	if (!existsSync(path.join(ROOT, 'build/handler.js'))) throw new Error('--serve needs a build (npm run build)');
	const dir = mkdtempSync(path.join(tmpdir(), 'ucmc-bench-board-'));
	cpSync(path.join(ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
	cpSync(path.join(ROOT, 'scripts/serve.js'), path.join(dir, 'scripts/serve.js'));
	symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
	const server = spawn(process.execPath, [path.join(dir, 'scripts/serve.js')], {
		cwd: ROOT,
		env: {
			...process.env,
			DATABASE_URL: databaseUrl,
			PORT: String(port),
			HOST: '127.0.0.1',
			DEMO: '0',
			DATA_DIR: path.join(dir, 'data'),
			ORIGIN: `http://127.0.0.1:${port}`
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const stop = () => {
		server.kill();
		rmSync(dir, { recursive: true, force: true });
	};
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 400; i++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) return { base, stop };
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	stop();
	throw new Error('the app did not start');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const args = process.argv.slice(2);
	const option = (/** @type {string} */ name) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const databaseUrl = args.find((a) => /^postgres(ql)?:\/\//.test(a)) ?? process.env.DATABASE_URL;
	if (!databaseUrl) {
		console.error('usage: node scripts/bench-board.mjs postgres://… [--base-url URL | --serve] [--runs 50]');
		process.exit(1);
	}
	const server = args.includes('--serve') ? await serve(databaseUrl, Number(option('--port') ?? 4198)) : null;
	try {
		console.log(HEADER);
		const result = await benchBoard({
			databaseUrl,
			baseUrl: server?.base ?? option('--base-url') ?? null,
			runs: Number(option('--runs') ?? 50),
			log: (line) => console.log(line)
		});
		console.log(`\nms; ${result.cases[0]?.query.runs} runs each. Baseline order: ${result.baselineOrder.created} (incidents_created_idx).`);
		for (const c of result.cases) console.log(`  ${c.name}: incidents read by ${c.incidentsScan}`);
		if (result.cases.some((c) => !c.goalMet)) process.exitCode = 1;
	} finally {
		server?.stop();
	}
}
