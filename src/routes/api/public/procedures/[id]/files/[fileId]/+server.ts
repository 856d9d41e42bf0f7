import { readFormFile } from '$lib/server/checklist/form-files.service';
import { errorResponse } from '$lib/server/http/api';
import { getBlobStore, getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// No sign-in: a blank form anyone may print. A file id names fixed bytes (a new upload gets
// a new id), so devices may keep it for good.
export const GET: RequestHandler = async ({ params, locals }) => {
	const found = await readFormFile(getDb(), getBlobStore(), params.id, params.fileId);
	if (!found) return errorResponse(locals.locale, 404, 'not_found');
	return new Response(found.bytes, {
		headers: {
			'content-type': found.file.type,
			'content-length': String(found.bytes.byteLength),
			'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(found.file.name)}`,
			'cache-control': 'public, max-age=31536000, immutable'
		}
	});
};
