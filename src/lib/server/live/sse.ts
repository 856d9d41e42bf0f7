/**
 * The body of `GET /api/stream`: a Server-Sent Events stream of "incident X changed" for
 * one signed-in user, built apart from the route so that it can be tested by reading the
 * Response it returns.
 *
 * What goes out is only `{ id, version, status }` of incidents the user's scope may see:
 * never ward ids or names of people, which the screens fetch through the scoped API.
 *
 * The stream has to end in three ways, and each must unsubscribe from the hub and clear
 * its timers: the client goes away (adapter-node cancels the body stream when the socket
 * closes; `request.signal` may fire too), the server stops (the caller's `signal`), and
 * old age (`maxAgeMs`) — the session and scope were checked when the stream opened, and a
 * stream left open for hours would outlive a sign-out or a deactivated account. The
 * browser's EventSource reconnects by itself, through the hooks that check the session.
 */
import type { Scope } from '../scope';
import { canSee, type IncidentChange, type LiveHub } from './hub';

export interface SseOptions {
	hub: LiveHub;
	scope: Scope;
	userId: string;
	/** Ends the stream: the request's signal, and the server's shutdown. */
	signal?: AbortSignal;
	/** A comment line this often, so that proxies and load balancers keep the connection. */
	keepAliveMs?: number;
	/** The stream ends after this long; the browser reconnects and the session is checked again. */
	maxAgeMs?: number;
}

export const SSE_HEADERS = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-store',
	// nginx buffers proxied responses unless told not to; an event must not wait in a buffer.
	'x-accel-buffering': 'no'
} as const;

const KEEP_ALIVE_MS = 25_000;
const MAX_AGE_MS = 15 * 60_000;
/** How long EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 3000;
/**
 * Events queued for a client that does not read them (a stalled connection). Past this the
 * stream ends: the browser reconnects and refetches, rather than the server buffering
 * without bound.
 */
const MAX_QUEUED = 100;

export type IncidentEventData = { id: string; version: number; status: string };

/** One SSE event block; `data` is JSON on one line, so it cannot break the framing. */
export function sseEvent(event: string, data: unknown): string {
	return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What a screen may learn from a change it can see. */
export function incidentEventData(change: IncidentChange): IncidentEventData {
	return { id: change.incidentId, version: change.version, status: change.status };
}

export function sseResponse(options: SseOptions): Response {
	return new Response(sseStream(options), { headers: SSE_HEADERS });
}

export function sseStream({
	hub,
	scope,
	userId,
	signal,
	keepAliveMs = KEEP_ALIVE_MS,
	maxAgeMs = MAX_AGE_MS
}: SseOptions): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let cleanUp = () => {};

	return new ReadableStream<Uint8Array>({
		start(controller) {
			let ended = false;
			const send = (text: string) => {
				if (ended) return;
				if ((controller.desiredSize ?? 0) < -MAX_QUEUED) return end();
				controller.enqueue(encoder.encode(text));
			};
			const unsubscribe = hub.subscribe((change) => {
				if (canSee(scope, userId, change)) send(sseEvent('incident', incidentEventData(change)));
			});
			const keepAlive = setInterval(() => send(': keepalive\n\n'), keepAliveMs);
			const maxAge = setTimeout(() => end(), maxAgeMs);
			const onAbort = () => end();

			cleanUp = () => {
				if (ended) return;
				ended = true;
				unsubscribe();
				clearInterval(keepAlive);
				clearTimeout(maxAge);
				signal?.removeEventListener('abort', onAbort);
			};
			/** Ends the stream from our side (abort, old age, a stalled reader). */
			function end(): void {
				if (ended) return;
				cleanUp();
				try {
					controller.close();
				} catch {
					// Already closed or cancelled by the reader: nothing left to end.
				}
			}

			if (signal?.aborted) return end();
			signal?.addEventListener('abort', onAbort, { once: true });
			// Subscribed before `ready` goes out: a screen that refetches on `ready` misses nothing.
			send(`retry: ${RETRY_MS}\n\n`);
			send(sseEvent('ready', {}));
		},
		// The reader went away (adapter-node cancels the body when the client disconnects).
		cancel() {
			cleanUp();
		}
	});
}
