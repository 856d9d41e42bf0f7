/** Response headers for an attachment's bytes. */
import type { IncidentAttachment } from '../db/schema';

/** RFC 5987 / 8187 encoding for `filename*` (Vietnamese names survive intact). */
function encodeFilename(name: string): string {
	return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function attachmentHeaders(row: Pick<IncidentAttachment, 'name' | 'type' | 'size' | 'sha256'>): Record<string, string> {
	// A plain-ASCII fallback name for old clients, then the exact one.
	const ascii = row.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
	return {
		'content-type': row.type,
		'content-length': String(row.size),
		'content-disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeFilename(row.name)}`,
		etag: `"${row.sha256}"`,
		'x-sha256': row.sha256,
		// Screenshots often show citizens' personal data: never kept in a device or proxy cache.
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff',
		// A PDF (or anything) opened from here runs no script and reaches nothing of this
		// origin; as an <img> or <video> source the policy does not apply and it still shows.
		'content-security-policy': "sandbox; default-src 'none'"
	};
}
