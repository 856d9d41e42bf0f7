import { json } from '@sveltejs/kit';
import { leadershipSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { setLeadership } from '$lib/server/admin/users.admin';
import { endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** The ward's Response Team leader and deputy, in one action; answers with the ward's people. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const input = await readJson(event, leadershipSchema);
	return json({ items: await setLeadership(getDb(), admin, event.params.id, input) });
});
