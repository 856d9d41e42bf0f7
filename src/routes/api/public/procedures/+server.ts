import { json } from '@sveltejs/kit';
import { listProcedures } from '$lib/server/checklist/procedures.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: the checklist is for citizens' phones and the notice display too. Devices
// keep it offline (the service worker); a minute of caching spares the database.
export const GET: RequestHandler = async () =>
	json({ items: await listProcedures(getDb()) }, { headers: { 'cache-control': 'public, max-age=60' } });
