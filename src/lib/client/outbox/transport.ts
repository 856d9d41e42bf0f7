/**
 * How the outbox talks to the server: plain `fetch`, so the same code runs in a page and in
 * the service worker (which has no XMLHttpRequest and no `window`). Every answer becomes
 * one of four outcomes the drain knows how to handle:
 *
 * - `ok`: the server has it (2xx) — only this retires an outbox entry;
 * - `rejected`: a 4xx the officer must see and fix — never retried blindly;
 * - `unauthenticated`: 401 — pause and ask for sign-in, keep everything;
 * - `retry`: network failure, timeout, 5xx, 408 or 429 — try again later.
 */
import { isApiErrorBody } from '$lib/domain/api-error';
import type { Problem } from '../db';

export type Outcome<T = unknown> =
	| { kind: 'ok'; status: number; data: T }
	| { kind: 'rejected'; problem: Problem }
	| { kind: 'unauthenticated'; problem: Problem }
	/**
	 * `reached: false` when the request certainly never left the device (no network at all);
	 * `retryAfterMs` when the server said when to come back (a busy server's 503, a 429).
	 */
	| { kind: 'retry'; reason: string; reached?: false; status?: number; retryAfterMs?: number };

/** Who the device believes is signed in, and its clock, sent with every outbox request. */
export function outboxHeaders(userId: string): Record<string, string> {
	return {
		// The server refuses (401) when the session is someone else's: a shared desk PC never
		// files one officer's reports under another officer's name.
		'x-expected-user': userId,
		// Lets the server measure this device's clock skew at the moment of sending.
		'x-device-time': new Date().toISOString()
	};
}

const REQUEST_TIMEOUT_MS = 60_000;

/** Time for one request carrying `bytes`: a minute, plus a weak 3G link's 16 KB/s. */
export function timeoutFor(bytes: number): number {
	return REQUEST_TIMEOUT_MS + Math.ceil(bytes / 16_384) * 1000;
}

export async function send<T>(url: string, init: RequestInit): Promise<Outcome<T>> {
	if (typeof navigator !== 'undefined' && navigator.onLine === false) {
		return { kind: 'retry', reason: 'offline', reached: false };
	}
	let response: Response;
	try {
		response = await fetch(url, {
			credentials: 'same-origin',
			cache: 'no-store',
			...init,
			signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
	} catch (error) {
		return { kind: 'retry', reason: error instanceof Error ? error.message : 'network' };
	}
	return toOutcome<T>(response);
}

export async function toOutcome<T>(response: Response): Promise<Outcome<T>> {
	const body: unknown = await response.json().catch(() => null);
	if (response.ok) return { kind: 'ok', status: response.status, data: body as T };
	const status = response.status;
	if (status >= 500 || status === 408 || status === 429) {
		const retryAfterMs = retryAfter(response.headers.get('retry-after'));
		return { kind: 'retry', reason: `HTTP ${status}`, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
	}
	const problem: Problem = isApiErrorBody(body)
		? { code: body.error.code, message: body.error.message, field: body.error.field }
		: { code: 'unknown', message: `HTTP ${status}`, status };
	return status === 401 ? { kind: 'unauthenticated', problem } : { kind: 'rejected', problem };
}

/** A server asking for more than this is not taken at its word: the backoff's own cap. */
const RETRY_AFTER_CAP_MS = 4 * 60_000;

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now (RFC 9110 §10.2.3). */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	const text = header.trim();
	const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
	if (!Number.isFinite(ms)) return undefined;
	return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}

/**
 * A server error that says something about this one request (and so counts toward holding
 * it for the officer). A 503 is the server being busy or its database being away: it says
 * nothing about the report.
 */
export function isServerFault(status: number | undefined): boolean {
	return status !== undefined && status >= 500 && status !== 503;
}
