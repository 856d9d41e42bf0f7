import { json } from '@sveltejs/kit';
import { FORM_FILE_MAX_BYTES } from '$lib/domain/file-type';
import { mayEditChecklist } from '$lib/server/checklist/procedures.service';
import { addFormFile } from '$lib/server/checklist/form-files.service';
import { ApiError, endpoint, requireUser, tooLarge } from '$lib/server/http/api';
import { getBlobStore, getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const LIMIT_MB = FORM_FILE_MAX_BYTES / 1024 / 1024;

/** An administrator attaches a blank form file (multipart, field `file`). */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	if (!mayEditChecklist(user, event.locals.scope)) throw new ApiError(403, 'forbidden');
	// Refuse an announced oversize upload before reading it (room for the multipart framing).
	if (Number(event.request.headers.get('content-length') ?? 0) > FORM_FILE_MAX_BYTES + 64 * 1024) {
		throw tooLarge(FORM_FILE_MAX_BYTES, 'file_too_large');
	}
	let file: FormDataEntryValue | null;
	try {
		file = (await event.request.formData()).get('file');
	} catch {
		throw new ApiError(400, 'file_required');
	}
	if (!(file instanceof File)) throw new ApiError(400, 'file_required');
	const result = await addFormFile(getDb(), getBlobStore(), event.params.id, {
		name: file.name,
		bytes: new Uint8Array(await file.arrayBuffer())
	});
	if (result.ok) return json({ file: result.file }, { status: 201 });
	switch (result.reason) {
		case 'not_found':
			throw new ApiError(404, 'not_found');
		case 'file_too_large':
			throw new ApiError(413, 'file_too_large', { limit: LIMIT_MB });
		case 'file_type_refused':
			throw new ApiError(415, 'file_type_refused', { name: file.name });
		default:
			throw new ApiError(400, 'file_required');
	}
});
