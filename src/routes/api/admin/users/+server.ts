import { json } from '@sveltejs/kit';
import { createUserSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { createUser, listManagedUsers } from '$lib/server/admin/users.admin';
import { ApiError, endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import { isUuid } from '$lib/server/scope';
import type { RequestHandler } from './$types';

/** The people the administrator manages (`?unitId=` for one unit's). */
export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const unitId = event.url.searchParams.get('unitId') ?? undefined;
	if (unitId !== undefined && !isUuid(unitId)) throw new ApiError(400, 'invalid_id', { field: 'unitId' });
	return json({ items: await listManagedUsers(getDb(), admin, { unitId }) });
});

/** A new account; the answer carries its one-time password, shown once and never stored. */
export const POST: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const input = await readJson(event, createUserSchema);
	return json(await createUser(getDb(), admin, input), { status: 201 });
});
