/**
 * The page's side of the service worker: registers it, says "ready to work offline" (in the
 * footer of every page) once the app is cached, and offers a reload when a new version is waiting. A new version never
 * takes over by itself: a desk officer may be halfway through a report.
 */
import { registerWorker } from './worker-registration';

class PwaState {
	/** The app shell is cached and a worker controls the page. */
	offlineReady = $state(false);
	needRefresh = $state(false);
	private worker: ReturnType<typeof registerWorker> | undefined;

	start(): void {
		this.worker ??= registerWorker({
			onOfflineReady: () => (this.offlineReady = true),
			onNeedRefresh: () => (this.needRefresh = true)
		});
	}

	reload(): void {
		this.worker?.activate();
	}

	dismiss(): void {
		this.needRefresh = false;
	}
}

export const pwa = new PwaState();
