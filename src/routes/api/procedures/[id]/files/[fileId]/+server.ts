import { mayEditChecklist } from '$lib/server/checklist/procedures.service';
import { removeFormFile } from '$lib/server/checklist/form-files.service';
import { ApiError, endpoint, requireUser } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	if (!mayEditChecklist(user, event.locals.scope)) throw new ApiError(403, 'forbidden');
	if (!(await removeFormFile(getDb(), event.params.id, event.params.fileId))) throw new ApiError(404, 'not_found');
	return new Response(null, { status: 204 });
});
