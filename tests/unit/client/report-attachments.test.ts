/**
 * Attaching a file to the draft: judged by its bytes as the server will judge it, hashed,
 * stored at once — and refused, with the right code and the draft kept, when it is of the
 * wrong type, empty, too large, one too many, or would make the report too large.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceDb, DraftRow } from '$lib/client/db';
import { addAttachment, capturedName, removeAttachment, sha256Hex } from '$lib/client/reports/attachments';
import { loadDraft, saveDraftFields } from '$lib/client/reports/store';
import {
	ATTACHMENT_MAX_BYTES,
	REPORT_ATTACHMENTS_MAX_BYTES,
	REPORT_ATTACHMENTS_MAX_COUNT
} from '$lib/domain/attachment';
import { HUNG, LAN, fields, freshDb, png, windowsProgram } from './report-helpers';

const MB = 1024 * 1024;

let db: DeviceDb;
let draft: DraftRow;
let owner: { userId: string; reportId: string };

beforeEach(async () => {
	db = freshDb();
	draft = await loadDraft(LAN, db);
	await saveDraftFields(LAN, fields('Máy in kẹt giấy'), db);
	owner = { userId: LAN, reportId: draft.reportId };
});

afterEach(async () => {
	await db.delete();
});

async function bytesOf(blob: Blob): Promise<Buffer> {
	return Buffer.from(await blob.arrayBuffer());
}

/** The draft and its files are as they were before a refusal. */
async function expectDraftKept(fileCount: number) {
	expect(await db.drafts.get(LAN)).toMatchObject({ reportId: draft.reportId, fields: fields('Máy in kẹt giấy') });
	expect(await db.attachments.where('reportId').equals(draft.reportId).count()).toBe(fileCount);
}

describe('addAttachment', () => {
	it('stores the file at once with its SHA-256, size and type read from its bytes', async () => {
		const file = png(300);
		const result = await addAttachment(owner, file, 'anh-chup.png', 'screenshot', db);
		if (!result.ok) throw new Error(JSON.stringify(result.refusal));
		const expected = createHash('sha256').update(await bytesOf(file)).digest('hex');
		expect(result.attachment).toMatchObject({
			reportId: draft.reportId,
			userId: LAN,
			name: 'anh-chup.png',
			type: 'image/png',
			size: 300,
			sha256: expected,
			source: 'screenshot',
			uploaded: false,
			uploadedBytes: 0
		});
		const stored = await db.attachments.get(result.attachment.id);
		expect(stored?.sha256).toBe(expected);
		expect(await bytesOf(stored!.blob)).toEqual(await bytesOf(file));
	});

	it('labels the file by its content when the browser labels it loosely or not at all', async () => {
		for (const loose of ['', 'image/jpg', 'application/octet-stream']) {
			const result = await addAttachment(owner, png(100, loose), 'anh.png', 'file', db);
			if (!result.ok) throw new Error(JSON.stringify(result.refusal));
			expect(result.attachment.type).toBe('image/png');
			expect(result.attachment.blob.type).toBe('image/png');
			expect(await sha256Hex(result.attachment.blob)).toBe(result.attachment.sha256);
		}
	});

	it('refuses a Windows program named like a picture', async () => {
		expect(await addAttachment(owner, windowsProgram(), 'loi.png', 'file', db)).toEqual({
			ok: false,
			refusal: { code: 'attachment_type_refused', name: 'loi.png' }
		});
		await expectDraftKept(0);
	});

	it('refuses a picture whose name says something else', async () => {
		expect(await addAttachment(owner, png(), 'x.jpg', 'file', db)).toEqual({
			ok: false,
			refusal: { code: 'attachment_type_refused', name: 'x.jpg' }
		});
		expect(await addAttachment(owner, png(), 'cai-dat.exe', 'file', db)).toMatchObject({
			ok: false,
			refusal: { code: 'attachment_type_refused' }
		});
		await expectDraftKept(0);
	});

	it('refuses an empty file', async () => {
		expect(await addAttachment(owner, new Blob([]), 'trong.png', 'file', db)).toEqual({
			ok: false,
			refusal: { code: 'attachment_empty', name: 'trong.png' }
		});
		await expectDraftKept(0);
	});

	it('refuses a file over the per-file cap, and takes one exactly at it', async () => {
		expect(await addAttachment(owner, png(ATTACHMENT_MAX_BYTES + 1), 'lon.png', 'file', db)).toEqual({
			ok: false,
			refusal: { code: 'attachment_too_large', name: 'lon.png', limitMb: ATTACHMENT_MAX_BYTES / MB }
		});
		await expectDraftKept(0);
		expect((await addAttachment(owner, png(ATTACHMENT_MAX_BYTES), 'vua.png', 'file', db)).ok).toBe(true);
	});

	it('refuses one file too many for the report', async () => {
		for (let i = 0; i < REPORT_ATTACHMENTS_MAX_COUNT; i++) {
			expect((await addAttachment(owner, png(), `anh-${i}.png`, 'file', db)).ok).toBe(true);
		}
		expect(await addAttachment(owner, png(), 'them.png', 'file', db)).toEqual({
			ok: false,
			refusal: { code: 'attachments_too_many', limit: REPORT_ATTACHMENTS_MAX_COUNT }
		});
		await expectDraftKept(REPORT_ATTACHMENTS_MAX_COUNT);
	});

	it('counts only this report\'s files towards the caps', async () => {
		const other = { userId: HUNG, reportId: (await loadDraft(HUNG, db)).reportId };
		for (let i = 0; i < REPORT_ATTACHMENTS_MAX_COUNT; i++) await addAttachment(other, png(), `anh-${i}.png`, 'file', db);
		expect((await addAttachment(owner, png(), 'anh.png', 'file', db)).ok).toBe(true);
	});

	it('refuses a file that would make the report too large in total, and takes one that fills it exactly', async () => {
		// 25 + 25 MB already attached; 10 MB more is the total allowed.
		await addAttachment(owner, png(25 * MB), 'video-1.png', 'file', db);
		await addAttachment(owner, png(25 * MB), 'video-2.png', 'file', db);
		const room = REPORT_ATTACHMENTS_MAX_BYTES - 50 * MB;
		expect(await addAttachment(owner, png(room + 1), 'them.png', 'file', db)).toEqual({
			ok: false,
			refusal: { code: 'attachments_total_too_large', limitMb: REPORT_ATTACHMENTS_MAX_BYTES / MB }
		});
		await expectDraftKept(2);
		expect((await addAttachment(owner, png(room), 'vua.png', 'file', db)).ok).toBe(true);
	});

	it('keeps the caps when files arrive together (several screenshots pasted at once)', async () => {
		for (let i = 0; i < REPORT_ATTACHMENTS_MAX_COUNT - 1; i++) await addAttachment(owner, png(), `anh-${i}.png`, 'file', db);
		const results = await Promise.all([
			addAttachment(owner, png(), 'dan-1.png', 'screenshot', db),
			addAttachment(owner, png(), 'dan-2.png', 'screenshot', db),
			addAttachment(owner, png(), 'dan-3.png', 'screenshot', db)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.refusal.code)).toEqual(['attachments_too_many', 'attachments_too_many']);
		expect(await db.attachments.where('reportId').equals(draft.reportId).count()).toBe(REPORT_ATTACHMENTS_MAX_COUNT);
	});

	it('frees room when a file is removed', async () => {
		const added: string[] = [];
		for (let i = 0; i < REPORT_ATTACHMENTS_MAX_COUNT; i++) {
			const result = await addAttachment(owner, png(), `anh-${i}.png`, 'file', db);
			if (result.ok) added.push(result.attachment.id);
		}
		await removeAttachment(added[0]!, db);
		expect((await addAttachment(owner, png(), 'thay.png', 'file', db)).ok).toBe(true);
	});
});

describe('capturedName', () => {
	it('names a capture by the local time it was taken', () => {
		const at = new Date(2026, 10, 25, 9, 5, 7); // local time
		expect(capturedName('anh-chup-man-hinh', 'png', at)).toBe('anh-chup-man-hinh-090507.png');
	});
});
