import { json } from '@sveltejs/kit';
import { endpoint, requireUser } from '$lib/server/http/api';
import { listIncidents, parseListQuery } from '$lib/server/incidents/list.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** What the caller may see, newest first: `{ items, next }`; `?cursor=next` for the next page. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const query = parseListQuery(event.url.searchParams, user.id);
	return json(await listIncidents(getDb(), event.locals.scope, query));
});
