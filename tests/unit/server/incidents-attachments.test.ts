/**
 * Attachments through `PUT /api/incidents/{id}/attachments/{attachmentId}` and read back by
 * GET / HEAD: checked by content and SHA-256, idempotent by id, capped per report, scoped.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { REPORT_ATTACHMENTS_MAX_BYTES } from '$lib/domain/attachment';
import type { AttachmentInfo, IncidentDetail } from '$lib/domain/incident';
import { incidentAttachments } from '$lib/server/db/schema';
import { sha256Hex } from '$lib/server/files/blob-store';
import * as attachmentRoute from '../../../src/routes/api/incidents/[id]/attachments/[attachmentId]/+server';
import * as incidentRoute from '../../../src/routes/api/incidents/[id]/+server';
import {
	call,
	errorOf,
	JSON_HEADERS,
	makeWardWithPeople,
	person,
	png,
	reportBody,
	runtime,
	type Person,
	type WardFixture,
	useIncidentRuntime
} from './incidents-fixture';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();

/** A Windows program: "MZ", then the DOS stub. */
const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, ...new Array(500).fill(0)]);

let w: WardFixture;
let desk: Person;
let reportId: string;
beforeEach(async () => {
	// The database is emptied before each test; so are the stored files.
	rmSync(path.join(runtime.dir!, 'files'), { recursive: true, force: true });
	w = await makeWardWithPeople(t.db, 2);
	desk = w.desks[0]!;
	reportId = await fileReport(desk);
});

async function fileReport(caller: Person, body = reportBody()): Promise<string> {
	const id = uuidv7();
	const response = await call(incidentRoute.PUT, caller, {
		method: 'PUT',
		path: `/api/incidents/${id}`,
		params: { id },
		body: JSON.stringify(body),
		headers: JSON_HEADERS
	});
	expect(response.status).toBe(201);
	return id;
}

interface PutOptions {
	name?: string;
	type?: string;
	sha256?: string;
	headers?: Record<string, string>;
	reportId?: string;
	attachmentId?: string;
}

function putFile(caller: Person | null, bytes: Uint8Array, options: PutOptions = {}) {
	const id = options.reportId ?? reportId;
	const attachmentId = options.attachmentId ?? uuidv7();
	const query = new URLSearchParams({
		name: options.name ?? 'man-hinh-loi.png',
		type: options.type ?? 'image/png',
		sha256: options.sha256 ?? sha256Hex(bytes)
	});
	return call(attachmentRoute.PUT, caller, {
		method: 'PUT',
		path: `/api/incidents/${id}/attachments/${attachmentId}?${query}`,
		params: { id, attachmentId },
		body: bytes as BodyInit,
		headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), ...options.headers }
	});
}

function getFile(caller: Person, id: string, attachmentId: string, method: 'GET' | 'HEAD' = 'GET') {
	return call(method === 'GET' ? attachmentRoute.GET : attachmentRoute.HEAD, caller, {
		method,
		path: `/api/incidents/${id}/attachments/${attachmentId}`,
		params: { id, attachmentId }
	});
}

const blobFiles = () => {
	const root = path.join(runtime.dir!, 'files');
	if (!existsSync(root)) return [];
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => e.name);
};

describe('PUT an attachment', () => {
	it('stores it (201), answers a repeat with 200, and serves the bytes back', async () => {
		const bytes = png(5000);
		const attachmentId = uuidv7();
		const name = 'Ảnh màn hình lỗi (1).png';
		const first = await putFile(desk, bytes, { attachmentId, name });
		expect(first.status).toBe(201);
		const { attachment } = (await first.json()) as { attachment: AttachmentInfo };
		expect(attachment).toEqual({ id: attachmentId, reportId, name, type: 'image/png', size: 5000, sha256: sha256Hex(bytes) });
		expect(blobFiles()).toEqual([sha256Hex(bytes)]);

		const again = await putFile(desk, bytes, { attachmentId, name });
		expect(again.status).toBe(200);
		expect(((await again.json()) as { attachment: AttachmentInfo }).attachment).toEqual(attachment);
		expect(await t.db.select().from(incidentAttachments)).toHaveLength(1);

		const read = await getFile(w.responder, reportId, attachmentId);
		expect(read.status).toBe(200);
		expect(new Uint8Array(await read.arrayBuffer())).toEqual(bytes);
		expect(read.headers.get('content-type')).toBe('image/png');
		expect(read.headers.get('content-length')).toBe('5000');
		expect(read.headers.get('cache-control')).toBe('private, no-store');
		expect(read.headers.get('etag')).toBe(`"${sha256Hex(bytes)}"`);
		expect(read.headers.get('content-disposition')).toBe(
			`inline; filename="Anh man hinh loi (1).png"; filename*=UTF-8''${encodeURIComponent(name).replace('(', '%28').replace(')', '%29')}`
		);

		const head = await getFile(desk, reportId, attachmentId, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.headers.get('x-sha256')).toBe(sha256Hex(bytes));
		expect(await head.text()).toBe('');

		// The incident lists it.
		const incident = await call(incidentRoute.GET, desk, { path: '/', params: { id: reportId } });
		expect(((await incident.json()) as { incident: IncidentDetail }).incident.attachments).toEqual([attachment]);
	});

	it('serves every file, a PDF shown inline included, in a CSP sandbox and without sniffing', async () => {
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n<script>alert(1)</script>\n%%EOF\n');
		const image = png(2000);
		const pdfId = uuidv7();
		const imageId = uuidv7();
		expect((await putFile(desk, pdf, { attachmentId: pdfId, name: 'bien-nhan.pdf', type: 'application/pdf' })).status).toBe(201);
		expect((await putFile(desk, image, { attachmentId: imageId })).status).toBe(201);
		for (const attachmentId of [pdfId, imageId]) {
			for (const method of ['GET', 'HEAD'] as const) {
				const response = await getFile(w.responder, reportId, attachmentId, method);
				expect(response.status).toBe(200);
				expect(response.headers.get('content-security-policy'), method).toBe("sandbox; default-src 'none'");
				expect(response.headers.get('x-content-type-options'), method).toBe('nosniff');
			}
		}
		const read = await getFile(desk, reportId, pdfId);
		expect(read.headers.get('content-type')).toBe('application/pdf');
		expect(read.headers.get('content-disposition')).toMatch(/^inline;/);
	});

	it('refuses bytes whose SHA-256 is not the declared one, and keeps nothing', async () => {
		const bytes = png(3000);
		const refused = await errorOf(await putFile(desk, bytes, { sha256: sha256Hex(png(3000, 9)) }));
		expect(refused).toMatchObject({ status: 400, code: 'checksum_mismatch' });
		expect(refused.message).toContain('man-hinh-loi.png');
		expect(blobFiles()).toEqual([]);
		expect(readdirSync(path.join(runtime.dir!, 'files', 'incoming'))).toEqual([]);
		expect(await t.db.select().from(incidentAttachments)).toHaveLength(0);
		expect(await errorOf(await putFile(desk, bytes, { sha256: 'ABC' }))).toMatchObject({ status: 400, code: 'sha256_invalid' });
	});

	it('refuses a renamed program ("loi.png" holding an .exe) by sniffing its first bytes', async () => {
		const refused = await errorOf(await putFile(desk, exe, { name: 'loi.png', type: 'image/png' }));
		expect(refused).toMatchObject({ status: 415, code: 'attachment_type_refused' });
		expect(refused.message).toContain('loi.png');
		// The name must agree too: a real PNG called .pdf, a real PNG declared as JPEG.
		expect((await errorOf(await putFile(desk, png(), { name: 'bien-ban.pdf' }))).code).toBe('attachment_type_refused');
		expect((await errorOf(await putFile(desk, png(), { type: 'image/jpeg', name: 'anh.jpg' }))).code).toBe('attachment_type_refused');
		expect((await errorOf(await putFile(desk, exe, { name: 'setup.exe', type: 'application/x-msdownload' }))).status).toBe(415);
		expect(blobFiles()).toEqual([]);
	});

	it('answers 409 attachment_conflict for the same attachment id with other bytes', async () => {
		const attachmentId = uuidv7();
		expect((await putFile(desk, png(2000, 1), { attachmentId })).status).toBe(201);
		const refused = await errorOf(await putFile(desk, png(2000, 2), { attachmentId }));
		expect(refused).toMatchObject({ status: 409, code: 'attachment_conflict' });
		// Nor may another report take the id.
		const otherReport = await fileReport(desk, reportBody({ category: 'printer_jam', complexity: 'simple' }));
		expect((await errorOf(await putFile(desk, png(2000, 1), { attachmentId, reportId: otherReport }))).status).toBe(409);
	});

	it("answers 404 for another ward's attachment id, without its name", async () => {
		const attachmentId = uuidv7();
		expect((await putFile(desk, png(2000, 1), { attachmentId, name: 'cccd-nguyen-van-a.png' })).status).toBe(201);
		const elsewhere = await makeWardWithPeople(t.db, 1);
		const theirDesk = elsewhere.desks[0]!;
		const refused = await errorOf(await putFile(theirDesk, png(2000, 2), { attachmentId, reportId: await fileReport(theirDesk) }));
		expect(refused).toMatchObject({ status: 404, code: 'not_found' });
		expect(refused.message).not.toContain('cccd');
	});

	it('holds a report to 10 files and 60 MB in all', async () => {
		for (let i = 0; i < 10; i++) expect((await putFile(desk, png(1000, i))).status).toBe(201);
		const eleventh = await errorOf(await putFile(desk, png(1000, 99)));
		expect(eleventh).toMatchObject({ status: 400, code: 'attachments_too_many' });
		expect(eleventh.message).toContain('10');

		// The total: two reports' worth of large files, checked on the declared size first…
		const second = await fileReport(desk, reportBody({ category: 'printer_jam', complexity: 'simple' }));
		const big = png(REPORT_ATTACHMENTS_MAX_BYTES / 3);
		for (let i = 0; i < 3; i++) {
			big[100] = i;
			expect((await putFile(desk, big, { reportId: second })).status).toBe(201);
		}
		const over = await errorOf(await putFile(desk, png(10), { reportId: second }));
		expect(over).toMatchObject({ status: 413, code: 'attachments_total_too_large' });
		expect(over.message).toContain('60 MB');
	}, 60_000);

	it('refuses an empty file, a missing Content-Length, and a file over 25 MB before reading it', async () => {
		expect((await errorOf(await putFile(desk, new Uint8Array(0)))).code).toBe('attachment_empty');
		const noLength = await call(attachmentRoute.PUT, desk, {
			method: 'PUT',
			path: `/api/incidents/${reportId}/attachments/x?name=a.png&type=image/png&sha256=${sha256Hex(png())}`,
			params: { id: reportId, attachmentId: uuidv7() },
			body: new ReadableStream({ start: (c) => (c.enqueue(png()), c.close()) }),
			headers: { 'content-type': 'application/octet-stream' }
		});
		expect(await errorOf(noLength)).toMatchObject({ status: 411, code: 'length_required' });
		const huge = await errorOf(await putFile(desk, png(100), { headers: { 'content-length': String(30 * 1024 * 1024) } }));
		expect(huge).toMatchObject({ status: 413, code: 'attachment_too_large' });
		expect(huge.message).toContain('25 MB');
		expect(await errorOf(await putFile(desk, png(), { attachmentId: 'abc' }))).toMatchObject({ status: 400, code: 'invalid_id' });
	});

	it('stops reading a body that runs past 25 MB whatever its Content-Length said', async () => {
		const sent = { bytes: 0 };
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				const chunk = sent.bytes === 0 ? png(1024 * 1024) : new Uint8Array(1024 * 1024);
				sent.bytes += chunk.byteLength;
				controller.enqueue(chunk);
			}
		});
		const response = await call(attachmentRoute.PUT, desk, {
			method: 'PUT',
			path: `/api/incidents/${reportId}/attachments/x?name=a.png&type=image/png&sha256=${sha256Hex(png())}`,
			params: { id: reportId, attachmentId: uuidv7() },
			body: endless,
			headers: { 'content-type': 'application/octet-stream', 'content-length': '1000' }
		});
		expect(await errorOf(response)).toMatchObject({ status: 413, code: 'attachment_too_large' });
		expect(response.headers.get('connection')).toBe('close');
		expect(sent.bytes).toBeLessThan(30 * 1024 * 1024);
		expect(readdirSync(path.join(runtime.dir!, 'files', 'incoming'))).toEqual([]);
	});

	it('lets only the report’s author add files: others who see it get 403, other wards 404', async () => {
		expect(await errorOf(await putFile(w.desks[1]!, png()))).toMatchObject({ status: 403, code: 'forbidden' });
		expect(await errorOf(await putFile(w.responder, png()))).toMatchObject({ status: 403, code: 'forbidden' });
		const stranger = (await makeWardWithPeople(t.db, 1)).desks[0]!;
		expect(await errorOf(await putFile(stranger, png()))).toMatchObject({ status: 404, code: 'not_found' });
		expect(await errorOf(await putFile(desk, png(), { reportId: uuidv7() }))).toMatchObject({ status: 404, code: 'not_found' });
		expect(await errorOf(await putFile(null, png()))).toMatchObject({ status: 401, code: 'unauthenticated' });
		const mismatch = await errorOf(await putFile(desk, png(), { headers: { 'x-expected-user': w.desks[1]!.user.id } }));
		expect(mismatch).toMatchObject({ status: 401, code: 'session_mismatch' });
	});

	it('serves a grouped report’s file under its own id and the incident’s, and to nobody outside', async () => {
		const joiner = w.desks[1]!;
		const joined = await fileReport(joiner);
		const attachmentId = uuidv7();
		expect((await putFile(joiner, png(), { reportId: joined, attachmentId })).status).toBe(201);
		expect((await getFile(desk, joined, attachmentId)).status).toBe(200);
		expect((await getFile(desk, reportId, attachmentId)).status).toBe(200);

		const stranger = (await makeWardWithPeople(t.db, 1)).desks[0]!;
		expect((await getFile(stranger, reportId, attachmentId)).status).toBe(404);
		expect((await getFile(stranger, reportId, attachmentId, 'HEAD')).status).toBe(404);
		const provinceTeam = await person(t.db, { role: 'province_team', unitId: w.province.id });
		expect((await getFile(provinceTeam, reportId, attachmentId)).status).toBe(200);
		// An unknown or malformed attachment id is simply not found.
		expect((await getFile(desk, reportId, uuidv7())).status).toBe(404);
		expect((await getFile(desk, reportId, 'abc')).status).toBe(404);
	});
});
