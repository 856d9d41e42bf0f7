import { json } from '@sveltejs/kit';
import { updateUserSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { getManagedUser, updateUser } from '$lib/server/admin/users.admin';
import { endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	return json(await getManagedUser(getDb(), admin, event.params.id));
});

/** Name, role, unit, phone, e-mail; `active: false` deactivates and ends their sessions at once. */
export const PATCH: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const patch = await readJson(event, updateUserSchema);
	return json(await updateUser(getDb(), admin, event.params.id, patch));
});
