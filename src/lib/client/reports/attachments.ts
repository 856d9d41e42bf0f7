/**
 * Attaching files to a draft: whatever the source (a chosen file, a phone photo, a pasted
 * screenshot, a captured screen, a recorded video), the bytes are checked the way the server
 * will check them (type by content, size caps), hashed, and stored in IndexedDB as a Blob at
 * once — so a closed tab loses nothing and the server's SHA-256 check has something to match.
 */
import { v7 as uuidv7 } from 'uuid';
import {
	ATTACHMENT_MAX_BYTES,
	ATTACHMENT_NAME_MAX,
	REPORT_ATTACHMENTS_MAX_BYTES,
	REPORT_ATTACHMENTS_MAX_COUNT,
	SNIFF_BYTES,
	checkAttachmentType,
	sniffAttachmentType
} from '$lib/domain/attachment-types';
import { deviceDb, type AttachmentSource, type DeviceDb, type LocalAttachment } from '../db';
import { isQuotaError } from './store';

export type AttachRefusal =
	| { code: 'attachment_type_refused'; name: string }
	| { code: 'attachment_empty'; name: string }
	| { code: 'attachment_too_large'; name: string; limitMb: number }
	| { code: 'attachments_total_too_large'; limitMb: number }
	| { code: 'attachments_too_many'; limit: number }
	| { code: 'quota'; name: string }
	/** The report was sent (from this tab or another) before the file was ready. */
	| { code: 'draft_gone'; name: string };

export type AttachResult = { ok: true; attachment: LocalAttachment } | { ok: false; refusal: AttachRefusal };

const MB = 1024 * 1024;

export async function sha256Hex(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function addAttachment(
	owner: { userId: string; reportId: string },
	file: Blob,
	name: string,
	source: AttachmentSource,
	db: DeviceDb = deviceDb()
): Promise<AttachResult> {
	if (file.size === 0) return { ok: false, refusal: { code: 'attachment_empty', name } };
	if (file.size > ATTACHMENT_MAX_BYTES) {
		return { ok: false, refusal: { code: 'attachment_too_large', name, limitMb: ATTACHMENT_MAX_BYTES / MB } };
	}
	const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
	// The device judges by content, as the server will: browsers label files loosely
	// ("image/jpg", "video/webm;codecs=vp8", or nothing at all). The name must still agree.
	const checked = checkAttachmentType(name, sniffAttachmentType(head) ?? '', head);
	if (!checked.ok) return { ok: false, refusal: { code: 'attachment_type_refused', name } };

	const blob = file.type === checked.type ? file : new Blob([file], { type: checked.type });
	const attachment: LocalAttachment = {
		id: uuidv7(),
		reportId: owner.reportId,
		userId: owner.userId,
		name: fitName(name),
		type: checked.type,
		size: blob.size,
		sha256: await sha256Hex(blob),
		blob,
		source,
		addedAt: Date.now(),
		uploadedBytes: 0,
		uploaded: false
	};
	try {
		// Counted and added in one transaction, so files attached together (several pasted at
		// once) cannot pass the caps between one file's count and its write.
		const refusal = await db.transaction('rw', db.attachments, db.drafts, async (): Promise<AttachRefusal | null> => {
			// Only a report still being written takes files: one sent meanwhile would never
			// send a file added after it left.
			const draft = await db.drafts.get(owner.userId);
			if (draft?.reportId !== owner.reportId) return { code: 'draft_gone', name };
			const existing = await db.attachments.where('reportId').equals(owner.reportId).toArray();
			if (existing.length >= REPORT_ATTACHMENTS_MAX_COUNT) {
				return { code: 'attachments_too_many', limit: REPORT_ATTACHMENTS_MAX_COUNT };
			}
			const total = existing.reduce((sum, a) => sum + a.size, 0);
			if (total + file.size > REPORT_ATTACHMENTS_MAX_BYTES) {
				return { code: 'attachments_total_too_large', limitMb: REPORT_ATTACHMENTS_MAX_BYTES / MB };
			}
			await db.attachments.add(attachment);
			return null;
		});
		if (refusal) return { ok: false, refusal };
	} catch (error) {
		if (isQuotaError(error)) return { ok: false, refusal: { code: 'quota', name } };
		throw error;
	}
	return { ok: true, attachment };
}

/** Names longer than the server keeps are shortened, keeping the extension. */
export function fitName(name: string): string {
	// Control characters are refused by the server; they have no place in a file name anyway.
	const printable = Array.from(name).filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);
	const clean = printable.join('').trim() || 'tep';
	if (clean.length <= ATTACHMENT_NAME_MAX) return clean;
	const dot = clean.lastIndexOf('.');
	const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
	return clean.slice(0, ATTACHMENT_NAME_MAX - extension.length) + extension;
}

export async function removeAttachment(id: string, db: DeviceDb = deviceDb()): Promise<void> {
	await db.attachments.delete(id);
}

/** A timestamped name for things that have none (a paste, a capture): "anh-chup-man-hinh-0915.png". */
export function capturedName(prefix: string, extension: string, now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${prefix}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}.${extension}`;
}
