/**
 * Sent reports stay on the device as read-only history for SENT_HISTORY_DAYS, then leave it
 * with their files. Checked at every start of the signed-in app; the store (and Dexie) load
 * only when there is something to remove.
 */
import type { LocalReport } from '../db';
import { peekAny } from '../db-peek';

export const SENT_HISTORY_DAYS = 30;

/** Reports sent before this moment are due to leave the device. */
export function historyCutoff(now: number): number {
	return now - SENT_HISTORY_DAYS * 24 * 60 * 60 * 1000;
}

export async function pruneHistoryWhenDue(now = Date.now()): Promise<number> {
	const before = historyCutoff(now);
	if (!(await peekAny<LocalReport>('reports', (r) => r.state === 'sent' && (r.sentAt ?? 0) < before))) return 0;
	return (await import('./store')).pruneHistory(now);
}
