import { json } from '@sveltejs/kit';
import { updateSettingsSchema } from '$lib/domain/account';
import { endpoint, readJson, requireUser } from '$lib/server/http/api';
import { toProfile, updateOwnSettings } from '$lib/server/org/users.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint((event) => {
	const user = requireUser(event);
	return json({ user: toProfile(user, event.locals.unit) });
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const changes = await readJson(event, updateSettingsSchema);
	const updated = await updateOwnSettings(getDb(), user, changes);
	return json({ user: toProfile(updated, event.locals.unit) });
});
