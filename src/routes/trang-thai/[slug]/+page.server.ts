import { error } from '@sveltejs/kit';
import { cachedPublicWard } from '$lib/server/org/public-ward-cache';
import { getDb } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * The public status page for citizens' phones: rendered by the server and shipped with no
 * JavaScript at all, so it opens fast on a cheap Android over 3G; it reloads itself.
 */
export const prerender = false;
export const ssr = true;
export const csr = false;

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const ward = await cachedPublicWard(getDb(), params.slug);
	if (!ward) error(404, 'not_found');
	// Shared caches may keep it as briefly as the status API itself.
	setHeaders({ 'cache-control': 'public, max-age=5' });
	return { ward, renderedAt: new Date().toISOString() };
};
