import { json } from '@sveltejs/kit';
import { ApiError, endpoint, requireUser } from '$lib/server/http/api';
import { deliveryLog } from '$lib/server/notify/log.service';
import { getDb, getNotify } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Administrators: each channel's health and the latest deliveries of the incidents they may see. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	if (user.role !== 'admin') throw new ApiError(403, 'forbidden');
	return json(await deliveryLog(getDb(), event.locals.scope, getNotify().channels));
});
