/**
 * What anyone may read without signing in: the paper-form checklist and the wards'
 * public facts. Nothing internal may leak through these.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTICE_VI } from '$lib/domain/notice';
import { isChecklistNote, procedureInputSchema, searchProcedures } from '$lib/domain/procedure';
import { openDatabase } from '$lib/server/db';
import {
	getProcedureForReview,
	listProcedures,
	mayEditChecklist,
	seedProcedures,
	updateProcedure
} from '$lib/server/checklist/procedures.service';
import { procedures, units } from '$lib/server/db/schema';
import { getPublicWard, listPublicWards } from '$lib/server/org/public-wards.service';
import { createScratchDatabase, loadScope, makeProvince, makeUser, makeWard, MIGRATIONS_DIR, onPostgres, rowsOf, useTestDatabase } from './test-db';

const t = useTestDatabase();

describe('the paper-form checklist', () => {
	it('is seeded once with the 15 procedures, names and codes split, residence sent to the police', async () => {
		expect(await seedProcedures(t.db)).toBe(15);
		expect(await seedProcedures(t.db)).toBe(0);
		const items = await listProcedures(t.db);
		expect(items).toHaveLength(15);
		const birth = items.find((p) => p.id === 'dang-ky-khai-sinh')!;
		expect(birth).toMatchObject({ name: 'Đăng ký khai sinh', tthcCode: '1.001193', receivedAt: null, verified: true });
		expect(birth.documents.length).toBeGreaterThan(3);
		const residence = items.find((p) => p.id === 'dang-ky-thuong-tru')!;
		expect(residence.receivedAt).toMatch(/Công an cấp xã/);
		expect(residence.forms.map((f) => f.code)).toContain('CT01');
		expect(items.find((p) => p.id === 'chung-thuc-chu-ky')!.fees).toBe('10.000 đồng/trường hợp');
		expect(items.filter((p) => !p.verified).map((p) => p.id)).toContain('dang-ky-giam-ho');
	});

	it('keeps an administrator’s edits: a seeded table is never seeded again', async () => {
		await seedProcedures(t.db);
		await t.db.update(procedures).set({ name: 'Đăng ký khai sinh (đã sửa)' }).where(eq(procedures.id, 'dang-ky-khai-sinh'));
		await seedProcedures(t.db);
		const items = await listProcedures(t.db);
		expect(items.find((p) => p.id === 'dang-ky-khai-sinh')!.name).toBe('Đăng ký khai sinh (đã sửa)');
	});

	it('does not give out the review notes meant for administrators', async () => {
		await seedProcedures(t.db);
		for (const item of await listProcedures(t.db)) expect(Object.keys(item)).not.toContain('reviewNote');
	});

	it('keeps notes apart from the documents to bring: a citizen cannot bring a “Lưu ý”', async () => {
		await seedProcedures(t.db);
		const items = await listProcedures(t.db);
		const marriage = items.find((p) => p.id === 'dang-ky-ket-hon')!;
		expect(marriage.notes).toEqual([expect.stringMatching(/^Lưu ý: bản ghi DVC hiện hành không liệt kê Giấy xác nhận tình trạng hôn nhân/)]);
		expect(marriage.documents).toHaveLength(5);
		expect(marriage.documents.some((d) => d.startsWith('Lưu ý'))).toBe(false);
		// Fees and where to file are told, not brought; a document needed only by post stays one.
		expect(items.find((p) => p.id === 'dang-ky-thuong-tru')!.notes).toEqual(['Lệ phí theo bản ghi DVC: 20.000 đ trực tiếp / 10.000 đ trực tuyến']);
		expect(items.find((p) => p.id === 'chung-thuc-hop-dong-giao-dich')!.notes.map((n) => n.split(' ')[0])).toEqual(['Nơi', 'Phí']);
		expect(marriage.documents.some((d) => d.startsWith('Nếu gửi qua bưu chính'))).toBe(true);
		for (const item of items) for (const document of item.documents) expect(isChecklistNote(document), document).toBe(false);
	});

	it('moves the notes of a checklist seeded before notes existed (migration 0012)', async () => {
		// The migrations up to 0011, as an installation that seeded its checklist then.
		const folder = mkdtempSync(path.join(tmpdir(), 'migrations-'));
		try {
			cpSync(MIGRATIONS_DIR, folder, { recursive: true });
			rmSync(path.join(folder, '0012_procedure_notes.sql'));
			const journalFile = path.join(folder, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
			journal.entries = journal.entries.filter((e) => e.tag !== '0012_procedure_notes');
			writeFileSync(journalFile, JSON.stringify(journal));
			const scratch = onPostgres ? await createScratchDatabase('notes') : null;
			const opened = await openDatabase({ databaseUrl: scratch?.url ?? null, dataDir: null });
			try {
				await opened.migrate(folder);
				const documents = ['Tờ khai', 'Lưu ý: cơ quan tự tra cứu tình trạng hôn nhân', 'Giấy tờ tùy thân', 'Phí 50.000 đ/giao dịch'];
				await opened.db.execute(
					sql`insert into procedures (id, name, forms, documents, sources) values ('ket-hon', 'Đăng ký kết hôn', '[]', ${JSON.stringify(documents)}::jsonb, '[]')`
				);
				await opened.migrate(MIGRATIONS_DIR);
				expect(await rowsOf(opened.db, sql`select documents, notes from procedures`)).toEqual([
					{ documents: ['Tờ khai', 'Giấy tờ tùy thân'], notes: ['Lưu ý: cơ quan tự tra cứu tình trạng hôn nhân', 'Phí 50.000 đ/giao dịch'] }
				]);
			} finally {
				await opened.close();
				await scratch?.drop();
			}
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('is found without diacritics', async () => {
		await seedProcedures(t.db);
		const items = await listProcedures(t.db);
		expect(searchProcedures(items, 'dang ky khai sinh').map((p) => p.id)).toEqual(['dang-ky-khai-sinh', 'dang-ky-lai-khai-sinh']);
		expect(searchProcedures(items, 'thuong tru').map((p) => p.id)).toEqual(['dang-ky-thuong-tru']);
	});
});

describe('public ward facts', () => {
	it('list active wards only, and give the notice (the Step-3 text by default) but nothing internal', async () => {
		const province = await makeProvince(t.db);
		const ward = await makeWard(t.db, province.id, { slug: 'phuong-mot', name: 'Phường Một' });
		const closed = await makeWard(t.db, province.id, { slug: 'phuong-hai', name: 'Phường Hai' });
		await t.db.update(units).set({ active: false }).where(eq(units.id, closed.id));
		await makeUser(t.db, { role: 'ward_responder', unitId: ward.id, isLeader: true });

		expect((await listPublicWards(t.db)).map((w) => w.slug)).toEqual(['phuong-mot']);
		const shown = await getPublicWard(t.db, 'phuong-mot');
		expect(Object.keys(shown!).sort()).toEqual(['address', 'name', 'notice', 'openingHours', 'serviceCenterName', 'slug', 'status']);
		expect(shown!.status).toEqual({ state: 'normal' });
		expect(shown!.notice).toEqual({ text: DEFAULT_NOTICE_VI, isDefault: true, estimatedWait: null, audio: null });
		expect(await getPublicWard(t.db, 'phuong-hai')).toBeNull();
	});

	it('give a ward’s own notice and estimated wait when it has them', async () => {
		const province = await makeProvince(t.db);
		const ward = await makeWard(t.db, province.id, { slug: 'phuong-mot' });
		await t.db.update(units).set({ noticeText: 'Hệ thống đang bảo trì.', estimatedWait: 'Chờ khoảng 20 phút' }).where(eq(units.id, ward.id));
		expect((await getPublicWard(t.db, 'phuong-mot'))!.notice).toEqual({
			text: 'Hệ thống đang bảo trì.',
			isDefault: false,
			estimatedWait: 'Chờ khoảng 20 phút',
			audio: null
		});
	});

	it('answer nothing for unknown, malformed or hostile slugs, and never for a province or a team', async () => {
		const province = await makeProvince(t.db, { slug: 'tinh-a' });
		for (const slug of ['khong-co', '', 'A', "x' or 1=1 --", '../../etc', 'x'.repeat(500), 'tinh-a']) {
			expect(await getPublicWard(t.db, slug), slug).toBeNull();
		}
		expect(province.slug).toBe('tinh-a');
	});
});

describe('an administrator’s edit of a procedure', () => {
	const input = {
		name: 'Đăng ký giám hộ',
		tthcCode: '1.004837',
		receivedAt: null,
		fees: null,
		forms: [{ code: null, name: 'Tờ khai đăng ký giám hộ', legalBasis: 'Thông tư 04/2024/TT-BTP' }],
		documents: ['Tờ khai', 'Giấy tờ tùy thân']
	};

	it('is saved whole and confirms the procedure (verified, review note cleared)', async () => {
		await seedProcedures(t.db);
		expect((await getProcedureForReview(t.db, 'dang-ky-giam-ho'))!.reviewNote).toMatch(/not yet checked/);
		expect(await updateProcedure(t.db, 'dang-ky-giam-ho', input)).toBe(true);
		const saved = (await getProcedureForReview(t.db, 'dang-ky-giam-ho'))!;
		expect(saved).toMatchObject({ ...input, verified: true, reviewNote: null });
		expect(await updateProcedure(t.db, 'khong-co', input)).toBe(false);
	});

	it('is refused without a name, or with an unnamed form, with a closed reason', () => {
		const noName = procedureInputSchema.safeParse({ ...input, name: '   ' });
		expect(noName.success ? null : noName.error.issues[0]!.message).toBe('procedure_name_required');
		const noFormName = procedureInputSchema.safeParse({ ...input, forms: [{ code: null, name: '', legalBasis: '' }] });
		expect(noFormName.success ? null : noFormName.error.issues[0]!.message).toBe('form_name_required');
		expect(procedureInputSchema.safeParse({ ...input, documents: ['ok', 'x\u0000'] }).success).toBe(false);
	});

	it('is for administrators of a province or the whole system only', async () => {
		const province = await makeProvince(t.db);
		const ward = await makeWard(t.db, province.id);
		const provinceAdmin = await makeUser(t.db, { role: 'admin', unitId: province.id });
		const wardAdmin = await makeUser(t.db, { role: 'admin', unitId: ward.id });
		const officer = await makeUser(t.db, { role: 'desk_officer', unitId: ward.id });
		expect(mayEditChecklist(provinceAdmin, await loadScope(t.db, provinceAdmin))).toBe(true);
		expect(mayEditChecklist(wardAdmin, await loadScope(t.db, wardAdmin))).toBe(false);
		expect(mayEditChecklist(officer, await loadScope(t.db, officer))).toBe(false);
	});
});
