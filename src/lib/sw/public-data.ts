/// <reference lib="webworker" />
/**
 * Public reference data (the paper-form checklist with its blank form files, the wards'
 * public facts) that must work offline on first use, also on a notice display nobody signs
 * in on.
 *
 * - JSON: network first (fresh when online), falling back to the copy kept here after 4 s —
 *   a struggling 3G link should not keep a citizen waiting.
 * - Blank form files: cache first, kept for good (a file id names fixed bytes).
 * - A ward's recorded notice: cache first, kept until the ward has another (its address
 *   names its bytes, in the path: the precache's ignored `v` and `phuong` parameters play no
 *   part), so a display plays it offline.
 *
 * Both are fetched when the worker installs, and the files again whenever a page has read
 * a newer checklist, so every device that opened the app has them before anyone asks.
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { formFileUrl } from '../domain/form-file-url';
import type { Procedure } from '../domain/procedure';

declare let self: ServiceWorkerGlobalScope;

export const PUBLIC_DATA_CACHE = 'public-data-v1';
export const FORM_FILES_CACHE = 'form-files-v1';
export const NOTICE_AUDIO_CACHE = 'notice-audio-v1';
const PROCEDURES_URL = '/api/public/procedures';
// The checklist's QR code is the same for every ward: a display opened offline on first use shows it.
const WARM_URLS = [PROCEDURES_URL, '/api/public/wards', '/api/public/checklist-qr.svg'];
const FORM_FILE = /^\/api\/public\/procedures\/[^/]+\/files\/[^/]+$/;
const NOTICE_AUDIO = /^\/api\/public\/wards\/([^/]+)\/notice-audio\/[^/]+$/;

/**
 * A proxy's 502/503 while the server is down is no answer: treat it like no network, so
 * the copy kept here is served (exactly when an incident is under way).
 */
const serverTroubleIsOffline = {
	fetchDidSucceed: async ({ response }: { response: Response }) => {
		if (response.status >= 500) throw new Error(`server answered ${response.status}`);
		return response;
	}
};

/**
 * Marks an answer the worker served from its copy (server unreachable): the notice display
 * must not take an old "normal" or "problem" for the ward's status now.
 */
const markServedFromCache = {
	cachedResponseWillBeUsed: async ({ cachedResponse }: { cachedResponse?: Response }) => {
		if (!cachedResponse) return cachedResponse;
		const headers = new Headers(cachedResponse.headers);
		headers.set('x-from-cache', '1');
		return new Response(cachedResponse.body, { status: cachedResponse.status, statusText: cachedResponse.statusText, headers });
	}
};

export function routePublicData(): void {
	// Registered first: Workbox takes the first route that matches.
	registerRoute(
		({ url, request }) => request.method === 'GET' && NOTICE_AUDIO.test(url.pathname),
		new CacheFirst({ cacheName: NOTICE_AUDIO_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] })] })
	);
	registerRoute(
		({ url, request }) => request.method === 'GET' && FORM_FILE.test(url.pathname),
		new CacheFirst({ cacheName: FORM_FILES_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] })] })
	);
	registerRoute(
		({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/api/public/'),
		new NetworkFirst({
			cacheName: PUBLIC_DATA_CACHE,
			networkTimeoutSeconds: 4,
			plugins: [new CacheableResponsePlugin({ statuses: [200] }), serverTroubleIsOffline, markServedFromCache]
		})
	);
	self.addEventListener('message', (event) => {
		if (event.data?.type === 'CACHE_FORM_FILES' && Array.isArray(event.data.urls)) {
			event.waitUntil(cacheFormFiles(event.data.urls as string[]));
		}
		if (event.data?.type === 'KEEP_NOTICE_AUDIO' && typeof event.data.ward === 'string') {
			event.waitUntil(keepNoticeAudio(event.data.ward as string, typeof event.data.url === 'string' ? event.data.url : null));
		}
	});
}

/** Fills the caches at install; a failure (offline install) must not fail the install. */
export async function warmPublicData(): Promise<void> {
	try {
		const cache = await caches.open(PUBLIC_DATA_CACHE);
		await cache.addAll(WARM_URLS);
		const response = await cache.match(PROCEDURES_URL);
		const { items } = (await response!.json()) as { items: Procedure[] };
		await cacheFormFiles(items.flatMap((p) => p.files.map((f) => formFileUrl(p.id, f.id))));
	} catch {
		// The first online use fills them instead.
	}
}

/** Keeps exactly the current form files: new ones fetched, removed ones forgotten. */
async function cacheFormFiles(urls: string[]): Promise<void> {
	const cache = await caches.open(FORM_FILES_CACHE);
	const wanted = new Set(urls.filter((url) => FORM_FILE.test(url)).map((url) => new URL(url, self.location.origin).href));
	for (const request of await cache.keys()) {
		if (!wanted.has(request.url)) await cache.delete(request);
	}
	for (const url of wanted) {
		if (!(await cache.match(url))) await cache.add(url).catch(() => {});
	}
}

/**
 * Keeps exactly a ward's current recording (a display says which, or none): fetched now if
 * missing — also before the worker controls the page — and earlier ones forgotten.
 */
async function keepNoticeAudio(ward: string, url: string | null): Promise<void> {
	const cache = await caches.open(NOTICE_AUDIO_CACHE);
	const wanted = url && NOTICE_AUDIO.test(url) ? new URL(url, self.location.origin).href : null;
	for (const request of await cache.keys()) {
		const match = NOTICE_AUDIO.exec(new URL(request.url).pathname);
		if (match?.[1] === encodeURIComponent(ward) && request.url !== wanted) await cache.delete(request);
	}
	if (wanted && !(await cache.match(wanted))) await cache.add(wanted).catch(() => {});
}
