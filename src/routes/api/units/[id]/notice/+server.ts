import { wardNoticeUpdateSchema } from '$lib/domain/notice';
import { ApiError, endpoint, readJson, requireUser } from '$lib/server/http/api';
import { updateWardNotice } from '$lib/server/org/notice.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const update = await readJson(event, wardNoticeUpdateSchema);
	const result = await updateWardNotice(getDb(), user, event.locals.scope, event.params.id, update);
	if (!result.ok) throw new ApiError(result.reason === 'not_found' ? 404 : 403, result.reason);
	return new Response(null, { status: 204 });
});
