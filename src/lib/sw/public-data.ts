/// <reference lib="webworker" />
/**
 * Public reference data (the paper-form checklist, later the wards' public notices) that
 * must work offline on first use, also on a notice display nobody signs in on.
 *
 * Network first (fresh when online), falling back to the copy kept here after 4 s — a
 * struggling 3G link should not keep a citizen waiting. The copy is fetched when the
 * worker installs, so a device that opened the app once has it before anyone asks.
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

export const PUBLIC_DATA_CACHE = 'public-data-v1';
const WARM_URLS = ['/api/public/procedures', '/api/public/wards'];

export function routePublicData(): void {
	registerRoute(
		({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/api/public/'),
		new NetworkFirst({
			cacheName: PUBLIC_DATA_CACHE,
			networkTimeoutSeconds: 4,
			plugins: [new CacheableResponsePlugin({ statuses: [200] })]
		})
	);
}

/** Fills the cache at install; a failure (offline install) must not fail the install. */
export async function warmPublicData(): Promise<void> {
	try {
		const cache = await caches.open(PUBLIC_DATA_CACHE);
		await cache.addAll(WARM_URLS);
	} catch {
		// The first online use fills it instead.
	}
}
