/// <reference lib="webworker" />
/**
 * Code some people need sometimes (the administration pages, the resumable upload of large
 * files): not precached, so the first install downloads less before the app is ready offline,
 * but cached by the worker in the background right after, and served from that copy first
 * (the files are named by their content, so a copy never goes stale). Which files these are
 * is decided at build time (scripts/precache-split.js).
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

declare let self: ServiceWorkerGlobalScope;

export const LATER_CACHE = 'app-later-v1';

export interface LaterEntry {
	url: string;
	revision?: string | null;
	later?: boolean;
}

/** Serves and warms the `later` entries; returns the others, for the precache. */
export function splitLater<T extends LaterEntry>(entries: readonly T[]): T[] {
	const wanted = new Set(entries.filter((e) => e.later).map((e) => new URL(e.url, self.location.origin).href));
	registerRoute(
		({ url, request }) => request.method === 'GET' && wanted.has(url.href),
		new CacheFirst({ cacheName: LATER_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] })] })
	);
	let warmed: Promise<void> | undefined;
	// Once the worker is active, and again whenever it starts (a warm-up cut short by the
	// browser stopping an idle worker is finished then).
	const warm = () => void (warmed ??= warmLater(wanted));
	self.addEventListener('activate', warm);
	self.addEventListener('fetch', warm);
	return entries.filter((e) => !e.later);
}

/** Fetches what is missing and forgets what an older version needed; never throws. */
async function warmLater(wanted: ReadonlySet<string>): Promise<void> {
	try {
		const cache = await caches.open(LATER_CACHE);
		for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
		for (const url of wanted) {
			if (!(await cache.match(url))) await cache.add(url).catch(() => {});
		}
	} catch {
		// Offline or out of space: the pages fetch what they need when they need it.
	}
}
