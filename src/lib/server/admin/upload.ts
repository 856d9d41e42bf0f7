/** Reading the import's multipart upload within bounds, so a huge file is refused, not buffered. */
import type { RequestEvent } from '@sveltejs/kit';
import { ApiError } from '../http/api';
import type { UploadedFile } from './import.service';
import { MAX_SPREADSHEET_BYTES } from './spreadsheet';

/** Two files at most (wards and people), each within the spreadsheet limit, plus the form's own bytes. */
const MAX_FILES = 2;
const MAX_BODY = MAX_FILES * MAX_SPREADSHEET_BYTES + 64 * 1024;

export async function readUploadedFiles(event: RequestEvent): Promise<{ mode: string; files: UploadedFile[] }> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^multipart\/form-data\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type');
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (declared > MAX_BODY) throw uploadTooLarge();
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch (err) {
		// The adapter cuts a body over BODY_SIZE_LIMIT with a 413 error; anything else is a malformed form.
		if ((err as { status?: unknown })?.status === 413) throw uploadTooLarge();
		throw new ApiError(400, 'bad_request');
	}
	const files: UploadedFile[] = [];
	for (const entry of form.getAll('files')) {
		if (typeof entry === 'string' || (entry.size === 0 && entry.name === '')) continue;
		if (files.length === MAX_FILES) throw new ApiError(400, 'validation_failed', { field: 'files' });
		// Checked before reading: the declared size of each part is known.
		if (entry.size > MAX_SPREADSHEET_BYTES) {
			throw new ApiError(413, 'import_too_large', { file: entry.name, limit: MAX_SPREADSHEET_BYTES / 1024 / 1024 });
		}
		files.push({ name: entry.name || 'tep', bytes: new Uint8Array(await entry.arrayBuffer()) });
	}
	return { mode: String(form.get('mode') ?? ''), files };
}

/** The rest of the body is never read, so the connection cannot carry another request. */
function uploadTooLarge(): ApiError {
	return new ApiError(413, 'import_upload_too_large', { limit: MAX_SPREADSHEET_BYTES / 1024 / 1024 }, { connection: 'close' });
}
