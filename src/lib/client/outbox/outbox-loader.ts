/**
 * The outbox scheduler — and with it the drain, the transport and the upload code — is loaded
 * when there is something to send: at start only if this device holds unsent work of the
 * person signed in, otherwise with the first report or action queued. A page that shows the
 * outbox's own state (the retry countdown on /bao-cao) imports the scheduler itself; both
 * get the same instance.
 */
import type { OutboxOp } from '../db';
import { peekAny } from '../db-peek';

type Scheduler = typeof import('./scheduler.svelte');

let loaded: Promise<Scheduler> | undefined;
/** Whom the outbox drains for: set by the signed-in layout, applied once the scheduler is here. */
let author: string | null = null;

/** The scheduler, draining for the current author (which starts a drain at once). */
export function loadOutbox(): Promise<Scheduler> {
	loaded ??= import('./scheduler.svelte').then((scheduler) => {
		scheduler.outbox.use(author);
		return scheduler;
	});
	return loaded;
}

/** Drains for this person from now on; `null` stops (signed out). The layout's call. */
export async function useOutbox(userId: string | null): Promise<void> {
	author = userId;
	if (!loaded) {
		if (!userId) return;
		// Nothing of theirs waiting on this device: no drain code to load yet.
		if (!(await peekAny<OutboxOp>('outbox', (op) => op.userId === userId))) return;
	}
	(await loadOutbox()).outbox.use(author);
}

/**
 * Something may be waiting (the network is back, the page is visible again): drain. Another
 * tab may have queued work and closed since this page started, so the device is looked at
 * again before deciding there is nothing to send.
 */
export function kickLoadedOutbox(): void {
	if (loaded) void loaded.then(({ outbox }) => outbox.kick());
	else void useOutbox(author);
}

/** Something was just queued on this page: drain now. */
export function kickOutbox(): void {
	void loadOutbox().then(({ outbox }) => outbox.kick());
}
