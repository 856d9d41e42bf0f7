import { json } from '@sveltejs/kit';
import { signInRequestSchema } from '$lib/domain/account';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { deleteSessionByToken, SESSION_COOKIE } from '$lib/server/auth/session.service';
import { signIn } from '$lib/server/auth/sign-in.service';
import { ApiError, endpoint, readJson } from '$lib/server/http/api';
import { loadProfile } from '$lib/server/org/users.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readJson(event, signInRequestSchema);
	const db = getDb();
	const result = await signIn(db, {
		username: body.username,
		password: body.password,
		address: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent')
	});
	if (!result.ok) {
		if (result.reason === 'locked') {
			throw new ApiError(
				429,
				'sign_in_locked',
				{ minutes: Math.ceil(result.retryAfterSeconds / 60) },
				{ 'retry-after': String(result.retryAfterSeconds) }
			);
		}
		throw new ApiError(result.reason === 'inactive' ? 403 : 401, result.reason === 'inactive' ? 'account_inactive' : 'invalid_credentials');
	}
	// Signing in over another session on this browser ends that one.
	const previous = event.cookies.get(SESSION_COOKIE);
	if (previous) await deleteSessionByToken(db, previous);
	setSessionCookie(event, result.token, result.expiresAt);
	return json({ user: await loadProfile(db, result.user) });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) await deleteSessionByToken(getDb(), token);
	clearSessionCookie(event);
	return new Response(null, { status: 204 });
});
