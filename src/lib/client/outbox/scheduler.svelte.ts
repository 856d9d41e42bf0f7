/**
 * When the outbox drains, from a page: at app start, on `online`, when the page becomes
 * visible again, right after a submit, and on a retry timer with backoff after a failure.
 * The service worker adds Background Sync (a drain with no page open, where supported).
 * Every trigger calls the same drain; the Web Lock inside makes extra calls return at once.
 */
import { deviceDb } from '../db';
import { retryDelay } from './backoff';
import { drainOutbox, type DrainResult } from './drain';
import { pageTransport } from './page-transport';
import { SYNC_TAG } from './sync-tag';


const BUSY_RECHECK_MS = 5_000;

class OutboxScheduler {
	/** The last drain's result, for the screens ("Chờ đăng nhập" banner, retry countdown). */
	last = $state<DrainResult | null>(null);
	nextRetryAt = $state<number | null>(null);
	private userId: string | null = null;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private listening = false;
	private again = false;
	private running: Promise<void> | null = null;

	/** Drains for this signed-in author from now on; `null` stops (signed out). */
	use(userId: string | null): void {
		if (userId === this.userId) return;
		this.userId = userId;
		clearTimeout(this.timer);
		this.nextRetryAt = null;
		if (!userId) return;
		this.listen();
		this.kick();
	}

	/** Something may be waiting: drain now (or right after the drain already running). */
	kick(): void {
		if (!this.userId) return;
		if (this.running) {
			this.again = true;
			return;
		}
		this.running = this.run().finally(() => {
			this.running = null;
			if (this.again) {
				this.again = false;
				this.kick();
			}
		});
	}

	/** For tests and the bench: resolves when the current drain (if any) ends. */
	async settled(): Promise<void> {
		while (this.running) await this.running;
	}

	private async run(): Promise<void> {
		const userId = this.userId;
		if (!userId) return;
		clearTimeout(this.timer);
		this.nextRetryAt = null;
		const result = await drainOutbox({ db: deviceDb(), userId, transport: pageTransport });
		if (userId !== this.userId) return;
		this.last = result;
		if (result.status === 'busy') {
			// Another tab or the worker is draining; look again shortly in case something was
			// queued just as it finished.
			this.timer = setTimeout(() => this.kick(), BUSY_RECHECK_MS);
		} else if (result.status === 'done' && result.heldUntil !== undefined) {
			// A report held for the server's errors goes back in line by itself.
			this.timer = setTimeout(() => this.kick(), Math.max(0, result.heldUntil - Date.now()));
		} else if (result.status === 'retry') {
			const delay = retryDelay(result.attempts, result.retryAfterMs);
			this.nextRetryAt = Date.now() + delay;
			this.timer = setTimeout(() => this.kick(), delay);
			void registerBackgroundSync();
		}
	}

	private listen(): void {
		if (this.listening) return;
		this.listening = true;
		window.addEventListener('online', () => this.kick());
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.kick();
		});
	}
}

export const outbox = new OutboxScheduler();

/**
 * Asks the browser to wake the service worker when the network returns, even with every
 * tab closed (Chromium). Elsewhere the page triggers above do the work.
 */
export async function registerBackgroundSync(): Promise<void> {
	try {
		const registration = await navigator.serviceWorker?.getRegistration();
		const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync;
		await sync?.register(SYNC_TAG);
	} catch {
		// Not supported or refused: the page's own triggers still drain.
	}
}
