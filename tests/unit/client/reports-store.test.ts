/**
 * Reports on the device before any network call: the autosaved draft, submitting it into
 * the outbox (validated with the shared schema), editing or withdrawing a waiting report,
 * the unsent count shown before signing out, and the 30-day history of sent reports.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceDb, LocalReport } from '$lib/client/db';
import { addAttachment, removeAttachment } from '$lib/client/reports/attachments';
import {
	SENT_HISTORY_DAYS,
	discardDraft,
	editReport,
	isEditable,
	loadDraft,
	pruneHistory,
	reportsOf,
	retryReport,
	saveDraftFields,
	submitDraft,
	submitFields,
	unsentCount,
	withdrawReport
} from '$lib/client/reports/store';
import { DAY_MS, HUNG, LAN, NOW, fields, fillDraft, freshDb, png, queueReport } from './report-helpers';

let db: DeviceDb;

beforeEach(() => {
	db = freshDb();
});

afterEach(async () => {
	await db.delete();
});

/** The outbox as "kind:id", oldest first. */
async function entries(reportId?: string): Promise<string[]> {
	const all = await db.outbox.orderBy('seq').toArray();
	return all
		.filter((op) => reportId === undefined || op.reportId === reportId)
		.map((op) => (op.kind === 'report' ? `report:${op.reportId}` : op.kind === 'attachment' ? `attachment:${op.attachmentId}` : `event:${op.actionId}`));
}

describe('the draft', () => {
	it('is made once per officer and found again after a restart', async () => {
		const first = await loadDraft(LAN, db);
		const again = await loadDraft(LAN, db);
		const other = await loadDraft(HUNG, db);
		expect(again.reportId).toBe(first.reportId);
		expect(other.reportId).not.toBe(first.reportId);
		expect(first).toMatchObject({ userId: LAN, fields: {}, editing: false });
		expect(first.reportId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('keeps what was typed', async () => {
		await loadDraft(LAN, db);
		await saveDraftFields(LAN, { description: 'Máy in kẹt', scope: 'desk' }, db);
		expect((await loadDraft(LAN, db)).fields).toEqual({ description: 'Máy in kẹt', scope: 'desk' });
		expect((await loadDraft(HUNG, db)).fields).toEqual({});
	});

	it('is dropped with its files when the officer starts over', async () => {
		const drafted = await fillDraft(db, LAN, 'Máy in kẹt', 2);
		await discardDraft(LAN, db);
		expect(await db.drafts.get(LAN)).toBeUndefined();
		expect(await db.attachments.where('reportId').equals(drafted.reportId).count()).toBe(0);
	});
});

describe('submitDraft', () => {
	it('moves the draft into the outbox: the report first, then its files in the order they were added', async () => {
		const drafted = await fillDraft(db, LAN, 'Máy in kẹt giấy', 3);
		const result = await submitDraft(LAN, NOW, db);
		expect(result.ok).toBe(true);
		expect(await entries()).toEqual([
			`report:${drafted.reportId}`,
			...drafted.attachmentIds.map((id) => `attachment:${id}`)
		]);
		expect((await db.outbox.toArray()).map((op) => [op.userId, op.attempts])).toEqual([
			[LAN, 0],
			[LAN, 0],
			[LAN, 0],
			[LAN, 0]
		]);
		const saved = await db.reports.get(drafted.reportId);
		expect(saved).toMatchObject({ id: drafted.reportId, userId: LAN, state: 'queued', queuedAt: NOW.getTime() });
		expect(await db.drafts.get(LAN)).toBeUndefined();
		expect(await db.attachments.where('reportId').equals(drafted.reportId).count()).toBe(3);
	});

	it('stamps the report with the device clock and keeps what the schema accepted', async () => {
		await loadDraft(LAN, db);
		await saveDraftFields(LAN, { ...fields('  Máy in kẹt giấy \n'), affectedSystem: '   ', errorMessage: '<b>E-05</b>' }, db);
		const result = await submitDraft(LAN, NOW, db);
		if (!result.ok) throw new Error(JSON.stringify(result));
		const body = result.report.body;
		expect(Date.parse(body.createdAt)).toBe(NOW.getTime());
		expect(body.createdAt).toMatch(/[+-]\d{2}:\d{2}$/);
		expect(body.description).toBe('Máy in kẹt giấy');
		expect(body.affectedSystem).toBeUndefined();
		expect(body.errorMessage).toBe('<b>E-05</b>');
		expect((await db.reports.get(result.report.id))?.body).toEqual(body);
	});

	it('refuses an invalid draft with the field names and codes, queues nothing and keeps the draft', async () => {
		const drafted = await fillDraft(db, LAN, 'x', 1);
		const typed = fields('   ', { startedAt: '2026-11-25T09:16:00.000+07:00', category: 'power_outage', complexity: 'simple' });
		await saveDraftFields(LAN, typed, db);

		const result = await submitDraft(LAN, NOW, db); // 09:15: the start is a minute in the future
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			issues: expect.arrayContaining([
				{ field: 'description', code: 'description_required' },
				{ field: 'startedAt', code: 'started_after_report' },
				{ field: 'complexity', code: 'complexity_below_default' }
			])
		});
		expect(await db.reports.count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
		expect(await db.drafts.get(LAN)).toMatchObject({ reportId: drafted.reportId, fields: typed, editing: false });
		expect(await db.attachments.where('reportId').equals(drafted.reportId).count()).toBe(1);
	});

	it('names a missing choice by its field', async () => {
		await loadDraft(LAN, db);
		const { scope: _scope, category: _category, ...rest } = fields('Máy in kẹt');
		await saveDraftFields(LAN, rest, db);
		const result = await submitDraft(LAN, NOW, db);
		expect(result.ok).toBe(false);
		if (result.ok || result.reason !== 'invalid') return;
		expect(result.issues.map((i) => i.field).sort()).toEqual(['category', 'scope']);
		expect(result.issues.find((i) => i.field === 'category')?.code).toBe('unknown_category');
	});

	it('refuses when there is no draft at all', async () => {
		expect(await submitDraft(LAN, NOW, db)).toEqual({
			ok: false,
			reason: 'invalid',
			issues: [{ field: 'description', code: 'description_required' }]
		});
	});
});

describe('submitFields (the outage report, with no draft)', () => {
	it('queues a report with its outage and leaves the officer\'s draft alone', async () => {
		const drafted = await fillDraft(db, LAN, 'Đang gõ dở', 1);
		const result = await submitFields(LAN, fields('Mất kết nối Internet 20 phút', { category: 'internet_section', complexity: 'complex' }), NOW, { outageId: 3 }, db);
		if (!result.ok) throw new Error(JSON.stringify(result));
		expect(result.report).toMatchObject({ userId: LAN, state: 'queued', outageId: 3, queuedAt: NOW.getTime() });
		expect(await entries()).toEqual([`report:${result.report.id}`]);
		expect(result.report.id).not.toBe(drafted.reportId);
		expect(await db.drafts.get(LAN)).toMatchObject({ reportId: drafted.reportId });
	});

	it('refuses invalid fields and stores nothing', async () => {
		const result = await submitFields(LAN, fields(''), NOW, {}, db);
		expect(result).toEqual({ ok: false, reason: 'invalid', issues: [{ field: 'description', code: 'description_required' }] });
		expect(await db.reports.count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
	});
});

describe('editing a waiting report', () => {
	it('opens it in the form and updates its body, keeping one outbox entry and its place', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		const b = await queueReport(db, LAN, 'Máy quét hỏng');
		expect(await isEditable(a.reportId, db)).toBe(true);

		expect(await editReport(LAN, a.reportId, db)).toBe(true);
		const draft = await loadDraft(LAN, db);
		expect(draft).toMatchObject({ reportId: a.reportId, editing: true });
		expect(draft.fields.description).toBe('Máy in kẹt giấy');

		await saveDraftFields(LAN, { ...draft.fields, description: 'Máy in kẹt giấy, đã thử tắt bật' }, db);
		const later = new Date(NOW.getTime() + 10 * 60_000);
		const result = await submitDraft(LAN, later, db);
		expect(result).toMatchObject({ ok: true, report: { id: a.reportId, state: 'queued' } });

		const saved = await db.reports.get(a.reportId);
		expect(saved?.body.description).toBe('Máy in kẹt giấy, đã thử tắt bật');
		expect(saved?.queuedAt).toBe(NOW.getTime());
		expect(await db.reports.count()).toBe(2);
		expect(await entries()).toEqual([
			`report:${a.reportId}`,
			`attachment:${a.attachmentIds[0]}`,
			`report:${b.reportId}`
		]);
		expect(await db.drafts.get(LAN)).toBeUndefined();
	});

	it('stopping an edit drops the files added during it and keeps the queued ones and the body', async () => {
		const a = await queueReport(db, LAN, 'Màn hình xanh', 1);
		await editReport(LAN, a.reportId, db);
		await saveDraftFields(LAN, fields('Màn hình xanh, đã khởi động lại'), db);
		const added = await addAttachment({ userId: LAN, reportId: a.reportId }, png(), 'anh-moi.png', 'screenshot', db);
		if (!added.ok) throw new Error('attach failed');

		await discardDraft(LAN, db);
		expect(await db.drafts.get(LAN)).toBeUndefined();
		expect(await db.attachments.get(added.attachment.id)).toBeUndefined();
		expect(await db.attachments.get(a.attachmentIds[0]!)).toBeDefined();
		expect((await db.reports.get(a.reportId))?.body.description).toBe('Màn hình xanh');
		expect(await entries()).toEqual([`report:${a.reportId}`, `attachment:${a.attachmentIds[0]}`]);
	});

	it('drops the entries of files removed while editing and queues files added', async () => {
		const a = await queueReport(db, LAN, 'Màn hình xanh', 2);
		const [kept, removed] = a.attachmentIds as [string, string];
		await editReport(LAN, a.reportId, db);
		await removeAttachment(removed, db);
		const added = await addAttachment({ userId: LAN, reportId: a.reportId }, png(), 'anh-moi.png', 'screenshot', db);
		if (!added.ok) throw new Error('attach failed');

		expect((await submitDraft(LAN, NOW, db)).ok).toBe(true);
		expect(await entries()).toEqual([`report:${a.reportId}`, `attachment:${kept}`, `attachment:${added.attachment.id}`]);
		expect(await db.attachments.get(removed)).toBeUndefined();
	});

	it('keeps the files of a report opened earlier when the officer opens another one', async () => {
		const a = await queueReport(db, LAN, 'Màn hình xanh', 2);
		const b = await queueReport(db, LAN, 'Máy in kẹt giấy');
		expect(await editReport(LAN, a.reportId, db)).toBe(true);
		expect(await editReport(LAN, b.reportId, db)).toBe(true);
		expect(await db.drafts.get(LAN)).toMatchObject({ reportId: b.reportId, editing: true });
		expect(await db.attachments.where('reportId').equals(a.reportId).count()).toBe(2);
		expect(await entries(a.reportId)).toHaveLength(3);
	});

	it('clears a refusal so the fixed report goes back in line', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		await db.reports.update(a.reportId, { state: 'needs_action', problem: { code: 'forbidden', message: 'Không có quyền' } });
		expect(await editReport(LAN, a.reportId, db)).toBe(true);
		expect((await submitDraft(LAN, NOW, db)).ok).toBe(true);
		const saved = await db.reports.get(a.reportId);
		expect(saved?.state).toBe('queued');
		expect(saved?.problem).toBeUndefined();
	});

	it('is refused for another officer\'s report and for a report being sent', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		expect(await editReport(HUNG, a.reportId, db)).toBe(false);
		expect(await db.drafts.get(HUNG)).toBeUndefined();

		await db.reports.update(a.reportId, { state: 'sending' });
		expect(await isEditable(a.reportId, db)).toBe(false);
		expect(await editReport(LAN, a.reportId, db)).toBe(false);
	});

	it('answers "not editable" when the report left the outbox while the form was open, and queues nothing new', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		await editReport(LAN, a.reportId, db);
		// Meanwhile the drain sent it.
		await db.outbox.where('reportId').equals(a.reportId).delete();
		await db.reports.update(a.reportId, { state: 'sent', sentAt: NOW.getTime() });

		await saveDraftFields(LAN, fields('Đổi ý'), db);
		expect(await submitDraft(LAN, NOW, db)).toEqual({ ok: false, reason: 'not_editable' });
		expect(await db.outbox.count()).toBe(0);
		expect((await db.reports.get(a.reportId))?.body.description).toBe('Máy in kẹt giấy');
	});
});

describe('withdrawing', () => {
	it('deletes the waiting report, its files, its entries and the draft editing it', async () => {
		const a = await queueReport(db, LAN, 'Nhầm', 2);
		const b = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		await editReport(LAN, a.reportId, db);

		expect(await withdrawReport(LAN, a.reportId, db)).toBe(true);
		expect(await db.reports.get(a.reportId)).toBeUndefined();
		expect(await db.attachments.where('reportId').equals(a.reportId).count()).toBe(0);
		expect(await entries(a.reportId)).toEqual([]);
		expect(await db.drafts.get(LAN)).toBeUndefined();
		// The other report is untouched.
		expect(await entries()).toEqual([`report:${b.reportId}`, `attachment:${b.attachmentIds[0]}`]);
		expect(await db.attachments.count()).toBe(1);
	});

	it('leaves a new draft alone', async () => {
		const a = await queueReport(db, LAN, 'Nhầm');
		const drafted = await fillDraft(db, LAN, 'Báo cáo mới đang gõ', 1);
		expect(await withdrawReport(LAN, a.reportId, db)).toBe(true);
		expect(await db.drafts.get(LAN)).toMatchObject({ reportId: drafted.reportId });
		expect(await db.attachments.where('reportId').equals(drafted.reportId).count()).toBe(1);
	});

	it('is refused for another officer\'s report', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		expect(await withdrawReport(HUNG, a.reportId, db)).toBe(false);
		expect(await db.reports.get(a.reportId)).toBeDefined();
		expect(await entries()).toEqual([`report:${a.reportId}`]);
	});
});

describe('retryReport', () => {
	it('puts a held report back in line with fresh attempt counts', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		await db.outbox.where('reportId').equals(a.reportId).modify({ attempts: 5 });
		await db.reports.update(a.reportId, { state: 'needs_action', problem: { code: 'x', message: 'y' } });
		await retryReport(a.reportId, db);
		const saved = await db.reports.get(a.reportId);
		expect(saved?.state).toBe('queued');
		expect(saved?.problem).toBeUndefined();
		expect((await db.outbox.toArray()).map((op) => op.attempts)).toEqual([0, 0]);
	});
});

describe('unsentCount', () => {
	it('counts the author\'s reports that are not on the server, whatever holds them', async () => {
		const ids: string[] = [];
		for (const description of ['a', 'b', 'c', 'd']) ids.push((await queueReport(db, LAN, description)).reportId);
		await queueReport(db, HUNG, 'e');
		await db.reports.update(ids[1]!, { state: 'needs_action' });
		await db.reports.update(ids[2]!, { state: 'needs_sign_in' });
		await db.reports.update(ids[3]!, { state: 'sent', sentAt: NOW.getTime() });
		expect(await unsentCount(LAN, db)).toBe(3);
		expect(await unsentCount(HUNG, db)).toBe(1);
	});
});

describe('pruneHistory', () => {
	const now = NOW.getTime() + 60 * DAY_MS;

	async function put(id: string, state: LocalReport['state'], at: number, files = 1) {
		const base = await queueReport(db, LAN, `Báo cáo ${id}`, files);
		if (state === 'sent') {
			// As the drain leaves it: no entries, the time the server took it.
			await db.outbox.where('reportId').equals(base.reportId).delete();
			await db.reports.update(base.reportId, { state, sentAt: at });
		} else {
			await db.reports.update(base.reportId, { state, queuedAt: at });
		}
		return base.reportId;
	}

	it('removes sent reports older than the history period with their files, and keeps the rest', async () => {
		const old = await put('old', 'sent', now - (SENT_HISTORY_DAYS * DAY_MS + 1));
		const edge = await put('edge', 'sent', now - SENT_HISTORY_DAYS * DAY_MS);
		const recent = await put('recent', 'sent', now - DAY_MS);
		const waiting = await put('waiting', 'queued', now - 90 * DAY_MS);
		const held = await put('held', 'needs_action', now - 90 * DAY_MS);

		expect(await pruneHistory(now, db)).toBe(1);
		expect(await db.reports.get(old)).toBeUndefined();
		expect(await db.attachments.where('reportId').equals(old).count()).toBe(0);
		expect((await reportsOf(LAN, db)).map((r) => r.id).sort()).toEqual([edge, recent, waiting, held].sort());
		expect(await db.attachments.count()).toBe(4);
		// Unsent work keeps its outbox entries.
		expect(await db.outbox.where('reportId').anyOf(waiting, held).count()).toBe(4);
	});

	it('removes nothing when nothing is old enough', async () => {
		await put('recent', 'sent', now - DAY_MS);
		expect(await pruneHistory(now, db)).toBe(0);
		expect(await db.reports.count()).toBe(1);
	});
});

describe('reportsOf', () => {
	it('lists one author\'s reports, newest first', async () => {
		const first = await queueReport(db, LAN, 'Sớm', 0, new Date(NOW.getTime() - 60_000));
		const second = await queueReport(db, LAN, 'Muộn', 0, NOW);
		await queueReport(db, HUNG, 'Của anh Hùng');
		expect((await reportsOf(LAN, db)).map((r) => r.id)).toEqual([second.reportId, first.reportId]);
	});
});
