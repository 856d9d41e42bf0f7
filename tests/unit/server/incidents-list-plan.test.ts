/**
 * `GET /api/incidents` reads each page off an index already in the list's order, whoever
 * asks: PostgreSQL must never sort every incident in scope to hand out fifty of them (at a
 * million incidents that was over a second per page). The plans of the exact SQL the list
 * service builds are read on a small province seeded like a real one
 * (scripts/seed-province.mjs), for the province, a ward, an IT team and a desk officer's own
 * reports, with and without a cursor and a status filter:
 * - with sequential scans and sorting both off, no Sort may remain above `incidents`: some
 *   index gives the order (with drizzle's `.desc()`, i.e. `desc nulls last`, none did);
 * - with only sequential scans off, the planner must choose that index itself for the big
 *   scopes (a small data set would let it sort a handful of open incidents, which is fine).
 * PostgreSQL only: PGlite runs the same migrations, but its plans are not a large install's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { INCIDENT_CATEGORIES } from '$lib/domain/incident-catalog';
import { openDatabase, type OpenDatabase } from '$lib/server/db';
import { listIncidents, listIncidentsQuery, parseListQuery } from '$lib/server/incidents/list.service';
import type { Scope } from '$lib/server/scope';
import { seedProvince } from '../../../scripts/seed-province.mjs';
import { createScratchDatabase, onPostgres, type ScratchDatabase } from './test-db';

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	Plans?: PlanNode[];
}

/** Sort nodes with a scan of `incidents` beneath them, and how `incidents` is read. */
function sortsOverIncidents(plan: PlanNode): { sorts: string[]; scans: string[] } {
	const sorts: string[] = [];
	const scans: string[] = [];
	const walk = (node: PlanNode): boolean => {
		let scansIncidents = node['Relation Name'] === 'incidents';
		if (scansIncidents) scans.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
		for (const child of node.Plans ?? []) if (walk(child)) scansIncidents = true;
		if (scansIncidents && /Sort$/.test(node['Node Type'])) sorts.push(node['Node Type']);
		return scansIncidents;
	};
	walk(plan);
	return { sorts, scans };
}

describe.runIf(onPostgres)('the incident list’s plans (PostgreSQL only)', () => {
	let scratch: ScratchDatabase;
	let opened: OpenDatabase;
	/** Sequential scans off: the planner chooses among index paths as it would at scale. */
	let planner: pg.Client;
	/** Sorting off as well: a Sort left in the plan means no index can give the list's order. */
	let noSort: pg.Client;
	let seeded: Awaited<ReturnType<typeof seedProvince>>;

	beforeAll(async () => {
		scratch = await createScratchDatabase('plan');
		// Five weeks at ~200 incidents a working day: closed history and about a hundred open.
		seeded = await seedProvince(scratch.url, { incidents: 6000, wards: 6, years: 0.1, categories: INCIDENT_CATEGORIES, log: () => {} });
		opened = await openDatabase({ databaseUrl: scratch.url, dataDir: null });
		planner = new pg.Client({ connectionString: scratch.url });
		noSort = new pg.Client({ connectionString: scratch.url });
		await Promise.all([planner.connect(), noSort.connect()]);
		await planner.query('set enable_seqscan = off');
		await noSort.query('set enable_seqscan = off; set enable_sort = off');
	}, 120_000);

	afterAll(async () => {
		await planner?.end();
		await noSort?.end();
		await opened?.close();
		await scratch?.drop();
	});

	type Who = 'province' | 'ward' | 'vendor' | 'mine';
	const asking = (who: Who): { scope: Scope; userId: string; params: string } => {
		const ward: Scope = { kind: 'ward', wardId: seeded.deskUser.wardId, provinceId: seeded.provinceId };
		switch (who) {
			case 'province':
				return { scope: { kind: 'province', provinceId: seeded.provinceId }, userId: seeded.provinceUser.id, params: '' };
			case 'ward':
				return { scope: ward, userId: seeded.deskUser.id, params: '' };
			case 'vendor':
				return { scope: { kind: 'vendor', teamId: seeded.itTeamIds[0]!, provinceId: seeded.provinceId }, userId: seeded.provinceUser.id, params: '' };
			case 'mine':
				return { scope: ward, userId: seeded.deskUser.id, params: 'mine=1' };
		}
	};

	/**
	 * The first page's query and the next page's (through a real cursor, from a page of
	 * one), exactly as the service builds them.
	 */
	async function queries(who: Who, filter: string): Promise<{ label: string; sql: string; values: unknown[] }[]> {
		const { scope, userId, params } = asking(who);
		const search = [params, filter].filter(Boolean).join('&');
		const first = parseListQuery(new URLSearchParams(search), userId);
		const { next } = await listIncidents(opened.db, scope, { ...first, limit: 1 });
		// Fewer than two rows here (a quiet scope): a cursor of our own, the plan is the same.
		const second = next
			? parseListQuery(new URLSearchParams(`${search}&cursor=${next}`), userId)
			: { ...first, after: { createdAt: new Date().toISOString(), id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' } };
		return [first, second].map((query) => {
			const { sql, params: values } = listIncidentsQuery(opened.db, scope, query).toSQL();
			return { label: `${who} ${search || '(no filter)'}${query.after ? ' + cursor' : ''}`, sql, values };
		});
	}

	async function sortsIn(client: pg.Client, query: { label: string; sql: string; values: unknown[] }): Promise<string | null> {
		const { rows } = await client.query(`explain (format json) ${query.sql}`, query.values);
		const { sorts, scans } = sortsOverIncidents(rows[0]['QUERY PLAN'][0].Plan);
		if (!scans.length) return `${query.label}: incidents not scanned at all`;
		return sorts.length ? `${query.label}: ${sorts.join(', ')} over ${scans.join(' + ')}` : null;
	}

	const WHO: Who[] = ['province', 'ward', 'vendor', 'mine'];

	it.each(WHO)('%s: an index gives the list’s order, with or without a cursor and a status filter', async (who) => {
		const problems: string[] = [];
		for (const filter of ['', 'status=open', 'status=reported,acknowledged,escalated', 'status=resolved', 'status=closed']) {
			for (const query of await queries(who, filter)) {
				const problem = await sortsIn(noSort, query);
				if (problem) problems.push(problem);
			}
		}
		expect(problems).toEqual([]);
	});

	// Where the scope is large the planner must also choose that index by itself. (For a
	// status filter matching a handful of open incidents, sorting that handful is as good.)
	it.each(WHO)('%s: the planner reads every page off that index', async (who) => {
		const problems: string[] = [];
		for (const filter of ['', 'status=closed']) {
			for (const query of await queries(who, filter)) {
				const problem = await sortsIn(planner, query);
				if (problem) problems.push(problem);
			}
		}
		expect(problems).toEqual([]);
	});

	// The "Đang mở" view reads the partial indexes of unfinished incidents, and keeps reading
	// them in a prepared statement's generic plan, where nothing is known of the parameters.
	it.each(['province', 'ward'] as const)('%s: status=open is read off a partial index of unfinished incidents, even in a generic plan', async (who) => {
		const problems: string[] = [];
		for (const query of await queries(who, 'status=open')) {
			const name = `open_${who}_${query.label.includes('cursor') ? 'next' : 'first'}`;
			await noSort.query(`prepare ${name} as ${query.sql}`);
			try {
				await noSort.query('set plan_cache_mode = force_generic_plan');
				const args = query.values.map((v) => (typeof v === 'number' ? String(v) : noSort.escapeLiteral(String(v)))).join(', ');
				const { rows } = await noSort.query(`explain (format json) execute ${name}${args ? `(${args})` : ''}`);
				const { sorts, scans } = sortsOverIncidents(rows[0]['QUERY PLAN'][0].Plan);
				if (sorts.length || !scans.some((scan) => /using incidents_(ward_)?open_created_idx$/.test(scan))) {
					problems.push(`${query.label}: ${[...sorts, ...scans].join(', ')}`);
				}
			} finally {
				await noSort.query('reset plan_cache_mode');
				await noSort.query(`deallocate ${name}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('lists what each scope may see, and a desk officer’s own reports exactly', async () => {
		for (const who of WHO) {
			const { scope, userId, params } = asking(who);
			const page = await listIncidents(opened.db, scope, parseListQuery(new URLSearchParams(params), userId));
			expect(page.items.length, who).toBeGreaterThan(0);
		}
		const open = await listIncidents(
			opened.db,
			asking('province').scope,
			parseListQuery(new URLSearchParams('status=reported,acknowledged,escalated'), seeded.provinceUser.id)
		);
		expect(open.items.length).toBeGreaterThan(0);

		// `mine`, page by page, is every incident holding one of the desk officer's reports.
		const { rows } = await planner.query(
			`select distinct i.id, i.created_at from incidents i join incident_reports r on r.incident_id = i.id
			where r.reporter_id = $1 and i.merged_into is null order by i.created_at desc, i.id desc`,
			[seeded.deskUser.id]
		);
		const { scope, userId } = asking('mine');
		const listed: string[] = [];
		let cursor = '';
		for (let page = 0; page < 100; page++) {
			const result = await listIncidents(opened.db, scope, parseListQuery(new URLSearchParams(`mine=1&limit=20${cursor}`), userId));
			listed.push(...result.items.map((i) => i.id));
			if (!result.next) break;
			cursor = `&cursor=${result.next}`;
		}
		expect(rows.length).toBeGreaterThan(40);
		expect(listed).toEqual(rows.map((r: { id: string }) => r.id));
		// Someone who never reported anything has nothing of their own.
		const none = await listIncidents(opened.db, asking('province').scope, parseListQuery(new URLSearchParams('mine=1'), seeded.provinceUser.id));
		expect(none).toEqual({ items: [], next: null });
	});
});

describe.skipIf(onPostgres)('the incident list’s plans', () => {
	it.skip('runs in the PostgreSQL pass (TEST_DATABASE_URL): the plans that matter are PostgreSQL’s on a real install', () => {});
});
