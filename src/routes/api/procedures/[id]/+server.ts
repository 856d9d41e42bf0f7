import { json } from '@sveltejs/kit';
import { procedureInputSchema } from '$lib/domain/procedure';
import {
	getProcedureForReview,
	mayEditChecklist,
	updateProcedure
} from '$lib/server/checklist/procedures.service';
import { ApiError, endpoint, readJson, requireUser } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Administrators read a procedure with its review note, and save (confirm) their edit. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	if (!mayEditChecklist(user, event.locals.scope)) throw new ApiError(403, 'forbidden');
	const procedure = await getProcedureForReview(getDb(), event.params.id);
	if (!procedure) throw new ApiError(404, 'not_found');
	return json({ procedure });
});

export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	if (!mayEditChecklist(user, event.locals.scope)) throw new ApiError(403, 'forbidden');
	const input = await readJson(event, procedureInputSchema);
	if (!(await updateProcedure(getDb(), event.params.id, input))) throw new ApiError(404, 'not_found');
	return new Response(null, { status: 204 });
});
