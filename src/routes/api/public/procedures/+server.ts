import { json } from '@sveltejs/kit';
import { listProcedures } from '$lib/server/checklist/procedures.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: the checklist is for citizens' phones and the notice display too. Devices
// keep it offline (the service worker); online they always get the current version, so an
// administrator's correction reaches the next citizen who opens it.
export const GET: RequestHandler = async () =>
	json({ items: await listProcedures(getDb()) }, { headers: { 'cache-control': 'no-cache' } });
