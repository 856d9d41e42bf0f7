/**
 * Walks the authorisation matrix (authorization-matrix.ts) through the real route handlers
 * on the real database — embedded PGlite, or PostgreSQL with TEST_DATABASE_URL — and reports
 * every cell that answers otherwise, all at once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_TYPES } from '$lib/domain/lifecycle';
import { followUpsSettled } from '$lib/server/incidents/after-commit';
import { startLive, stopLive } from '$lib/server/live';
import { setNotifier } from '$lib/server/notify/notifier';
import { CALLS, type Cell } from './authorization-calls';
import { cellName, ENDPOINTS, MATRIX, ROLES, type Endpoint, type Outcome } from './authorization-matrix';
import { buildWorld, invoke, type World } from './authorization-world';
import { closeFiles, openFiles } from './incidents-fixture';
import { openTestDatabase, type TestDatabase } from './test-db';

vi.mock('$lib/server/runtime', async () => {
	const fixture = await import('./incidents-fixture');
	// No alert channel is configured: a test alert answers with no results, as on a fresh install.
	const notify = { channels: [], vapidPublicKey: 'BPk', origin: 'http://localhost', pushServiceHosts: ['fcm.googleapis.com'] };
	return { ...fixture.runtimeMock(), getNotify: () => notify };
});

type RouteModule = Record<string, unknown>;
const ROUTE_FILES = import.meta.glob<RouteModule>('../../../src/routes/api/**/+server.ts');
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback']);

/** `../../../src/routes/api/units/[id]/notice/+server.ts` → `/api/units/{id}/notice`. */
const routePath = (file: string) =>
	file
		.replace(/^.*\/src\/routes/, '')
		.replace(/\/\+server\.ts$/, '')
		.replace(/\[([^\]]+)\]/g, '{$1}');

let t: TestDatabase;
let w: World;

const modules = new Map<string, RouteModule>();
async function handlerOf(endpoint: Endpoint): Promise<unknown> {
	const [method, path] = endpoint.split(' ') as [string, string];
	const file = Object.keys(ROUTE_FILES).find((f) => routePath(f) === path);
	if (!file) throw new Error(`no route file for ${path}`);
	if (!modules.has(file)) modules.set(file, await ROUTE_FILES[file]!());
	return modules.get(file)![method];
}

describe('the authorisation matrix', () => {
	it('has rows for every route file and method, every lifecycle action and every role', async () => {
		const exported: string[] = [];
		for (const [file, load] of Object.entries(ROUTE_FILES)) {
			for (const name of Object.keys(await load())) if (METHODS.has(name)) exported.push(`${name} ${routePath(file)}`);
		}
		const rowed = new Set(MATRIX.map((r) => r.endpoint));
		expect(exported.filter((e) => !rowed.has(e as Endpoint)), 'route methods without rows in the matrix').toEqual([]);
		expect(ENDPOINTS.filter((e) => !exported.includes(e)), 'matrix endpoints no route exports').toEqual([]);
		const acted = new Set(MATRIX.map((r) => r.event));
		expect(EVENT_TYPES.filter((type) => !acted.has(type)), 'lifecycle actions without rows').toEqual([]);
		expect(MATRIX.filter((r) => r.expect.length !== ROLES.length).map((r) => cellName('desk', r))).toEqual([]);
	});

	beforeAll(async () => {
		t = await openTestDatabase();
		openFiles(t.db);
		await startLive(null);
		setNotifier({ notify: async () => {} });
	});
	afterAll(async () => {
		await followUpsSettled();
		setNotifier(null);
		await stopLive();
		closeFiles();
		await t?.close();
	});

	it('answers every cell as the table says', { timeout: 180_000 }, async () => {
		const started = performance.now();
		w = await buildWorld(t.db);
		const built = performance.now();

		const cells = MATRIX.flatMap((row, index) => ROLES.map((role, column) => ({ row, index, role, column })));
		// MATRIX_SEED=<n> walks the cells in a shuffled order: no cell may depend on another.
		const seed = process.env.MATRIX_SEED;
		if (seed) shuffle(cells, Number(seed));
		const mismatches: string[] = [];
		const known = new Map<string, string[]>();
		for (const { row, index, role, column } of cells) {
			const expected = row.expect[column]!;
			const issue = row.knownIssue?.roles.includes(role) ? row.knownIssue : undefined;
			const succeeds = typeof expected === 'number' && expected < 300;
			const ownTarget = Boolean(CALLS[row.endpoint].mutates?.(row)) && (succeeds || Boolean(issue));
			const cell: Cell = { row, role, caller: w.caller(role), key: ownTarget ? null : `row ${index}` };
			const { outcome, code } = await answer(cell).catch((err: Error) => ({ outcome: 'threw' as const, code: err.message }));
			const got = `${outcome}${code ? ` (${code})` : ''}`;
			if (issue && outcome === issue.actual) {
				const key = `Known issue "${issue.name}" — the rule: ${issue.rule}`;
				known.set(key, [...(known.get(key) ?? []), `  ${cellName(role, row)}: ${got}`]);
			} else if (issue && outcome === expected) {
				mismatches.push(`${cellName(role, row)}: known issue "${issue.name}" no longer happens — take it off the row`);
			} else if (outcome !== expected) {
				mismatches.push(`${cellName(role, row)}: expected ${expected}, got ${got}`);
			}
		}
		const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
		console.info(
			`Authorisation matrix on ${t.kind}: ${cells.length} cells in ${MATRIX.length} rows${seed ? `, shuffled (seed ${seed})` : ''}; ` +
				`world ${seconds(built - started)}, walk ${seconds(performance.now() - built)}`
		);
		for (const [issue, list] of known) console.warn(`${issue} (${list.length} cells):\n${list.join('\n')}`);
		expect(mismatches, `${mismatches.length} of ${cells.length} cells differ from the matrix:\n${mismatches.join('\n')}`).toEqual([]);
	});
});

/** Fisher–Yates with a small seeded generator (mulberry32), so that a failing order can be replayed. */
function shuffle<T>(items: T[], seed: number): void {
	let state = seed >>> 0;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let x = Math.imul(state ^ (state >>> 15), 1 | state);
		x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j]!, items[i]!];
	}
}

/** Calls the cell's endpoint and reads what it answered; puts back what a success took away. */
async function answer(cell: Cell): Promise<{ outcome: Outcome | number; code?: string }> {
	const { row } = cell;
	const spec = CALLS[row.endpoint];
	const method = row.endpoint.startsWith('fallback') ? 'GET' : row.endpoint.split(' ')[0]!;
	const request = await spec.request(w, cell);
	const response = await invoke(await handlerOf(row.endpoint), cell.caller, { method, ...request });
	try {
		if (response.status >= 400) return { outcome: response.status, code: await errorCode(response) };
		const expected = row.expect[ROLES.indexOf(cell.role)];
		if ((expected === 'listed' || expected === 'hidden') && response.status === 200) {
			return { outcome: (await spec.lists!(w, cell, response)) ? 'listed' : 'hidden' };
		}
		return { outcome: response.status };
	} finally {
		// Streams (the live updates, a file's bytes) are let go of at once.
		await response.body?.cancel().catch(() => {});
		await spec.restore?.(w, cell, response.status);
	}
}

async function errorCode(response: Response): Promise<string | undefined> {
	const text = await response.text();
	try {
		return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
	} catch {
		return text.slice(0, 60) || undefined;
	}
}
