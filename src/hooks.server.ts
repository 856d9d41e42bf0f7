import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { eq } from 'drizzle-orm';
import { isLocale } from '$lib/domain/roles';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { SESSION_COOKIE, validateSession } from '$lib/server/auth/session.service';
import { units } from '$lib/server/db/schema';
import { errorResponse } from '$lib/server/http/api';
import { errorMessage } from '$lib/server/http/messages';
import { getDb, startServer } from '$lib/server/runtime';
import { scopeOf } from '$lib/server/scope';

export const init: ServerInit = async () => {
	// Prerendering runs this file at build time; the database is for the running server.
	if (!building) await startServer();
};

/** Paths that must stay cheap: every client polls the health check. */
const ANONYMOUS_PATHS = new Set(['/api/health']);

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.unit = null;
	event.locals.scope = { kind: 'none' };
	event.locals.sessionId = null;
	const cookieLocale = event.cookies.get('PARAGLIDE_LOCALE');
	event.locals.locale = isLocale(cookieLocale) ? cookieLocale : 'vi';

	const token = event.cookies.get(SESSION_COOKIE);
	if (token && !ANONYMOUS_PATHS.has(event.url.pathname)) {
		const db = getDb();
		const session = await validateSession(db, token);
		if (session) {
			const unitId = session.user.unitId;
			const [unit] = unitId ? await db.select().from(units).where(eq(units.id, unitId)).limit(1) : [];
			event.locals.user = session.user;
			event.locals.unit = unit ?? null;
			event.locals.scope = scopeOf(session.user, unit ?? null);
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

/** The API speaks JSON only, and its answers are never cached unless a route says so. */
const shapeApi: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	const response = await resolve(event);
	// Kit answers a missing method with plain text; API callers get the JSON error shape.
	if (response.status === 405 && !response.headers.get('content-type')?.includes('json')) {
		return errorResponse(event.locals.locale, 405, 'method_not_allowed', {}, {
			allow: response.headers.get('allow') ?? ''
		});
	}
	if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
	return response;
};

export const handle = sequence(authenticate, refuseCrossSite, shapeApi);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message };
	const id = crypto.randomUUID();
	console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	// The details stay in the log; the caller gets a reference to quote.
	return {
		message: errorMessage('internal', {}, event.locals.locale ?? 'vi'),
		id
	};
};
