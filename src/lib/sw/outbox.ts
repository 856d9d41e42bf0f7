/// <reference lib="webworker" />
/**
 * Background Sync: the browser wakes the worker when the network returns, even with every
 * tab of the app closed, and the worker drains the outbox exactly as a page would (same
 * code, same Web Lock, same rules). Only the author signed in on this device is sent for.
 */
import { deviceDb } from '$lib/client/db';
import { drainOutbox } from '$lib/client/outbox/drain';
import { httpTransport } from '$lib/client/outbox/http-transport';
import { SYNC_TAG } from '$lib/client/outbox/sync-tag';

declare let self: ServiceWorkerGlobalScope;

interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
}

export function handleOutboxSync(): void {
	self.addEventListener('sync', (event) => {
		const sync = event as SyncEvent;
		if (sync.tag === SYNC_TAG) sync.waitUntil(drainFromWorker());
	});
}

export async function drainFromWorker(): Promise<void> {
	const me = await deviceDb().profile.get('me');
	if (!me) return;
	const result = await drainOutbox({ db: deviceDb(), userId: me.profile.id, transport: httpTransport });
	// A failure hands the retry back to the browser, which tries the sync again later.
	if (result.status === 'retry') throw new Error('outbox: network still down');
}
