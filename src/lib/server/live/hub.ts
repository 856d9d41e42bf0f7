/**
 * Live updates: "incident X changed" travels from the service that changed it to every
 * signed-in screen that may see it (through `GET /api/stream`).
 *
 * - One process (embedded PGlite): an in-memory fan-out is all there is to it.
 * - Several processes on one PostgreSQL (DESIGN §3, scale path): PostgreSQL LISTEN/NOTIFY
 *   carries the change to every instance. The publisher hears its own NOTIFY through the
 *   same LISTEN as everybody else, so listeners run exactly once per process per change
 *   whichever instance made it.
 *
 * A change says only which incident moved and where it belongs (for `canSee`); screens
 * refetch through the scoped API, so nothing here must be complete or durable. A change
 * lost while the database connection is down costs a refetch, never data: screens refetch
 * whenever their stream (re)opens.
 */
import type pg from 'pg';
import { z } from 'zod';
import type { Scope } from '../scope';
import { batched } from '../util/batched';

export interface IncidentChange {
	incidentId: string;
	wardId: string;
	provinceId: string;
	/** IT enterprise teams the incident was escalated to (they see it from then on). */
	teamIds: string[];
	/** Users who filed reports grouped into it (desk officers follow their own reports). */
	reporterIds: string[];
	version: number;
	status: string;
}

export interface LiveHub {
	/** Never rejects: a live update that cannot be sent is logged, the caller's work stands. */
	publish(change: IncidentChange): Promise<void>;
	/** Returns the unsubscribe function. */
	subscribe(listener: (change: IncidentChange) => void): () => void;
	close(): Promise<void>;
}

type Listener = (change: IncidentChange) => void;

/**
 * Whether a user with this scope may hear about the change. Mirrors the read rules of
 * scope.ts (a ward sees its ward, a province its wards, an IT team what was escalated to
 * it), so a stream never names an incident its reader could not fetch.
 *
 * `_userId` is part of the signature for rules that follow a person rather than a unit
 * (`reporterIds`); today a desk officer's scope is their ward, which already covers them.
 */
export function canSee(scope: Scope, _userId: string, change: IncidentChange): boolean {
	switch (scope.kind) {
		case 'system':
			return true;
		case 'province':
			return change.provinceId === scope.provinceId;
		case 'ward':
			return change.wardId === scope.wardId;
		case 'vendor':
			return change.teamIds.includes(scope.teamId);
		case 'none':
			return false;
	}
}

// ---------------------------------------------------------------------------------------
// Fan-out within one process

/** The listeners of one process. One that throws is logged and the others still run. */
function listenerSet() {
	const listeners = new Set<Listener>();
	return {
		add(listener: Listener): () => void {
			// A wrapper per subscription: the same function subscribed twice unsubscribes once.
			const entry: Listener = (change) => listener(change);
			listeners.add(entry);
			return () => void listeners.delete(entry);
		},
		deliver(change: IncidentChange): void {
			// A copy of the set: a listener may unsubscribe (itself or another) while we loop.
			for (const listener of [...listeners]) {
				try {
					listener(change);
				} catch (err) {
					console.error('A live update listener failed:', err);
				}
			}
		},
		clear: () => listeners.clear()
	};
}

export function localHub(): LiveHub {
	const listeners = listenerSet();
	let closed = false;
	return {
		publish: async (change) => {
			if (!closed) listeners.deliver(pickChange(change));
		},
		subscribe: (listener) => listeners.add(listener),
		close: async () => {
			closed = true;
			listeners.clear();
		}
	};
}

// ---------------------------------------------------------------------------------------
// The wire format

export const LIVE_CHANNEL = 'ucmc_incident_changes';

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well below. Only an
 * incident merged from a very large number of reports could come near it.
 */
const MAX_PAYLOAD_BYTES = 7000;

const id = z.string().min(1).max(64);
const changeSchema = z.object({
	incidentId: id,
	wardId: id,
	provinceId: id,
	teamIds: z.array(id).max(200),
	reporterIds: z.array(id).max(200),
	version: z.number().int().nonnegative(),
	status: z.string().min(1).max(64)
});

/** Only the known fields: whatever else a caller's object carries stays out of the payload. */
function pickChange(change: IncidentChange): IncidentChange {
	const { incidentId, wardId, provinceId, teamIds, reporterIds, version, status } = change;
	return { incidentId, wardId, provinceId, teamIds: [...teamIds], reporterIds: [...reporterIds], version, status };
}

/** The NOTIFY payload, or null when even the trimmed change would not fit. */
export function encodeChange(change: IncidentChange): string | null {
	const full = JSON.stringify(pickChange(change));
	if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
	// Visibility never depends on the reporters: drop them rather than the whole change.
	const trimmed = JSON.stringify({ ...pickChange(change), reporterIds: [] });
	if (Buffer.byteLength(trimmed) <= MAX_PAYLOAD_BYTES) {
		console.warn(`Live update for incident ${change.incidentId} sent without its ${change.reporterIds.length} reporters (too large).`);
		return trimmed;
	}
	console.warn(`Live update for incident ${change.incidentId} not sent: too large for NOTIFY.`);
	return null;
}

/**
 * Several changes in as few NOTIFY payloads as fit: a JSON list of encoded changes each, in
 * order. A hundred desks reporting at once cost a few notifications, not a hundred commits.
 */
export function encodeChanges(changes: readonly IncidentChange[]): string[] {
	const payloads: string[] = [];
	let current: string[] = [];
	let bytes = 2;
	for (const change of changes) {
		const one = encodeChange(change);
		if (one === null) continue;
		const size = Buffer.byteLength(one) + 1;
		if (current.length && bytes + size > MAX_PAYLOAD_BYTES) {
			payloads.push(`[${current.join(',')}]`);
			current = [];
			bytes = 2;
		}
		current.push(one);
		bytes += size;
	}
	if (current.length) payloads.push(`[${current.join(',')}]`);
	return payloads;
}

/** A received payload, or null for anything that is not a well-formed change. */
export function decodeChange(payload: string | undefined): IncidentChange | null {
	return decodeChanges(payload)?.[0] ?? null;
}

/** The changes of a received payload (one change, or a list of them); null if it is malformed. */
export function decodeChanges(payload: string | undefined): IncidentChange[] | null {
	if (!payload) return null;
	let value: unknown;
	try {
		value = JSON.parse(payload);
	} catch {
		return null;
	}
	const items = Array.isArray(value) ? value : [value];
	const changes: IncidentChange[] = [];
	for (const item of items) {
		const parsed = changeSchema.safeParse(item);
		if (!parsed.success) return null;
		changes.push(parsed.data);
	}
	return changes.length ? changes : null;
}

// ---------------------------------------------------------------------------------------
// Across processes: PostgreSQL LISTEN/NOTIFY

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** A half-open connection (a NAT or firewall forgot it) hears nothing and says nothing: ask. */
const HEARTBEAT_MS = 30_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;
/** Shown in pg_stat_activity; a connection string's own application_name wins. */
const APPLICATION_NAME = 'ucmc-live';

export async function postgresHub(databaseUrl: string): Promise<LiveHub> {
	const { default: pgModule } = await import('pg');
	const listeners = listenerSet();
	const config = { connectionString: databaseUrl, application_name: APPLICATION_NAME };
	// Publishing goes through its own small pool, so that it works while the listening
	// connection is being replaced, and never waits long for a database that is down.
	const publisher = new pgModule.Pool({ ...config, max: 2, connectionTimeoutMillis: 5000 });
	publisher.on('error', (err) => console.warn('Live updates: a publishing connection was lost:', err.message));

	let current: pg.Client | null = null;
	let closed = false;
	let retryDelay = RECONNECT_FIRST_MS;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;

	const onNotification = (message: pg.Notification) => {
		if (message.channel !== LIVE_CHANNEL) return;
		const changes = decodeChanges(message.payload);
		if (changes) for (const change of changes) listeners.deliver(change);
		else console.warn('Live updates: ignored a malformed notification.');
	};

	/** Opens a connection, LISTENs, and makes it the current one; rejects if that fails. */
	async function listen(): Promise<void> {
		const client = new pgModule.Client(config);
		let lostEarly = false;
		const lost = (err?: Error) => (client === current ? dropped(client, err) : (lostEarly = true));
		client.on('notification', onNotification);
		client.on('error', lost);
		client.on('end', () => lost());
		try {
			await client.connect();
			await client.query(`listen ${LIVE_CHANNEL}`);
			if (lostEarly) throw new Error('the connection closed while it started listening');
		} catch (err) {
			void client.end().catch(() => {});
			throw err;
		}
		if (closed) {
			await client.end().catch(() => {});
			return;
		}
		current = client;
	}

	/** The listening connection is gone: never crash the process, warn and come back. */
	function dropped(client: pg.Client, err?: Error): void {
		if (client !== current) return;
		current = null;
		void client.end().catch(() => {});
		if (closed) return;
		console.warn(`Live updates: the PostgreSQL listening connection was lost${err ? ` (${err.message})` : ''}; reconnecting.`);
		scheduleReconnect();
	}

	function scheduleReconnect(): void {
		if (closed || retryTimer) return;
		retryTimer = setTimeout(() => void reconnect(), retryDelay);
	}

	async function reconnect(): Promise<void> {
		retryTimer = undefined;
		try {
			await listen();
			retryDelay = RECONNECT_FIRST_MS;
			if (!closed) console.info('Live updates: listening on PostgreSQL again.');
		} catch (err) {
			retryDelay = Math.min(retryDelay * 2, RECONNECT_MAX_MS);
			console.warn(`Live updates: reconnecting failed (${(err as Error).message}); next try in ${retryDelay} ms.`);
			scheduleReconnect();
		}
	}

	async function heartbeat(): Promise<void> {
		const client = current;
		if (!client) return;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('no answer to a heartbeat')), HEARTBEAT_TIMEOUT_MS);
		});
		try {
			await Promise.race([client.query('select 1'), timeout]);
		} catch (err) {
			dropped(client, err as Error);
		} finally {
			clearTimeout(timer);
		}
	}

	// Changes published while a notification is on its way go together in the next: each
	// NOTIFY is a commit, and a hundred desks reporting at once should not cost a hundred.
	const notifyBatch = batched<IncidentChange>(async (changes) => {
		for (const payload of encodeChanges(changes)) await publisher.query('select pg_notify($1, $2)', [LIVE_CHANNEL, payload]);
	});

	// The first connection fails loudly, like the database itself: a wrong URL is found at start.
	await listen().catch(async (err) => {
		await publisher.end().catch(() => {});
		throw err;
	});
	const heartbeats = setInterval(() => void heartbeat(), HEARTBEAT_MS);
	heartbeats.unref();

	return {
		publish: async (change) => {
			if (closed) return;
			await notifyBatch(change).catch((err) => console.warn(`Live update for incident ${change.incidentId} not sent:`, (err as Error).message));
		},
		subscribe: (listener) => listeners.add(listener),
		close: async () => {
			if (closed) return;
			closed = true;
			clearInterval(heartbeats);
			clearTimeout(retryTimer);
			listeners.clear();
			const client = current;
			current = null;
			await Promise.all([client?.end().catch(() => {}), publisher.end().catch(() => {})]);
		}
	};
}
