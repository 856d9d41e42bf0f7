/**
 * Which files a report may carry: their types, their sizes, and what their first bytes say.
 * No zod here (the schemas are in attachment.ts, which re-exports all of this): the report
 * form checks a file with these before it is stored.
 */

export const ATTACHMENT_TYPES = {
	'image/png': { kind: 'image', extensions: ['png'] },
	'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'] },
	'image/webp': { kind: 'image', extensions: ['webp'] },
	'image/gif': { kind: 'image', extensions: ['gif'] },
	'video/webm': { kind: 'video', extensions: ['webm'] },
	'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v', 'mov'] },
	'application/pdf': { kind: 'document', extensions: ['pdf'] }
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export type AttachmentKind = (typeof ATTACHMENT_TYPES)[AttachmentType]['kind'];

export const ATTACHMENT_TYPE_LIST = Object.keys(ATTACHMENT_TYPES) as AttachmentType[];

/**
 * Caps sized for a cheap Android phone on 3G and a ward PC's disk: a 30-second screen
 * recording fits in one file, a report with a handful of photos and one video in the total.
 */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
export const REPORT_ATTACHMENTS_MAX_BYTES = 60 * 1024 * 1024;
export const REPORT_ATTACHMENTS_MAX_COUNT = 10;
export const ATTACHMENT_NAME_MAX = 200;

export function attachmentKind(type: string): AttachmentKind | null {
	return Object.hasOwn(ATTACHMENT_TYPES, type) ? ATTACHMENT_TYPES[type as AttachmentType].kind : null;
}

/** ISO base-media brands that are still pictures (iPhone HEIC, AVIF), not videos. */
const IMAGE_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'];

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
	signature.every((b, i) => bytes[at + i] === b);

/** What the first 16 bytes say the file is; null for anything we do not accept (programs included). */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif'; // GIF8
	// RIFF....WEBP
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm'; // EBML (WebM/Matroska)
	if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
		// ....ftyp then the brand: HEIC and AVIF photos share the container, so look closer.
		const brand = String.fromCharCode(...bytes.subarray(8, 12));
		return IMAGE_BRANDS.includes(brand) ? null : 'video/mp4';
	}
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
	return null;
}

/** Bytes needed by `sniffAttachmentType`. */
export const SNIFF_BYTES = 16;

/**
 * The declared type must be what the bytes are, and a name's extension, when it has one,
 * must agree ("loi.png" holding a program is refused even though programs have no type here).
 */
export function checkAttachmentType(
	name: string,
	declared: string,
	head: Uint8Array
): { ok: true; type: AttachmentType } | { ok: false } {
	const sniffed = sniffAttachmentType(head);
	if (!sniffed || sniffed !== declared) return { ok: false };
	const dot = name.lastIndexOf('.');
	if (dot > 0) {
		const ext = name.slice(dot + 1).toLowerCase();
		const known = ATTACHMENT_TYPE_LIST.some((t) => (ATTACHMENT_TYPES[t].extensions as readonly string[]).includes(ext));
		if (known && !(ATTACHMENT_TYPES[sniffed].extensions as readonly string[]).includes(ext)) return { ok: false };
		if (!known && ['exe', 'msi', 'bat', 'cmd', 'com', 'scr', 'js', 'vbs', 'ps1', 'apk', 'dll'].includes(ext)) {
			return { ok: false };
		}
	}
	return { ok: true, type: sniffed };
}
