import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import type { ApiErrorCode } from '$lib/domain/api-error';
import { isLocale } from '$lib/domain/roles';
import { hasControlCharacters } from '$lib/domain/text';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { SESSION_COOKIE, validateSession } from '$lib/server/auth/session.service';
import { errorResponse } from '$lib/server/http/api';
import { errorMessage } from '$lib/server/http/messages';
import { AdmissionQueue, AdmissionRefused, RETRY_AFTER_S } from '$lib/server/http/admission';
import { getDb, getDbKind, startServer, stopServer } from '$lib/server/runtime';
import { scopeOf } from '$lib/server/scope';

export const init: ServerInit = async () => {
	// Prerendering runs this file at build time; the database is for the running server.
	if (building) return;
	await startServer();
	// Sent by scripts/serve.js on SIGINT/SIGTERM: close the database cleanly (PGlite's files).
	process.once(SHUTDOWN_EVENT, () => void stopServer());
};

/** adapter-node's shutdown event (untyped in Node's process events). */
const SHUTDOWN_EVENT = 'sveltekit:shutdown' as NodeJS.Signals;

/** Paths that must stay cheap: every client polls the health check. */
const ANONYMOUS_PATHS = new Set(['/api/health']);

/**
 * Requests that bring a large body take their time on the network, not in the database:
 * they do not queue for the embedded database (their few statements still take turns in it).
 */
const UPLOAD_PATHS = [
	/^\/api\/uploads\//,
	/^\/api\/incidents\/[^/]+\/attachments\//,
	/^\/api\/admin\/import$/,
	/^\/api\/procedures\/[^/]+\/files$/,
	/^\/api\/units\/[^/]+\/notice\/audio$/
];
let admission: AdmissionQueue | null | undefined;

/** On the embedded database, requests take turns (http/admission.ts); PostgreSQL's pool needs none. */
const takeTurns: Handle = async ({ event, resolve }) => {
	admission ??= getDbKind() === 'pglite' ? new AdmissionQueue() : null;
	const { pathname } = event.url;
	const exempt = ANONYMOUS_PATHS.has(pathname) || (event.request.method !== 'GET' && UPLOAD_PATHS.some((p) => p.test(pathname)));
	if (!admission || exempt) return resolve(event);
	try {
		return await admission.run(async () => resolve(event));
	} catch (err) {
		if (!(err instanceof AdmissionRefused)) throw err;
		const cookieLocale = event.cookies.get('PARAGLIDE_LOCALE');
		const locale = isLocale(cookieLocale) ? cookieLocale : 'vi';
		const headers = { 'retry-after': String(RETRY_AFTER_S) };
		if (pathname.startsWith('/api/')) return errorResponse(locale, 503, 'server_busy', {}, headers);
		return new Response(errorMessage('server_busy', {}, locale), {
			status: 503,
			headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		});
	}
};

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.unit = null;
	event.locals.scope = { kind: 'none' };
	event.locals.sessionId = null;
	const cookieLocale = event.cookies.get('PARAGLIDE_LOCALE');
	event.locals.locale = isLocale(cookieLocale) ? cookieLocale : 'vi';

	const token = event.cookies.get(SESSION_COOKIE);
	if (token && !ANONYMOUS_PATHS.has(event.url.pathname)) {
		const session = await validateSession(getDb(), token);
		if (session) {
			event.locals.user = session.user;
			event.locals.unit = session.unit;
			event.locals.scope = scopeOf(session.user, session.unit);
			event.locals.sessionId = session.sessionId;
			if (isLocale(session.user.locale)) event.locals.locale = session.user.locale;
			if (session.renewed) setSessionCookie(event, token, session.expiresAt);
		} else {
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: browsers send Origin on every cross-site unsafe request, and
 * the session cookie would ride along, so any such request from another site is refused.
 * (Kit's own check is off: it answers in plain English text and only covers form posts.)
 */
const refuseCrossSite: Handle = async ({ event, resolve }) => {
	const origin = event.request.headers.get('origin');
	if (UNSAFE_METHODS.has(event.request.method) && origin && origin !== event.url.origin) {
		return errorResponse(event.locals.locale, 403, 'cross_origin');
	}
	return resolve(event);
};

/**
 * Ids and filters arrive in the address; one with a control character (a NUL, say) names
 * nothing, and some databases refuse it outright with an error, not an empty answer. One
 * guard for every route, before any of them reads a parameter: such an id is not found,
 * such a filter is a bad request.
 */
const refuseControlCharacters: Handle = async ({ event, resolve }) => {
	// What is prerendered at build time (pages, a few public files) may not read the query,
	// and has no ids from a caller: the running API only.
	const { pathname } = event.url;
	if (building || !pathname.startsWith('/api/')) return resolve(event);
	let path: string;
	try {
		path = decodeURIComponent(pathname);
	} catch {
		return errorResponse(event.locals.locale, 400, 'bad_request');
	}
	if (hasControlCharacters(path)) return errorResponse(event.locals.locale, 404, 'not_found');
	for (const [name, value] of event.url.searchParams) {
		if (hasControlCharacters(name) || hasControlCharacters(value)) return errorResponse(event.locals.locale, 400, 'bad_request');
	}
	return resolve(event);
};

/**
 * The API speaks JSON only, and its answers are never cached unless a route says so. Kit
 * answers some refusals itself (a missing method, a malformed address) in plain text;
 * API callers get those in the API's own error shape too.
 */
const shapeApi: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	const response = await resolve(event);
	if (response.status >= 400 && !response.headers.get('content-type')?.includes('application/json')) {
		const allow = response.headers.get('allow');
		return errorResponse(event.locals.locale, response.status, kitErrorCode(response.status), {}, allow ? { allow } : {});
	}
	if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
	return response;
};

function kitErrorCode(status: number): ApiErrorCode {
	if (status === 404) return 'not_found';
	if (status === 405) return 'method_not_allowed';
	if (status === 413) return 'body_too_large';
	return status >= 500 ? 'internal' : 'bad_request';
}

/** A one-time password from an administrator is changed before the API does anything else. */
const PASSWORD_CHANGE_ALLOWED = new Set(['GET /api/me', 'POST /api/me/password', 'DELETE /api/session', 'POST /api/session']);

const requirePasswordChange: Handle = async ({ event, resolve }) => {
	const { pathname } = event.url;
	if (
		event.locals.user?.mustChangePassword &&
		pathname.startsWith('/api/') &&
		!pathname.startsWith('/api/public/') &&
		!PASSWORD_CHANGE_ALLOWED.has(`${event.request.method} ${pathname}`)
	) {
		return errorResponse(event.locals.locale, 403, 'password_change_required');
	}
	return resolve(event);
};

export const handle = sequence(takeTurns, authenticate, refuseControlCharacters, refuseCrossSite, shapeApi, requirePasswordChange);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	// A refusal (a malformed address, a missing page) is not a server fault worth a log entry.
	if (status < 500) return { message };
	const id = crypto.randomUUID();
	console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	// The details stay in the log; the caller gets a reference to quote.
	return {
		message: errorMessage('internal', {}, event.locals.locale ?? 'vi'),
		id
	};
};
