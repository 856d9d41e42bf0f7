import { json } from '@sveltejs/kit';
import { updateUnitSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { deleteUnit, getManagedUnit, updateUnit } from '$lib/server/admin/units.admin';
import { endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	return json(await getManagedUnit(getDb(), admin, event.params.id));
});

/** Rename, change the service center's details or timers, deactivate or reactivate. */
export const PATCH: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const patch = await readJson(event, updateUnitSchema);
	return json(await updateUnit(getDb(), admin, event.params.id, patch));
});

/** Only a unit nobody has used yet; anything with a history is deactivated instead. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	await deleteUnit(getDb(), admin, event.params.id);
	return new Response(null, { status: 204 });
});
