import { json } from '@sveltejs/kit';
import { listPublicWards } from '$lib/server/org/public-wards.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: a notice display is set up by choosing its ward from this list.
export const GET: RequestHandler = async () =>
	json({ items: await listPublicWards(getDb()) }, { headers: { 'cache-control': 'public, max-age=60' } });
