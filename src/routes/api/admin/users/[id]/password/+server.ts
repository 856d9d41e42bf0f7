import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/admin/authority';
import { resetPassword } from '$lib/server/admin/users.admin';
import { endpoint } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** A new one-time password (shown once); the person must choose their own at next sign-in. */
export const POST: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	return json(await resetPassword(getDb(), admin, event.params.id));
});
