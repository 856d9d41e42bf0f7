/**
 * Sending one attachment. Small files (screenshots, photos) go in one idempotent PUT; larger
 * ones (videos, long recordings) through the tus resumable protocol in chunks, so a network
 * cut in the middle continues from the last byte the server stored instead of starting over
 * on a 3G link. Either way the server checks the whole file's SHA-256 against the one the
 * device computed when the file was attached.
 */
import type { LocalAttachment } from '../db';
import { outboxHeaders, send, timeoutFor, toOutcome, type Outcome } from './transport';

/** Up to this size one request is cheaper than a resumable session and loses little if cut. */
export const SIMPLE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
/** A chunk per request: small enough to lose little on a cut, large enough to stay fast. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
export const TUS_ENDPOINT = '/api/uploads';

/**
 * Reaches the resumable uploader (tus-js-client, 17 KB): bundled in the service worker, loaded
 * on demand in a page (see http-transport.ts and page-transport.ts). Null when its code
 * cannot be had (offline, never cached).
 */
export type ResumableLoader = () => Promise<typeof import('./resumable-upload').resumable | null>;

export interface UploadHooks {
	onProgress(uploadedBytes: number): void;
	/** The resumable session's address; '' forgets it (the next try starts a new one). */
	onUploadUrl(url: string): void;
}

export function attachmentUrl(attachment: Pick<LocalAttachment, 'reportId' | 'id'>): string {
	return `/api/incidents/${attachment.reportId}/attachments/${attachment.id}`;
}

export async function uploadAttachment(
	attachment: LocalAttachment,
	hooks: UploadHooks,
	loadResumable: ResumableLoader
): Promise<Outcome> {
	if (attachment.size <= SIMPLE_UPLOAD_MAX_BYTES) return putWhole(attachment);
	// After a crash between "the server stored it" and "the device marked it", do not send
	// megabytes again: ask first.
	const stored = await alreadyStored(attachment);
	if (stored) return stored;
	const resumable = await loadResumable();
	if (!resumable) return { kind: 'retry', reason: 'network' };
	const outcome = await resumable(attachment, hooks);
	if (outcome.kind !== 'ok') return outcome;
	// tus says "complete" as soon as the server has every byte, even if storing the file then
	// failed on the server: only the stored file with the same SHA-256 counts as sent.
	const confirmed = await alreadyStored(attachment);
	if (confirmed?.kind === 'ok') return confirmed;
	// Not stored: start over next time. (A failed check keeps the session: the server finishes
	// a complete upload when it is asked about it again.)
	if (confirmed === null) hooks.onUploadUrl('');
	return confirmed ?? { kind: 'retry', reason: 'uploaded but not stored' };
}

function putWhole(attachment: LocalAttachment): Promise<Outcome> {
	const query = new URLSearchParams({ name: attachment.name, type: attachment.type, sha256: attachment.sha256 });
	return send(`${attachmentUrl(attachment)}?${query}`, {
		method: 'PUT',
		headers: { 'content-type': attachment.type, ...outboxHeaders(attachment.userId) },
		body: attachment.blob,
		signal: AbortSignal.timeout(timeoutFor(attachment.size))
	});
}

async function alreadyStored(attachment: LocalAttachment): Promise<Outcome | null> {
	try {
		const response = await fetch(attachmentUrl(attachment), {
			method: 'HEAD',
			headers: outboxHeaders(attachment.userId),
			credentials: 'same-origin',
			cache: 'no-store'
		});
		if (response.ok && response.headers.get('x-sha256') === attachment.sha256) {
			return { kind: 'ok', status: response.status, data: null };
		}
		if (response.status === 401) return toOutcome(response);
		return null;
	} catch {
		return { kind: 'retry', reason: 'network' };
	}
}
