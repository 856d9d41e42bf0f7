/**
 * `PUT /api/incidents/{id}/attachments/{attachmentId}?name=…&type=…&sha256=…` with the raw
 * bytes as the body. The body goes to disk as it arrives, hashed on the way; nothing is
 * kept unless every check passes. adapter-node refuses bodies over BODY_SIZE_LIMIT
 * (scripts/serve.js sets 6M): bigger files take the resumable tus endpoint (tus.ts).
 */
import { unlink } from 'node:fs/promises';
import { ATTACHMENT_MAX_BYTES } from '$lib/domain/attachment';
import type { AttachmentInfo } from '$lib/domain/incident';
import type { Database } from '../db';
import type { User } from '../db/schema';
import type { BlobStore } from '../files/blob-store';
import { BodyError, receiveToFile, TooLargeError } from '../files/receive';
import { ApiError, tooLarge } from '../http/api';
import type { Scope } from '../scope';
import { checkUpload, parseAttachmentMeta, storeAttachment } from './attachments.service';

export interface PutAttachmentInput {
	db: Database;
	store: BlobStore;
	scope: Scope;
	user: User;
	reportId: string;
	attachmentId: string;
	request: Request;
	query: URLSearchParams;
}

export async function putAttachment(input: PutAttachmentInput): Promise<{ created: boolean; attachment: AttachmentInfo }> {
	const { db, store, scope, user, reportId, attachmentId, request, query } = input;
	const lengthHeader = request.headers.get('content-length');
	if (lengthHeader === null || !/^\d+$/.test(lengthHeader.trim())) throw new ApiError(411, 'length_required');
	const meta = parseAttachmentMeta({
		name: query.get('name') ?? undefined,
		type: query.get('type') ?? undefined,
		size: Number(lengthHeader),
		sha256: query.get('sha256') ?? undefined
	});
	const report = await checkUpload(db, scope, user, reportId, attachmentId, meta);
	// adapter-node gives no body at all to a request without a Content-Type.
	if (!request.body) throw new ApiError(400, 'attachment_empty', { name: meta.name });

	const temp = await store.tempPath();
	try {
		const file = await receive(request, temp, meta.name);
		return await storeAttachment(db, store, { report, attachmentId, meta, file, user });
	} finally {
		// Adopted files have moved; anything still here was refused.
		await unlink(temp).catch(() => {});
	}
}

async function receive(request: Request, temp: string, name: string) {
	try {
		return await receiveToFile(request.body, temp, ATTACHMENT_MAX_BYTES);
	} catch (err) {
		if (err instanceof TooLargeError) {
			const refusal = tooLarge(ATTACHMENT_MAX_BYTES, 'attachment_too_large');
			throw new ApiError(refusal.status, refusal.code, { ...refusal.params, name }, refusal.headers);
		}
		if (err instanceof BodyError) throw bodyRefusal(err.cause);
		throw err;
	}
}

/**
 * The body stream failed: over adapter-node's BODY_SIZE_LIMIT (its error carries status
 * 413 and the limit in its text), or the client went away (nobody reads that answer).
 */
export function bodyRefusal(cause: unknown): ApiError {
	if ((cause as { status?: unknown })?.status === 413) {
		const limit = /(\d+) bytes|BODY_SIZE_LIMIT of (\d+)/.exec(String((cause as Error).message));
		return tooLarge(Number(limit?.[1] ?? limit?.[2] ?? 0));
	}
	return new ApiError(400, 'bad_request', {}, { connection: 'close' });
}
