import { readFormFile } from '$lib/server/checklist/form-files.service';
import { errorResponse } from '$lib/server/http/api';
import { getBlobStore, getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: a blank form anyone may print. A file id names fixed bytes (a new upload gets
// a new id), so devices may keep it for good.
export const GET: RequestHandler = async ({ params, locals }) => {
	const found = await readFormFile(getDb(), getBlobStore(), params.id, params.fileId);
	if (!found) return errorResponse(locals.locale, 404, 'not_found');
	// PDFs and pictures open in the browser, Word documents download; either way the file
	// runs nothing on our origin (no sniffing, a sandbox policy).
	const disposition = found.file.type.startsWith('application/vnd.') ? 'attachment' : 'inline';
	return new Response(found.bytes, {
		headers: {
			'content-type': found.file.type,
			'content-length': String(found.bytes.byteLength),
			'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(found.file.name)}`,
			'cache-control': 'public, max-age=31536000, immutable',
			'x-content-type-options': 'nosniff',
			'content-security-policy': 'sandbox'
		}
	});
};
