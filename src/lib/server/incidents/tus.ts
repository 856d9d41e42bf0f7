/**
 * Resumable attachment uploads at `/api/uploads` (the tus 1.0 protocol, @tus/server with
 * files under DATA_DIR/uploads). A phone on a weak 3G link sends a 25 MB screen recording
 * in pieces; after a cut, HEAD tells it how much arrived and it goes on from there.
 *
 * `Upload-Metadata` (base64 values, as tus-js-client sends them): `incidentId` (the report
 * id the file belongs to), `attachmentId`, `name`, `type`, `sha256`. tus has no whole-file
 * checksum of its own, so when the last byte arrives the file is hashed, sniffed and stored
 * exactly as the simple PUT stores it (`storeAttachment`), then the tus copy is removed.
 * If storing fails by a fault of ours (or the process stops after the last byte), the
 * complete copy stays: the next HEAD or PATCH on it stores it before answering, so a client
 * is never told "all bytes are here" while no attachment exists.
 *
 * Every request needs the session, and an upload belongs to the user who created it (others
 * get 404). Refusals carry the API's JSON error body and keep tus's own headers
 * (Tus-Resumable, Upload-Offset), so the hooks pass them through and a tus client still
 * understands them.
 *
 * One process: the in-memory locker serialises requests on one upload. Several instances
 * would need a shared locker and a shared store (DESIGN.md §3, the S3 path).
 */
import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { FileConfigstore, FileStore } from '@tus/file-store';
import { ERRORS, Server, type Upload } from '@tus/server';
import { isApiErrorBody, type ApiErrorCode } from '$lib/domain/api-error';
import type { AttachmentInfo } from '$lib/domain/incident';
import type { Locale } from '$lib/domain/roles';
import type { Database } from '../db';
import type { User } from '../db/schema';
import type { BlobStore } from '../files/blob-store';
import { digestFile } from '../files/receive';
import { ApiError, errorBody, errorResponse, isExpectedUser } from '../http/api';
import { isUuid, type Scope } from '../scope';
import { requireOwnReport } from './access';
import { checkUpload, parseAttachmentMeta, storeAttachment } from './attachments.service';
import { bodyRefusal } from './upload-put';

/** An upload left unfinished this long is deleted (a device offline for a week starts over). */
export const UPLOAD_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;
const TUS_VERSION = { 'Tus-Resumable': '1.0.0' };

/** Where the device's tus client points (src/lib/client/outbox/upload.ts names the same path). */
export const TUS_ENDPOINT = '/api/uploads';

export interface UploadEvent {
	request: Request;
	locals: Pick<App.Locals, 'user' | 'scope' | 'locale'>;
}

export interface UploadServer {
	handle(event: UploadEvent): Promise<Response>;
	/** Deletes unfinished uploads past their expiry; returns how many. */
	cleanUp(): Promise<number>;
}

interface Caller {
	user: User;
	scope: Scope;
	locale: Locale;
}

/** A refusal in the shape @tus/server sends on: its status, our JSON body. */
type TusError = { status_code: number; body: string };

/** How finishing an upload ended: stored (now or before), or refused with the API error. */
type Finished = { ok: true; attachment: AttachmentInfo } | { ok: false; error: ApiError };

export function createUploadServer(options: { directory: string; db: Database; store: BlobStore }): UploadServer {
	const { directory, db, store } = options;
	mkdirSync(directory, { recursive: true });
	const configstore = new FileConfigstore(directory);
	const datastore = new FileStore({ directory, configstore, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
	const callers = new WeakMap<Request, Caller>();
	const callerOf = (req: Request) => {
		const caller = callers.get(req as Request);
		if (!caller) throw new Error('tus request without its caller');
		return caller;
	};
	const refusal = (err: ApiError, caller: Caller): TusError => ({
		status_code: err.status,
		body: JSON.stringify(errorBody(caller.locale, err.code, err.params))
	});
	/** Removes the tus copy and its record (the bytes were adopted, refused or already stored). */
	const forget = async (upload: Upload) => {
		await unlink(filePath(upload)).catch(() => {});
		await configstore.delete(upload.id).catch(() => {});
	};
	const filePath = (upload: Upload) => upload.storage?.path ?? path.join(directory, upload.id);

	/** Hashes, sniffs and stores a complete upload, then removes the tus copy. Never throws. */
	const finish = async (upload: Upload, caller: Caller): Promise<Finished> => {
		const md = upload.metadata ?? {};
		try {
			const meta = parseAttachmentMeta({ name: md.name, type: md.type, size: upload.size, sha256: md.sha256 });
			const report = await requireOwnReport(db, caller.scope, caller.user, md.incidentId ?? '');
			const file = await digestFile(filePath(upload));
			const { attachment } = await storeAttachment(db, store, {
				report,
				attachmentId: md.attachmentId ?? '',
				meta,
				file,
				user: caller.user
			});
			await forget(upload);
			return { ok: true, attachment };
		} catch (err) {
			if (err instanceof ApiError) {
				// Refused for good (damaged, not what it says, over a cap): the upload goes.
				await forget(upload);
				return { ok: false, error: err };
			}
			// A fault of ours: the complete upload stays, and the next HEAD or PATCH finishes it.
			const reference = crypto.randomUUID().slice(0, 8);
			console.error(`[${reference}] storing tus upload ${upload.id} failed`, err);
			return { ok: false, error: new ApiError(500, 'internal', { reference }) };
		}
	};
	/** One finishing at a time per upload: a HEAD arriving meanwhile waits for the same outcome. */
	const finishing = new Map<string, Promise<Finished>>();
	const finishOnce = (upload: Upload, caller: Caller): Promise<Finished> => {
		let running = finishing.get(upload.id);
		if (!running) {
			running = finish(upload, caller).finally(() => finishing.delete(upload.id));
			finishing.set(upload.id, running);
		}
		return running;
	};

	/**
	 * A HEAD or PATCH on an upload of the caller's that holds all its bytes: storing it failed
	 * (or never ran) after the last chunk. tus would answer "complete" (or 409) with no
	 * attachment stored; instead it is finished now, and the answer says how that went.
	 */
	const finishLeftover = async (request: Request, caller: Caller): Promise<Response | null> => {
		if ((request.method !== 'HEAD' && request.method !== 'PATCH') || !request.headers.get('tus-resumable')) return null;
		const id = uploadIdOf(request);
		const upload = id ? await datastore.getUpload(id).catch(() => null) : null;
		if (!upload || upload.metadata?.userId !== caller.user.id) return null;
		if (upload.size === undefined || upload.offset !== upload.size) return null;
		// An expired upload is tus's to answer (410).
		const created = upload.creation_date ? Date.parse(upload.creation_date) : Date.now();
		if (Date.now() > created + UPLOAD_EXPIRY_MS) return null;

		const finished = await finishOnce(upload, caller);
		if (!finished.ok) {
			const { status, code, params } = finished.error;
			return errorResponse(caller.locale, status, code, params, TUS_VERSION);
		}
		return new Response(null, {
			status: request.method === 'HEAD' ? 200 : 204,
			headers: {
				...TUS_VERSION,
				'Upload-Offset': String(upload.size),
				'Upload-Length': String(upload.size),
				'Cache-Control': 'no-store',
				...storedHeaders(finished.attachment)
			}
		});
	};

	const tus = new Server({
		path: TUS_ENDPOINT,
		datastore,
		// The Location header stays right behind any proxy.
		relativeLocation: true,
		// Same origin only: no Access-Control-Allow-Origin at all.
		allowedOrigins: () => false,

		async onIncomingRequest(req, id) {
			if (req.method === 'POST') return;
			// Somebody else's upload id is as good as unknown.
			const upload = await datastore.getUpload(id);
			if (upload.metadata?.userId !== callerOf(req as Request).user.id) throw ERRORS.FILE_NOT_FOUND;
		},

		async onUploadCreate(req, upload) {
			const caller = callerOf(req as Request);
			try {
				if (upload.sizeIsDeferred) throw new ApiError(411, 'length_required');
				const md = upload.metadata ?? {};
				const reportId = md.incidentId ?? '';
				const attachmentId = md.attachmentId ?? '';
				if (!isUuid(reportId)) throw new ApiError(400, 'invalid_id', { field: 'incidentId' });
				const meta = parseAttachmentMeta({
					name: md.name ?? md.filename ?? undefined,
					type: md.type ?? md.filetype ?? undefined,
					size: upload.size,
					sha256: md.sha256 ?? undefined
				});
				await checkUpload(db, caller.scope, caller.user, reportId, attachmentId, meta);
				return {
					metadata: { incidentId: reportId, attachmentId, name: meta.name, type: meta.type, sha256: meta.sha256, userId: caller.user.id }
				};
			} catch (err) {
				if (err instanceof ApiError) throw refusal(err, caller);
				throw err;
			}
		},

		async onUploadFinish(req, upload) {
			const caller = callerOf(req as Request);
			const finished = await finishOnce(upload, caller);
			if (!finished.ok) throw refusal(finished.error, caller);
			return { status_code: 204, headers: storedHeaders(finished.attachment) };
		}
	});

	return {
		async handle(event) {
			const { locals } = event;
			if (!locals.user) return errorResponse(locals.locale, 401, 'unauthenticated', {}, TUS_VERSION);
			if (!isExpectedUser(event.request, locals.user.id)) {
				return errorResponse(locals.locale, 401, 'session_mismatch', {}, TUS_VERSION);
			}
			const caller: Caller = { user: locals.user, scope: locals.scope, locale: locals.locale };
			const leftover = await finishLeftover(event.request, caller);
			if (leftover) return leftover;
			const watched = watchBody(event.request);
			callers.set(watched.request, caller);
			const response = await tus.handleWeb(watched.request);
			return apiShaped(response, locals.locale, watched.failure());
		},
		cleanUp: () => tus.cleanUpExpiredUploads()
	};
}

/** What a client learns of a stored attachment when its upload finishes. */
function storedHeaders(attachment: AttachmentInfo): Record<string, string> {
	return { 'X-Attachment-Id': attachment.id, 'X-Sha256': attachment.sha256 };
}

/** The upload id in `/api/uploads/{id}` (tus names uploads with hex digits), or null. */
function uploadIdOf(request: Request): string | null {
	const { pathname } = new URL(request.url);
	const id = pathname.startsWith(`${TUS_ENDPOINT}/`) ? pathname.slice(TUS_ENDPOINT.length + 1) : '';
	return /^[0-9a-z]+$/i.test(id) ? id : null;
}

/**
 * tus answers its own refusals in plain text; the API answers in JSON. Our hooks' refusals
 * are JSON already (they only lack the type); tus's get the matching API code. Its headers
 * stay either way.
 */
async function apiShaped(response: Response, locale: Locale, bodyFailure: unknown): Promise<Response> {
	if (response.status < 400) return response;
	const text = await response.text();
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		if (name !== 'content-length' && name !== 'content-type') headers[name] = value;
	});
	if (isOurs(text)) {
		return new Response(text, {
			status: response.status,
			headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' }
		});
	}
	if (bodyFailure) {
		// The body itself failed: too large for the adapter, or the client went away
		// (the bytes that did arrive are kept; HEAD reports them).
		const refused = bodyRefusal(bodyFailure);
		return errorResponse(locale, refused.status, refused.code, refused.params, { ...headers, ...refused.headers });
	}
	if (response.status >= 500) {
		const reference = crypto.randomUUID().slice(0, 8);
		console.error(`[${reference}] tus upload failed: ${text.trim()}`);
		return errorResponse(locale, response.status, 'internal', { reference }, headers);
	}
	return errorResponse(locale, response.status, tusErrorCode(response.status), {}, headers);
}

function isOurs(text: string): boolean {
	try {
		return isApiErrorBody(JSON.parse(text));
	} catch {
		return false;
	}
}

function tusErrorCode(status: number): ApiErrorCode {
	if (status === 404 || status === 410) return 'not_found';
	if (status === 409) return 'upload_offset_mismatch';
	return 'bad_request';
}

/**
 * The same request with its body passed through a watcher, so that a body failure (over
 * adapter-node's BODY_SIZE_LIMIT, or a cut connection) can be told from a fault of ours
 * after @tus/server has turned both into a 500.
 */
function watchBody(request: Request): { request: Request; failure: () => unknown } {
	if (!request.body) return { request, failure: () => null };
	let failure: unknown = null;
	const reader = request.body.getReader();
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const { done, value } = await reader.read();
				if (done) controller.close();
				else controller.enqueue(value);
			} catch (err) {
				failure = err ?? new Error('request body failed');
				controller.error(err);
			}
		},
		cancel: (reason) => reader.cancel(reason)
	});
	const init: RequestInit & { duplex: 'half' } = {
		method: request.method,
		headers: request.headers,
		body,
		duplex: 'half',
		signal: request.signal
	};
	return { request: new Request(request.url, init), failure: () => failure };
}
