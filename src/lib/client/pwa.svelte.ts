/**
 * The page's side of the service worker: registers it, says "ready to work offline" (in the
 * footer of every page) once the app is cached, and offers a reload when a new version is waiting. A new version never
 * takes over by itself: a desk officer may be halfway through a report.
 */
import { registerSW } from 'virtual:pwa-register';

class PwaState {
	/** The app shell is cached and a worker controls the page. */
	offlineReady = $state(false);
	needRefresh = $state(false);
	private updateWorker: ((reload?: boolean) => Promise<void>) | undefined;

	start(): void {
		if (!('serviceWorker' in navigator) || this.updateWorker) return;
		this.updateWorker = registerSW({
			immediate: true,
			onOfflineReady: () => {
				this.offlineReady = true;
			},
			onNeedRefresh: () => {
				this.needRefresh = true;
			},
			onRegisteredSW: (_url, registration) => {
				if (registration?.active && navigator.serviceWorker.controller) this.offlineReady = true;
			}
		});
	}

	reload(): void {
		void this.updateWorker?.(true);
	}

	dismiss(): void {
		this.needRefresh = false;
	}
}

export const pwa = new PwaState();
