import { errorResponse } from '$lib/server/http/api';
import { readPublicNoticeVoice } from '$lib/server/org/notice-voice.service';
import { getBlobStore, getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: notice displays play it. The address names the bytes (their SHA-256), so
// browsers, proxies and the displays' worker may keep it for good; a new recording has a new
// address, and an old one answers 404 once replaced or removed.
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const found = await readPublicNoticeVoice(getDb(), getBlobStore(), params.slug, params.version);
	if (!found) return errorResponse(locals.locale, 404, 'not_found');
	const headers: Record<string, string> = {
		'content-type': found.type,
		'cache-control': 'public, max-age=31536000, immutable',
		'accept-ranges': 'bytes',
		'x-content-type-options': 'nosniff',
		'content-security-policy': 'sandbox'
	};
	// Safari plays media only from servers that answer byte ranges.
	const total = found.bytes.byteLength;
	const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
	if (range && (range[1] || range[2])) {
		const start = range[1] ? Number(range[1]) : Math.max(0, total - Number(range[2]));
		const end = range[1] && range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
		if (start > end || start >= total) {
			return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${total}` } });
		}
		return new Response(found.bytes.subarray(start, end + 1), {
			status: 206,
			headers: { ...headers, 'content-range': `bytes ${start}-${end}/${total}`, 'content-length': String(end - start + 1) }
		});
	}
	return new Response(found.bytes, { headers: { ...headers, 'content-length': String(total) } });
};
