/**
 * Live updates (src/lib/server/live): the in-process hub, who may hear about what, the SSE
 * stream read as a browser would read it, and — PostgreSQL only — several hubs on one
 * database, as several server instances would run.
 *
 * LISTEN/NOTIFY between connections cannot happen on PGlite (one connection in one
 * process), so those tests run in the PostgreSQL pass (TEST_DATABASE_URL) and the PGlite
 * pass shows a skipped placeholder saying so.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getLiveHub, liveStopSignal, publishChange, startLive, stopLive } from '$lib/server/live';
import {
	canSee,
	decodeChange,
	decodeChanges,
	encodeChange,
	encodeChanges,
	LIVE_CHANNEL,
	localHub,
	postgresHub,
	type IncidentChange,
	type LiveHub
} from '$lib/server/live/hub';
import { sseResponse, sseStream } from '$lib/server/live/sse';
import type { Scope } from '$lib/server/scope';
import { createScratchDatabase, onPostgres, type ScratchDatabase } from './test-db';

const PROVINCE = randomUUID();
const WARD = randomUUID();
const OTHER_WARD = randomUUID();
const TEAM = randomUUID();
const USER = randomUUID();

function change(overrides: Partial<IncidentChange> = {}): IncidentChange {
	return {
		incidentId: randomUUID(),
		wardId: WARD,
		provinceId: PROVINCE,
		teamIds: [],
		reporterIds: [randomUUID()],
		version: 1,
		status: 'new',
		...overrides
	};
}

/** Polls `check` until it stops throwing, or fails with its last error at the deadline. */
async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			check();
			return;
		} catch (err) {
			if (Date.now() > deadline) throw err;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}

/** A hub that counts its live subscriptions, to prove that a stream left nothing behind. */
function countingHub(inner: LiveHub = localHub()): LiveHub & { readonly subscribers: number } {
	let subscribers = 0;
	return {
		get subscribers() {
			return subscribers;
		},
		publish: (c) => inner.publish(c),
		subscribe(listener) {
			const unsubscribe = inner.subscribe(listener);
			subscribers++;
			let done = false;
			return () => {
				if (done) return;
				done = true;
				subscribers--;
				unsubscribe();
			};
		},
		close: () => inner.close()
	};
}

beforeEach(() => {
	vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => {
	vi.restoreAllMocks();
});

describe('localHub', () => {
	it('delivers each change to every subscriber once, and not after unsubscribe or close', async () => {
		const hub = localHub();
		const a: IncidentChange[] = [];
		const b: IncidentChange[] = [];
		const offA = hub.subscribe((c) => a.push(c));
		hub.subscribe((c) => b.push(c));
		const first = change();
		await hub.publish(first);
		expect(a).toEqual([first]);
		expect(b).toEqual([first]);

		offA();
		offA();
		const second = change({ version: 2 });
		await hub.publish(second);
		expect(a).toEqual([first]);
		expect(b).toEqual([first, second]);

		await hub.close();
		await hub.publish(change());
		expect(b).toHaveLength(2);
	});

	it('keeps delivering to the other listeners when one throws', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const hub = localHub();
		const heard: string[] = [];
		hub.subscribe(() => heard.push('before'));
		hub.subscribe(() => {
			throw new Error('a broken screen');
		});
		hub.subscribe(() => heard.push('after'));
		await expect(hub.publish(change())).resolves.toBeUndefined();
		expect(heard).toEqual(['before', 'after']);
		expect(errors).toHaveBeenCalledOnce();
	});

	it('sends only the known fields, so nothing else a caller had at hand travels', async () => {
		const hub = localHub();
		const heard: IncidentChange[] = [];
		hub.subscribe((c) => heard.push(c));
		const c = change();
		await hub.publish({ ...c, reporterNames: ['Nguyễn Văn A'] } as IncidentChange);
		expect(heard).toEqual([c]);
	});
});

describe('canSee', () => {
	const escalated = change({ teamIds: [TEAM] });
	const elsewhere = change({ wardId: OTHER_WARD, provinceId: randomUUID() });
	const cases: { scope: Scope; sees: IncidentChange[]; misses: IncidentChange[] }[] = [
		{ scope: { kind: 'system' }, sees: [escalated, elsewhere], misses: [] },
		{ scope: { kind: 'province', provinceId: PROVINCE }, sees: [escalated, change({ wardId: OTHER_WARD })], misses: [elsewhere] },
		{ scope: { kind: 'ward', wardId: WARD, provinceId: PROVINCE }, sees: [escalated], misses: [change({ wardId: OTHER_WARD }), elsewhere] },
		{ scope: { kind: 'vendor', teamId: TEAM, provinceId: PROVINCE }, sees: [escalated], misses: [change(), change({ teamIds: [randomUUID()] })] },
		{ scope: { kind: 'none' }, sees: [], misses: [escalated, elsewhere] }
	];
	for (const { scope, sees, misses } of cases) {
		it(`${scope.kind}: sees ${sees.length}, misses ${misses.length}`, () => {
			for (const c of sees) expect(canSee(scope, USER, c)).toBe(true);
			for (const c of misses) expect(canSee(scope, USER, c)).toBe(false);
		});
	}
});

describe('the NOTIFY payload', () => {
	it('round-trips a change and refuses anything malformed', () => {
		const c = change({ teamIds: [TEAM] });
		expect(decodeChange(encodeChange(c)!)).toEqual(c);
		for (const bad of [undefined, '', 'not json', 'null', '[]', '{"incidentId":1}', JSON.stringify({ ...c, version: -1 })]) {
			expect(decodeChange(bad)).toBeNull();
		}
	});

	it('stays under the NOTIFY limit by dropping reporters, which visibility never needs', () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const crowded = change({ reporterIds: Array.from({ length: 400 }, () => randomUUID()) });
		const payload = encodeChange(crowded)!;
		expect(Buffer.byteLength(payload)).toBeLessThan(8000);
		expect(decodeChange(payload)).toEqual({ ...crowded, reporterIds: [] });
	});

	it('packs many changes into few notifications, each under the limit, and reads them back in order', () => {
		const many = Array.from({ length: 120 }, (_, i) => change({ version: i, reporterIds: [randomUUID()] }));
		const payloads = encodeChanges(many);
		expect(payloads.length).toBeGreaterThan(1);
		expect(payloads.length).toBeLessThan(10);
		for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(7000);
		expect(payloads.flatMap((p) => decodeChanges(p)!)).toEqual(many);
		// One malformed change spoils its notification, never a neighbour's.
		expect(decodeChanges(`[${encodeChange(many[0]!)}, {"incidentId": 1}]`)).toBeNull();
	});
});

describe('startLive / getLiveHub / stopLive', () => {
	afterEach(() => stopLive());

	it('runs one in-process hub without a database URL, and publishing never throws', async () => {
		expect(() => getLiveHub()).toThrow(/not started/);
		await expect(publishChange(change())).resolves.toBeUndefined();

		await startLive(null);
		const heard: IncidentChange[] = [];
		getLiveHub().subscribe((c) => heard.push(c));
		const c = change();
		await publishChange(c);
		expect(heard).toEqual([c]);

		const stopSignal = liveStopSignal();
		await stopLive();
		expect(stopSignal.aborted).toBe(true);
		expect(() => getLiveHub()).toThrow(/not started/);
		await publishChange(change());
		expect(heard).toHaveLength(1);
	});
});

// ---------------------------------------------------------------------------------------
// The SSE stream, read from the Response as the browser would

/** Reads a Response body as text, with a deadline on every wait. */
function bodyReader(response: Response) {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	let done = false;
	return {
		get text() {
			return text;
		},
		async until(predicate: (text: string) => boolean, timeoutMs = 2000): Promise<string> {
			const deadline = Date.now() + timeoutMs;
			while (!predicate(text)) {
				if (done) throw new Error(`the stream ended before the expected text; got:\n${text}`);
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`timed out waiting; got:\n${text}`);
				let timer: ReturnType<typeof setTimeout> | undefined;
				const chunk = await Promise.race([
					reader.read(),
					new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)))
				]);
				clearTimeout(timer);
				if (chunk === 'timeout') continue;
				if (chunk.done) done = true;
				else text += decoder.decode(chunk.value, { stream: true });
			}
			return text;
		},
		/** Resolves once the server has ended the stream. */
		ended: () => (async () => {
			for (;;) {
				const chunk = await reader.read();
				if (chunk.done) return true;
				text += decoder.decode(chunk.value, { stream: true });
			}
		})(),
		cancel: () => reader.cancel()
	};
}

/** The `data` of every `incident` event so far. */
const incidentEvents = (text: string) =>
	[...text.matchAll(/^event: incident\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as unknown);

const wardScope: Scope = { kind: 'ward', wardId: WARD, provinceId: PROVINCE };

describe('sseResponse', () => {
	let hub: ReturnType<typeof countingHub>;
	let abort: AbortController;
	beforeEach(() => {
		hub = countingHub();
		abort = new AbortController();
	});
	afterEach(() => abort.abort());

	it('opens with retry and ready, then sends what the scope may see and nothing else', async () => {
		const response = sseResponse({ hub, scope: wardScope, userId: USER, signal: abort.signal });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('x-accel-buffering')).toBe('no');

		const body = bodyReader(response);
		await body.until((t) => t.includes('event: ready'));
		expect(body.text).toBe('retry: 3000\n\nevent: ready\ndata: {}\n\n');
		expect(hub.subscribers).toBe(1);

		const hidden = change({ wardId: OTHER_WARD });
		const shown = change({ version: 7, status: 'acknowledged' });
		await hub.publish(hidden);
		await hub.publish(shown);
		await body.until((t) => t.includes(shown.incidentId));
		expect(body.text).not.toContain(hidden.incidentId);
		expect(incidentEvents(body.text)).toEqual([{ id: shown.incidentId, version: 7, status: 'acknowledged' }]);
		// Only id, version and status: no ward, no people.
		expect(body.text).not.toContain(WARD);
		expect(body.text).not.toContain(shown.reporterIds[0]);
	});

	it('sends a keepalive comment on its interval', async () => {
		const body = bodyReader(sseResponse({ hub, scope: wardScope, userId: USER, signal: abort.signal, keepAliveMs: 20 }));
		await body.until((t) => t.includes(': keepalive\n\n'));
	});

	it('ends and unsubscribes when the request is aborted', async () => {
		const body = bodyReader(sseResponse({ hub, scope: wardScope, userId: USER, signal: abort.signal, keepAliveMs: 10 }));
		await body.until((t) => t.includes('event: ready'));
		abort.abort();
		expect(await body.ended()).toBe(true);
		expect(hub.subscribers).toBe(0);
		// Nothing is sent into the closed stream afterwards (no timer left behind either).
		await hub.publish(change());
	});

	it('unsubscribes when the reader cancels (the client went away)', async () => {
		const body = bodyReader(sseResponse({ hub, scope: wardScope, userId: USER, keepAliveMs: 10 }));
		await body.until((t) => t.includes('event: ready'));
		await body.cancel();
		expect(hub.subscribers).toBe(0);
	});

	it('does not subscribe at all for a request already aborted', async () => {
		abort.abort();
		const body = bodyReader(sseResponse({ hub, scope: wardScope, userId: USER, signal: abort.signal }));
		expect(await body.ended()).toBe(true);
		expect(body.text).toBe('');
		expect(hub.subscribers).toBe(0);
	});

	it('ends after maxAgeMs, so that the browser reconnects through the session check', async () => {
		const body = bodyReader(sseResponse({ hub, scope: wardScope, userId: USER, maxAgeMs: 30 }));
		expect(await body.ended()).toBe(true);
		expect(body.text).toContain('event: ready');
		expect(hub.subscribers).toBe(0);
	});

	it('ends a stream whose reader stopped reading, rather than buffering without bound', async () => {
		const stream = sseStream({ hub, scope: wardScope, userId: USER });
		for (let i = 0; i < 150; i++) await hub.publish(change({ version: i }));
		expect(hub.subscribers).toBe(0);
		// The queued events are still there to read, then the stream ends.
		const text = await new Response(stream).text();
		expect(incidentEvents(text).length).toBeGreaterThan(90);
	});

	it('through adapter-node (setResponse): a client that disconnects leaves no subscription', async () => {
		const server = http.createServer(async (req, res) => {
			const request = await getRequest({ request: req, base: 'http://localhost' });
			await setResponse(res, sseResponse({ hub, scope: wardScope, userId: USER, signal: request.signal }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const received = await new Promise<{ text: string; destroy: () => void }>((resolve, reject) => {
				const req = http.get({ host: '127.0.0.1', port, path: '/api/stream' }, (res) => {
					let text = '';
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => {
						text += chunk;
						if (text.includes('event: ready')) resolve({ text, destroy: () => req.destroy() });
					});
				});
				req.on('error', reject);
			});
			expect(hub.subscribers).toBe(1);
			received.destroy();
			await eventually(() => expect(hub.subscribers).toBe(0));
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

// ---------------------------------------------------------------------------------------
// Several server instances on one PostgreSQL

describe.runIf(onPostgres)('postgresHub: several instances on one PostgreSQL (PostgreSQL only)', () => {
	let scratch: ScratchDatabase;
	const hubs: LiveHub[] = [];
	const open = async (url: string) => {
		const hub = await postgresHub(url);
		hubs.push(hub);
		return hub;
	};
	/** A URL whose connections carry a name of their own, to find them in pg_stat_activity. */
	const named = (applicationName: string) => {
		const url = new URL(scratch.url);
		url.searchParams.set('application_name', applicationName);
		return url.toString();
	};
	const rawQuery = async (sql: string, params: unknown[] = []) => {
		const client = new pg.Client({ connectionString: scratch.url });
		await client.connect();
		try {
			return (await client.query(sql, params)).rows as Record<string, unknown>[];
		} finally {
			await client.end();
		}
	};

	beforeAll(async () => {
		// NOTIFY needs no tables; a database of its own keeps other files' tests out of the channel.
		scratch = await createScratchDatabase('live');
	});
	afterEach(async () => {
		await Promise.all(hubs.splice(0).map((hub) => hub.close()));
	});
	afterAll(async () => {
		await scratch?.drop();
	});

	it('delivers a change published by A to the listeners of A and of B, exactly once each', async () => {
		const [a, b] = [await open(scratch.url), await open(scratch.url)];
		const heardA: IncidentChange[] = [];
		const heardB: IncidentChange[] = [];
		a!.subscribe((c) => heardA.push(c));
		b!.subscribe((c) => heardB.push(c));

		const first = change({ teamIds: [TEAM] });
		const marker = change();
		await a!.publish(first);
		await a!.publish(marker);
		// NOTIFYs from one session arrive in order: once the marker is in, a duplicate would be too.
		await eventually(() => {
			expect(heardA).toEqual([first, marker]);
			expect(heardB).toEqual([first, marker]);
		});
	});

	it('ignores a malformed notification and keeps listening', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const hub = await open(scratch.url);
		const heard: IncidentChange[] = [];
		hub.subscribe((c) => heard.push(c));
		const valid = change();
		await rawQuery(
			`select pg_notify($1, 'not json'), pg_notify($1, '{"incidentId": 42}'), pg_notify($1, ''), pg_notify($1, $2)`,
			[LIVE_CHANNEL, JSON.stringify(valid)]
		);
		await eventually(() => expect(heard).toEqual([valid]));
		expect(warn.mock.calls.filter((c) => String(c[0]).includes('malformed'))).toHaveLength(3);
	});

	it('reconnects after its listening connection is terminated and hears later changes', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const a = await open(scratch.url);
		const b = await open(named('ucmc-live-test-b'));
		const heard: IncidentChange[] = [];
		b.subscribe((c) => heard.push(c));

		const pids = await rawQuery(
			`select pid from pg_stat_activity where application_name = 'ucmc-live-test-b' and datname = current_database()`
		);
		expect(pids).toHaveLength(1);
		await rawQuery('select pg_terminate_backend($1)', [pids[0]!.pid]);
		await eventually(() => expect(warn.mock.calls.some((c) => String(c[0]).includes('connection was lost'))).toBe(true));

		// B hears nothing until it has listened again: keep publishing until it does.
		const deadline = Date.now() + 10_000;
		while (heard.length === 0) {
			if (Date.now() > deadline) throw new Error('hub B did not reconnect within 10 s');
			await a.publish(change());
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const later = change({ version: 99 });
		await a.publish(later);
		await eventually(() => expect(heard.at(-1)).toEqual(later));
		const after = await rawQuery(
			`select pid from pg_stat_activity where application_name = 'ucmc-live-test-b' and datname = current_database()`
		);
		expect(after).toHaveLength(1);
		expect(after[0]!.pid).not.toBe(pids[0]!.pid);
	});

	it('fails at start, with the reason, when the database cannot be reached', async () => {
		const url = new URL(scratch.url);
		url.pathname = '/ucmc_no_such_database';
		await expect(postgresHub(url.toString())).rejects.toThrow(/does not exist/);
	});
});

describe.skipIf(onPostgres)('postgresHub: several instances on one PostgreSQL', () => {
	it.skip('runs in the PostgreSQL pass (TEST_DATABASE_URL): LISTEN/NOTIFY needs connections PGlite does not have', () => {});
});
