/**
 * The resumable path of `upload.ts`: a file over SIMPLE_UPLOAD_MAX_BYTES goes through the tus
 * protocol in chunks. Its own module so that a page loads tus-js-client only when such a file
 * is sent; the service worker has it in its bundle.
 */
import { DetailedError, Upload } from 'tus-js-client';
import type { LocalAttachment } from '../db';
import { fetchHttpStack } from './tus-fetch-stack';
import { outboxHeaders, toOutcome, type Outcome } from './transport';
import { TUS_ENDPOINT, UPLOAD_CHUNK_BYTES, type UploadHooks } from './upload';

export function resumable(attachment: LocalAttachment, hooks: UploadHooks): Promise<Outcome> {
	return new Promise((resolve) => {
		const upload: Upload = new Upload(attachment.blob, {
			endpoint: TUS_ENDPOINT,
			uploadUrl: attachment.uploadUrl ?? null,
			uploadSize: attachment.size,
			chunkSize: UPLOAD_CHUNK_BYTES,
			// The outbox owns retrying (with its backoff and triggers); tus only resumes.
			retryDelays: [],
			storeFingerprintForResuming: false,
			httpStack: fetchHttpStack,
			headers: outboxHeaders(attachment.userId),
			metadata: {
				incidentId: attachment.reportId,
				attachmentId: attachment.id,
				name: attachment.name,
				type: attachment.type,
				sha256: attachment.sha256
			},
			onUploadUrlAvailable() {
				if (upload.url) hooks.onUploadUrl(upload.url);
			},
			onChunkComplete(_chunk, accepted) {
				hooks.onProgress(accepted);
			},
			onSuccess() {
				resolve({ kind: 'ok', status: 200, data: null });
			},
			onError(error) {
				resolve(outcomeOfTusError(error));
			}
		});
		upload.start();
	});
}

function outcomeOfTusError(error: Error): Outcome | Promise<Outcome> {
	const response = error instanceof DetailedError ? error.originalResponse : null;
	const status = response?.getStatus() ?? 0;
	if (!response || status < 200) return { kind: 'retry', reason: error.message };
	// Classify what tus read exactly as every other answer of our API.
	return toOutcome(new Response(response.getBody() || null, { status }));
}
