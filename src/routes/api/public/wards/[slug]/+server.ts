import { json } from '@sveltejs/kit';
import { errorResponse } from '$lib/server/http/api';
import { cachedPublicWard, PUBLIC_WARD_TTL_MS } from '$lib/server/org/public-ward-cache';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: the notice display and citizens' phones poll it. Query strings are ignored;
// a few seconds of caching (here and in browsers and proxies) absorb a room full of phones.
const CACHE_CONTROL = `public, max-age=${PUBLIC_WARD_TTL_MS / 1000}`;

export const GET: RequestHandler = async ({ params, locals }) => {
	const ward = await cachedPublicWard(getDb(), params.slug);
	if (!ward) return errorResponse(locals.locale, 404, 'not_found', {}, { 'cache-control': CACHE_CONTROL });
	return json({ ward }, { headers: { 'cache-control': CACHE_CONTROL } });
};
