import { json } from '@sveltejs/kit';
import { ApiError, endpoint, requireUser } from '$lib/server/http/api';
import { getVisibleUnitDetail } from '$lib/server/org/units.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const unit = await getVisibleUnitDetail(getDb(), event.locals.scope, event.params.id);
	if (!unit) throw new ApiError(404, 'not_found');
	return json({ unit });
});
