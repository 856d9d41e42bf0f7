/**
 * The server process's one live-update hub, started with the database (runtime.ts):
 * PostgreSQL LISTEN/NOTIFY when DATABASE_URL is set, so that several instances hear each
 * other's changes; an in-memory fan-out for the embedded database, which is one process.
 *
 * Services publish after their transaction commits (a change that was rolled back must
 * not be announced) with `publishChange`, which never throws into the caller: the
 * incident is saved either way, and screens refetch when their stream reopens.
 */
import { localHub, postgresHub, type IncidentChange, type LiveHub } from './hub';

export { canSee, type IncidentChange, type LiveHub } from './hub';

let hub: LiveHub | undefined;
/** Aborted by `stopLive`: open streams end, so a shutdown does not wait on them. */
let stopping = new AbortController();

export async function startLive(databaseUrl: string | null): Promise<void> {
	if (hub) return;
	const started = databaseUrl ? await postgresHub(databaseUrl) : localHub();
	// Two overlapping starts: keep the first, close the second.
	if (hub) return started.close();
	hub = started;
	stopping = new AbortController();
}

export function getLiveHub(): LiveHub {
	if (!hub) throw new Error('Live updates are not started yet (startLive was not called at server start).');
	return hub;
}

/** Aborts when live updates stop; pass it to `sseResponse` beside the request's signal. */
export function liveStopSignal(): AbortSignal {
	return stopping.signal;
}

/**
 * Announces a committed change. Never throws, and does nothing when live updates are not
 * started (service tests run without a server).
 */
export async function publishChange(change: IncidentChange): Promise<void> {
	if (!hub) return;
	try {
		await hub.publish(change);
	} catch (err) {
		console.warn(`Live update for incident ${change.incidentId} not sent:`, err);
	}
}

export async function stopLive(): Promise<void> {
	const closing = hub;
	hub = undefined;
	stopping.abort();
	await closing?.close().catch((err) => console.warn('Closing live updates failed:', err));
}
