import { json } from '@sveltejs/kit';
import { errorResponse } from '$lib/server/http/api';
import { getPublicWard } from '$lib/server/org/public-wards.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: the notice display and citizens' phones poll it; a few seconds of caching
// absorb a room full of phones.
export const GET: RequestHandler = async ({ params, locals }) => {
	const ward = await getPublicWard(getDb(), params.slug);
	if (!ward) return errorResponse(locals.locale, 404, 'not_found');
	return json({ ward }, { headers: { 'cache-control': 'public, max-age=10' } });
};
