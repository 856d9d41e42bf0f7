import { json } from '@sveltejs/kit';
import { createUnitSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { createUnit, listManagedUnits } from '$lib/server/admin/units.admin';
import { endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** The units the administrator manages, with their people count and ward leader. */
export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	return json({ items: await listManagedUnits(getDb(), admin) });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const input = await readJson(event, createUnitSchema);
	return json(await createUnit(getDb(), admin, input), { status: 201 });
});
