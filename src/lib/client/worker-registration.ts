/**
 * Registering the service worker and following its versions, in a few lines of the
 * platform's own API (workbox-window would cost every page 2 KB of gzip for the same):
 *
 * - `onOfflineReady`: the app is cached and a worker controls the page — at once when it
 *   already did, or when the first worker has installed and taken control;
 * - `onNeedRefresh`: a newer version has installed and waits; it never takes over by itself
 *   (a desk officer may be halfway through a report) until `activate()` is called, which
 *   asks it to take over and reloads the page once it has.
 *
 * The worker is built as a classic script at `/service-worker.js`, for the whole site.
 */
export interface WorkerHandlers {
	onOfflineReady?: () => void;
	onNeedRefresh?: () => void;
}

export const WORKER_URL = '/service-worker.js';

export function registerWorker(handlers: WorkerHandlers = {}): { activate: () => void } {
	let waiting: ServiceWorker | null = null;
	let reloading = false;
	if (!('serviceWorker' in navigator)) return { activate: () => {} };
	const container = navigator.serviceWorker;
	const controlledAtStart = Boolean(container.controller);

	const wait = (worker: ServiceWorker) => {
		waiting = worker;
		handlers.onNeedRefresh?.();
	};
	const follow = (worker: ServiceWorker) =>
		worker.addEventListener('statechange', () => {
			// Installed while another version controls the page: a newer version waits.
			if (worker.state === 'installed' && container.controller) wait(worker);
		});

	container.addEventListener('controllerchange', () => {
		if (reloading) location.reload();
		// The first worker took control (it claims its clients): everything is cached.
		else if (!controlledAtStart) handlers.onOfflineReady?.();
	});
	void container
		.register(WORKER_URL, { scope: '/' })
		.then((registration) => {
			if (registration.active && container.controller) handlers.onOfflineReady?.();
			if (registration.waiting && container.controller) wait(registration.waiting);
			if (registration.installing) follow(registration.installing);
			registration.addEventListener('updatefound', () => registration.installing && follow(registration.installing));
		})
		.catch(() => {
			// Refused (a private window, an old browser): the app works online.
		});

	return {
		activate: () => {
			if (!waiting) return;
			reloading = true;
			waiting.postMessage({ type: 'SKIP_WAITING' });
		}
	};
}
