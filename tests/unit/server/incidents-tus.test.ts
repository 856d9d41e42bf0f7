/**
 * Resumable uploads at `/api/uploads`, over real HTTP on loopback: a node server that turns
 * requests into Web Requests as adapter-node does (same body size limit handling), runs the
 * app's hooks (session cookie, cross-site check, API error shape) and then the route.
 */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { Upload } from 'tus-js-client';
import type { RequestEvent } from '@sveltejs/kit';
// @ts-expect-error Kit ships this entry (the request store `sequence` reads) without types.
import { with_request_store } from '@sveltejs/kit/internal/server';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { createSession, SESSION_COOKIE } from '$lib/server/auth/session.service';
import { incidentAttachments } from '$lib/server/db/schema';
import { sha256Hex } from '$lib/server/files/blob-store';
import { ingestReport } from '$lib/server/incidents/ingest.service';
import { createUploadServer } from '$lib/server/incidents/tus';
import { reportSchema } from '$lib/domain/report';
import { handle } from '../../../src/hooks.server';
import * as attachmentRoute from '../../../src/routes/api/incidents/[id]/attachments/[attachmentId]/+server';
import * as uploadRoute from '../../../src/routes/api/uploads/[...path]/+server';
import { call, closeFiles, makeWardWithPeople, openFiles, png, reportBody, runtime, type Person, type WardFixture } from './incidents-fixture';
import { useTestDatabase } from './test-db';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useTestDatabase();
/** Like scripts/serve.js's BODY_SIZE_LIMIT, but small, so that tests can go over it cheaply. */
const BODY_LIMIT = 2 * 1024 * 1024;
let server: http.Server;
let origin: string;

beforeAll(async () => {
	openFiles(t.db);
	server = http.createServer((req, res) => void serve(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	closeFiles();
});

/** adapter-node's request path, in small: getRequest → hooks → route → setResponse. */
async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
	const request = await getRequest({ request: req, base: origin, bodySizeLimit: BODY_LIMIT });
	const url = new URL(request.url);
	const cookies = Object.fromEntries(
		(request.headers.get('cookie') ?? '').split(';').map((c) => c.trim().split('=') as [string, string])
	);
	const event = {
		request,
		url,
		params: { path: url.pathname.replace(/^\/api\/uploads\/?/, '') },
		locals: {},
		cookies: { get: (name: string) => cookies[name], set: () => {}, delete: () => {} },
		getClientAddress: () => '127.0.0.1'
	} as unknown as RequestEvent;
	const route = uploadRoute as unknown as Record<string, (e: RequestEvent) => Promise<Response>>;
	// Kit's `sequence` reads its per-request store; give it the little it needs.
	const store = { event, state: { tracing: { record_span: ({ fn }: { fn: (span: object) => unknown }) => fn({}) } } };
	const response = await with_request_store(store as never, () =>
		handle({
			event,
			resolve: async (e) => {
				const method = route[e.request.method];
				return method ? method(e) : new Response('Method not allowed', { status: 405 });
			}
		})
	);
	await setResponse(res, response);
}

let w: WardFixture;
let desk: Person;
let cookie: string;
let reportId: string;

beforeEach(async () => {
	// Unfinished uploads of earlier tests go with their database rows.
	for (const name of uploadFiles()) rmSync(path.join(uploadsDir(), name), { force: true });
	w = await makeWardWithPeople(t.db, 2);
	desk = w.desks[0]!;
	cookie = await sessionCookie(desk);
	reportId = uuidv7();
	await ingestReport(t.db, {
		reportId,
		report: reportSchema.parse(reportBody()),
		reporter: desk.user,
		wardId: w.ward.id,
		clockSkewMs: null
	});
});

async function sessionCookie(p: Person): Promise<string> {
	const { token } = await createSession(t.db, p.user.id, 'vitest');
	return `${SESSION_COOKIE}=${token}`;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

interface CreateOptions {
	bytes: Uint8Array;
	attachmentId?: string;
	name?: string;
	type?: string;
	sha256?: string;
	reportId?: string;
	cookie?: string;
	length?: number;
	headers?: Record<string, string>;
}

function metadataOf(o: CreateOptions): string {
	return [
		['incidentId', o.reportId ?? reportId],
		['attachmentId', o.attachmentId ?? uuidv7()],
		['name', o.name ?? 'quay-man-hinh.webm'],
		['type', o.type ?? 'image/png'],
		['sha256', o.sha256 ?? sha256Hex(o.bytes)]
	]
		.map(([k, v]) => `${k} ${b64(v!)}`)
		.join(',');
}

async function create(o: CreateOptions): Promise<Response> {
	return fetch(`${origin}/api/uploads`, {
		method: 'POST',
		headers: {
			'tus-resumable': '1.0.0',
			'upload-length': String(o.length ?? o.bytes.byteLength),
			'upload-metadata': metadataOf({ name: 'anh-loi.png', ...o }),
			cookie: o.cookie ?? cookie,
			...o.headers
		}
	});
}

function patch(location: string, offset: number, body: Uint8Array, c = cookie): Promise<Response> {
	return fetch(`${origin}${location}`, {
		method: 'PATCH',
		headers: {
			'tus-resumable': '1.0.0',
			'upload-offset': String(offset),
			'content-type': 'application/offset+octet-stream',
			cookie: c
		},
		body: body as BodyInit
	});
}

function head(location: string, c = cookie): Promise<Response> {
	return fetch(`${origin}${location}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', cookie: c } });
}

async function errorOf(response: Response) {
	expect(response.headers.get('content-type')).toContain('application/json');
	const body = (await response.json()) as { error: { code: string; message: string } };
	return { status: response.status, code: body.error.code, message: body.error.message };
}

/** A HEAD answer has no body: its status and type say enough. */
async function headRefusal(location: string, c = cookie) {
	const response = await head(location, c);
	return { status: response.status, json: response.headers.get('content-type')?.includes('application/json') ?? false };
}

const uploadsDir = () => path.join(runtime.dir!, 'uploads');
const uploadFiles = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()) : []);

/** Sends the first `sent` bytes of a PATCH announcing `body.length`, then cuts the connection. */
async function interruptedPatch(location: string, offset: number, body: Uint8Array, sent: number, uploadId: string) {
	const { port } = server.address() as AddressInfo;
	const req = http.request({
		host: '127.0.0.1',
		port,
		path: location,
		method: 'PATCH',
		headers: {
			'tus-resumable': '1.0.0',
			'upload-offset': String(offset),
			'content-type': 'application/offset+octet-stream',
			'content-length': String(body.length),
			cookie
		}
	});
	req.on('error', () => {});
	req.write(body.subarray(0, sent));
	// Wait until the server has written what was sent, then pull the plug mid-body.
	const file = path.join(uploadsDir(), uploadId);
	for (let i = 0; i < 200 && statSync(file).size < offset + sent; i++) await new Promise((r) => setTimeout(r, 20));
	req.destroy();
}

/**
 * Until the returned function is called, uploads are served by an instance whose file store
 * fails its next `adopt` (a full disk, say): the last chunk is written, storing it fails. The
 * returned function puts the usual instance back, as a restarted process would be.
 */
function failNextStore(): () => void {
	const usual = runtime.uploads;
	const store = runtime.store!;
	let failed = false;
	const failing = {
		...store,
		async adopt(file: string, sha256: string) {
			if (failed) return store.adopt(file, sha256);
			failed = true;
			throw new Error('ENOSPC: no space left on device');
		}
	};
	const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
	runtime.uploads = createUploadServer({ directory: uploadsDir(), db: t.db, store: failing });
	return () => {
		runtime.uploads = usual;
		quiet.mockRestore();
	};
}

describe('tus uploads', () => {
	it('resumes an interrupted upload from the offset the server kept, then verifies and stores it', async () => {
		const bytes = png(1536 * 1024, 3);
		bytes[1_000_000] = 42;
		const attachmentId = uuidv7();
		const created = await create({ bytes, attachmentId });
		expect(created.status).toBe(201);
		expect(created.headers.get('tus-resumable')).toBe('1.0.0');
		const location = created.headers.get('location')!;
		expect(location).toMatch(/^\/api\/uploads\/[0-9a-f]+$/);
		const uploadId = location.split('/').pop()!;

		// The first PATCH carries 600 KB of the file and then the connection drops.
		await interruptedPatch(location, 0, bytes, 600 * 1024, uploadId);

		// HEAD says how much arrived (polling: the server notices the cut asynchronously).
		let offset = -1;
		for (let i = 0; i < 100; i++) {
			const h = await head(location);
			expect(h.status).toBe(200);
			offset = Number(h.headers.get('upload-offset'));
			if (offset === 600 * 1024) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		expect(offset).toBe(600 * 1024);
		expect(await t.db.select().from(incidentAttachments)).toHaveLength(0);

		// The rest, from there.
		const done = await patch(location, offset, bytes.subarray(offset));
		expect(done.status).toBe(204);
		expect(done.headers.get('upload-offset')).toBe(String(bytes.length));
		expect(done.headers.get('x-sha256')).toBe(sha256Hex(bytes));
		expect(done.headers.get('x-attachment-id')).toBe(attachmentId);

		const [row] = await t.db.select().from(incidentAttachments).where(eq(incidentAttachments.id, attachmentId));
		expect(row).toMatchObject({ reportId, name: 'anh-loi.png', type: 'image/png', size: bytes.length, sha256: sha256Hex(bytes) });
		// The tus copy and its record are gone; the bytes are served from the store.
		expect(uploadFiles()).toEqual([]);
		const read = await call(attachmentRoute.GET, desk, { path: '/', params: { id: reportId, attachmentId } });
		// (Compared by hash: a deep equal of 1.5 million numbers takes seconds.)
		expect(sha256Hex(new Uint8Array(await read.arrayBuffer()))).toBe(sha256Hex(bytes));
		// And the finished upload's address is no more.
		expect(await headRefusal(location)).toEqual({ status: 404, json: true });
	});

	it('works with tus-js-client as the device uses it (base64 metadata, chunks, custom headers)', async () => {
		const bytes = png(2_500_000, 5);
		const attachmentId = uuidv7();
		await new Promise<void>((resolve, reject) => {
			const upload = new Upload(Buffer.from(bytes), {
				endpoint: `${origin}/api/uploads`,
				chunkSize: 1024 * 1024,
				retryDelays: [0],
				metadata: {
					incidentId: reportId,
					attachmentId,
					name: 'Quay màn hình lỗi.png',
					type: 'image/png',
					sha256: sha256Hex(bytes)
				},
				headers: { cookie, 'x-expected-user': desk.user.id },
				onSuccess: () => resolve(),
				onError: reject
			});
			upload.start();
		});
		const [row] = await t.db.select().from(incidentAttachments).where(eq(incidentAttachments.id, attachmentId));
		expect(row).toMatchObject({ name: 'Quay màn hình lỗi.png', size: bytes.length, sha256: sha256Hex(bytes) });
		expect(uploadFiles()).toEqual([]);
	});

	it('refuses a finished upload whose SHA-256 differs, with a JSON body and the tus headers, and deletes it', async () => {
		const bytes = png(300_000);
		const created = await create({ bytes, sha256: sha256Hex(png(300_000, 1)) });
		expect(created.status).toBe(201);
		const location = created.headers.get('location')!;
		const refused = await patch(location, 0, bytes);
		expect(refused.headers.get('tus-resumable')).toBe('1.0.0');
		expect(refused.headers.get('cache-control')).toBe('no-store');
		const error = await errorOf(refused);
		expect(error).toMatchObject({ status: 400, code: 'checksum_mismatch' });
		expect(error.message).toContain('anh-loi.png');
		expect(uploadFiles()).toEqual([]);
		expect(await t.db.select().from(incidentAttachments)).toHaveLength(0);
	});

	it('refuses a renamed program by sniffing once the bytes are in', async () => {
		const exe = new Uint8Array(4096);
		exe.set([0x4d, 0x5a, 0x90, 0x00]);
		const created = await create({ bytes: exe, name: 'loi.png' });
		const refused = await patch(created.headers.get('location')!, 0, exe);
		expect(await errorOf(refused)).toMatchObject({ status: 415, code: 'attachment_type_refused' });
		expect(uploadFiles()).toEqual([]);
	});

	it('refuses at creation what can be refused before any byte is sent', async () => {
		const bytes = png(1000);
		expect(await errorOf(await create({ bytes, sha256: 'abc' }))).toMatchObject({ status: 400, code: 'sha256_invalid' });
		expect(await errorOf(await create({ bytes, type: 'application/x-msdownload' }))).toMatchObject({
			status: 415,
			code: 'attachment_type_refused'
		});
		const huge = await errorOf(await create({ bytes, length: 26 * 1024 * 1024 }));
		expect(huge).toMatchObject({ status: 413, code: 'attachment_too_large' });
		expect(huge.message).toContain('25 MB');
		expect(await errorOf(await create({ bytes, reportId: 'x' }))).toMatchObject({ status: 400, code: 'invalid_id' });
		expect(await errorOf(await create({ bytes, reportId: uuidv7() }))).toMatchObject({ status: 404, code: 'not_found' });
		expect(await errorOf(await create({ bytes, cookie: await sessionCookie(w.desks[1]!) }))).toMatchObject({
			status: 403,
			code: 'forbidden'
		});
		const deferred = await fetch(`${origin}/api/uploads`, {
			method: 'POST',
			headers: { 'tus-resumable': '1.0.0', 'upload-defer-length': '1', 'upload-metadata': metadataOf({ bytes }), cookie }
		});
		expect(await errorOf(deferred)).toMatchObject({ status: 411, code: 'length_required' });
		// tus's own refusal (no Tus-Resumable header) in the API's shape too.
		const noVersion = await fetch(`${origin}/api/uploads`, { method: 'POST', headers: { 'upload-length': '10', cookie } });
		expect(await errorOf(noVersion)).toMatchObject({ status: 412, code: 'bad_request' });
		expect(uploadFiles()).toEqual([]);
	});

	it('checks the caps of the report when the upload is created', async () => {
		const stored = [];
		for (let i = 0; i < 10; i++) {
			const bytes = png(500, i);
			const created = await create({ bytes });
			stored.push((await patch(created.headers.get('location')!, 0, bytes)).status);
		}
		expect(stored).toEqual(Array(10).fill(204));
		expect(await errorOf(await create({ bytes: png(500, 77) }))).toMatchObject({ status: 400, code: 'attachments_too_many' });
	});

	it('needs a session for every request, and shows an upload only to whoever created it', async () => {
		const bytes = png(1000);
		const created = await create({ bytes });
		const location = created.headers.get('location')!;
		expect(await headRefusal(location, 'nothing=here')).toEqual({ status: 401, json: true });
		expect(await errorOf(await create({ bytes, cookie: '' }))).toMatchObject({ status: 401, code: 'unauthenticated' });
		const other = await sessionCookie(w.desks[1]!);
		expect(await headRefusal(location, other)).toEqual({ status: 404, json: true });
		expect(await errorOf(await patch(location, 0, bytes, other))).toMatchObject({ status: 404, code: 'not_found' });
		expect(await errorOf(await patch(location, 0, bytes, 'nothing=here'))).toMatchObject({ status: 401, code: 'unauthenticated' });
		const mismatch = await create({ bytes, headers: { 'x-expected-user': w.desks[1]!.user.id } });
		expect(await errorOf(mismatch)).toMatchObject({ status: 401, code: 'session_mismatch' });
		// The owner still can.
		expect((await patch(location, 0, bytes)).status).toBe(204);
	});

	it('answers tus protocol refusals in the API shape while keeping the headers a client needs', async () => {
		const bytes = png(100_000);
		const created = await create({ bytes });
		const location = created.headers.get('location')!;
		expect((await patch(location, 0, bytes.subarray(0, 40_000))).status).toBe(204);

		const wrongOffset = await patch(location, 10, bytes.subarray(10));
		expect(wrongOffset.headers.get('tus-resumable')).toBe('1.0.0');
		expect(await errorOf(wrongOffset)).toMatchObject({ status: 409, code: 'upload_offset_mismatch' });
		const unknown = await head('/api/uploads/0123456789abcdef');
		expect(unknown.status).toBe(404);
		expect(unknown.headers.get('tus-resumable')).toBe('1.0.0');

		// A chunk over the server's body size limit is a clear 413, and the upload goes on.
		const big = png(BODY_LIMIT + 1024);
		const bigCreated = await create({ bytes: big });
		const bigLocation = bigCreated.headers.get('location')!;
		const tooBig = await patch(bigLocation, 0, big);
		expect(await errorOf(tooBig)).toMatchObject({ status: 413, code: 'body_too_large' });
		expect(Number((await head(bigLocation)).headers.get('upload-offset'))).toBe(0);
		expect((await patch(bigLocation, 0, big.subarray(0, BODY_LIMIT / 2))).status).toBe(204);
		expect((await patch(bigLocation, BODY_LIMIT / 2, big.subarray(BODY_LIMIT / 2))).status).toBe(204);

		// OPTIONS lists the protocol's capabilities; the upload area is not served by GET.
		const options = await fetch(`${origin}/api/uploads`, { method: 'OPTIONS', headers: { cookie } });
		expect(options.headers.get('tus-version')).toContain('1.0.0');
		expect(options.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('stores on the next HEAD an upload whose last chunk arrived but could not be stored, never a silent success', async () => {
		const bytes = png(200_000, 9);
		const attachmentId = uuidv7();
		const restart = failNextStore();
		const location = (await create({ bytes, attachmentId })).headers.get('location')!;
		const uploadId = location.split('/').pop()!;
		expect(await errorOf(await patch(location, 0, bytes))).toMatchObject({ status: 500, code: 'internal' });
		expect(await t.db.select().from(incidentAttachments)).toHaveLength(0);
		expect(uploadFiles()).toContain(uploadId);
		restart();

		// All bytes are there, so HEAD would say "done": it stores the file first.
		const h = await head(location);
		expect(h.status).toBe(200);
		expect(h.headers.get('tus-resumable')).toBe('1.0.0');
		expect(h.headers.get('upload-offset')).toBe(String(bytes.length));
		expect(h.headers.get('upload-length')).toBe(String(bytes.length));
		expect(h.headers.get('x-attachment-id')).toBe(attachmentId);
		expect(h.headers.get('x-sha256')).toBe(sha256Hex(bytes));
		const [row] = await t.db.select().from(incidentAttachments).where(eq(incidentAttachments.id, attachmentId));
		expect(row).toMatchObject({ reportId, size: bytes.length, sha256: sha256Hex(bytes) });
		expect(uploadFiles()).toEqual([]);
		expect(await headRefusal(location)).toEqual({ status: 404, json: true });
	});

	it('stores on a repeated last PATCH an upload whose storing failed', async () => {
		const bytes = png(120_000, 4);
		const attachmentId = uuidv7();
		const restart = failNextStore();
		const location = (await create({ bytes, attachmentId })).headers.get('location')!;
		expect((await patch(location, 0, bytes)).status).toBe(500);
		restart();

		// The client, not knowing how far its PATCH got, sends the last chunk again.
		const again = await patch(location, 100_000, bytes.subarray(100_000));
		expect(again.status).toBe(204);
		expect(again.headers.get('upload-offset')).toBe(String(bytes.length));
		expect(again.headers.get('x-attachment-id')).toBe(attachmentId);
		expect(await t.db.select().from(incidentAttachments).where(eq(incidentAttachments.id, attachmentId))).toHaveLength(1);
		expect(uploadFiles()).toEqual([]);
	});

	it('refuses, and deletes, a complete upload left by a restart whose bytes fail the checks', async () => {
		const bytes = png(50_000, 2);
		const location = (await create({ bytes })).headers.get('location')!;
		const uploadId = location.split('/').pop()!;
		// The process stopped after writing the last byte, before hashing: and the bytes are damaged.
		const damaged = bytes.slice();
		damaged[40_000] = 0;
		writeFileSync(path.join(uploadsDir(), uploadId), damaged);

		expect(await headRefusal(location)).toEqual({ status: 400, json: true });
		expect(await t.db.select().from(incidentAttachments)).toHaveLength(0);
		expect(uploadFiles()).toEqual([]);
		expect(await headRefusal(location)).toEqual({ status: 404, json: true });
	});

	it('lets tus-js-client, retrying after a failed store, finish with the file stored', async () => {
		const bytes = png(1_500_000, 6);
		const attachmentId = uuidv7();
		const restart = failNextStore();
		try {
			await new Promise<void>((resolve, reject) => {
				new Upload(Buffer.from(bytes), {
					endpoint: `${origin}/api/uploads`,
					chunkSize: 1024 * 1024,
					retryDelays: [0, 0],
					metadata: { incidentId: reportId, attachmentId, name: 'loi.png', type: 'image/png', sha256: sha256Hex(bytes) },
					headers: { cookie },
					onSuccess: () => resolve(),
					onError: reject
				}).start();
			});
		} finally {
			restart();
		}
		const [row] = await t.db.select().from(incidentAttachments).where(eq(incidentAttachments.id, attachmentId));
		expect(row).toMatchObject({ size: bytes.length, sha256: sha256Hex(bytes) });
		expect(uploadFiles()).toEqual([]);
	});
});
