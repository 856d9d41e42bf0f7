/**
 * Bulk onboarding through the real import and export routes, with real spreadsheet bytes:
 * the dry run of a bad file lists every problem and writes nothing; a good import of 20
 * wards × 6 people lands whole, in one transaction; one bad row lands nothing; legacy
 * encodings read as NFC Vietnamese; formula cells never come back executable.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import type { ImportApplyAnswer, ImportCheckAnswer, ImportProblemView } from '$lib/domain/onboarding';
import { verifyPassword } from '$lib/server/auth/password';
import { readSpreadsheet, toCsv, toXlsx } from '$lib/server/admin/spreadsheet';
import { auditLog, contacts, units, users } from '$lib/server/db/schema';
import * as importRoute from '../../../src/routes/api/admin/import/+server';
import * as exportRoute from '../../../src/routes/api/admin/export/+server';
import { call, errorOf, person, useIncidentRuntime, type Person } from './incidents-fixture';
import { makeProvince, makeUser, makeWard } from './test-db';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();
let admin: Person;
let province: typeof units.$inferSelect;
let thaiHoa: typeof units.$inferSelect;

beforeEach(async () => {
	province = await makeProvince(t.db, { name: 'Nghệ An', slug: 'nghe-an' });
	thaiHoa = await makeWard(t.db, province.id, { name: 'Phường Thái Hòa', slug: 'phuong-thai-hoa' });
	admin = await person(t.db, { role: 'admin', unitId: province.id, username: 'quantri', fullName: 'Đặng Quốc Bảo' });
});

const WARD_HEADER = ['Tỉnh', 'Tên phường', 'Mã đường dẫn', 'Tên Trung tâm Phục vụ hành chính công', 'Địa chỉ', 'Giờ làm việc', 'Đường dây nóng', 'Nhóm Zalo', 'Email'];
const PEOPLE_HEADER = ['Phường / đơn vị', 'Họ và tên', 'Tên đăng nhập', 'Vai trò', 'Tổ trưởng / Tổ phó', 'Điện thoại', 'Email'];

function upload(mode: 'check' | 'apply', files: { name: string; bytes: Uint8Array }[]) {
	const form = new FormData();
	form.set('mode', mode);
	for (const file of files) form.append('files', new File([file.bytes as BlobPart], file.name));
	return call(importRoute.POST, admin, { method: 'POST', path: '/api/admin/import', body: form });
}

async function check(files: { name: string; bytes: Uint8Array }[]): Promise<ImportCheckAnswer> {
	const response = await upload('check', files);
	expect(response.status).toBe(200);
	return (await response.json()) as ImportCheckAnswer;
}

async function counts() {
	const [[u], [p], [c], [a]] = await Promise.all([
		t.db.select({ n: count() }).from(units),
		t.db.select({ n: count() }).from(users),
		t.db.select({ n: count() }).from(contacts),
		t.db.select({ n: count() }).from(auditLog)
	]);
	return { units: u!.n, users: p!.n, contacts: c!.n, audit: a!.n };
}

/** 20 wards of one province, each with 6 people: 2 desk officers, a leader, a deputy, 2 members. */
function province20(): { wards: string[][]; people: string[][] } {
	const wards = [WARD_HEADER];
	const people = [PEOPLE_HEADER];
	for (let i = 1; i <= 20; i++) {
		const name = `Phường Số ${i}`;
		wards.push(['Nghệ An', name, '', `Trung tâm Phục vụ Hành chính công phường Số ${i}`, `${i} Lê Lợi`, 'Thứ Hai – Thứ Sáu', `0238 38${String(i).padStart(2, '0')} 000`, `https://zalo.me/g/so${i}`, `motcua${i}@example.vn`]);
		const roles: [string, string][] = [
			['Cán bộ Một cửa', ''],
			['Cán bộ Một cửa', ''],
			['Tổ Ứng cứu', 'Tổ trưởng'],
			['Tổ Ứng cứu', 'Tổ phó'],
			['Tổ Ứng cứu', ''],
			['Tổ Ứng cứu', '']
		];
		roles.forEach(([role, lead], j) => {
			people.push([name, `Người ${i}-${j + 1}`, `p${i}.${j + 1}`, role, lead, `0912 ${String(i).padStart(3, '0')} ${String(j).padStart(3, '0')}`, '']);
		});
	}
	return { wards, people };
}

describe('the dry run', () => {
	it('finds every problem of a deliberately bad file, by file, row and column, and writes nothing', async () => {
		await makeUser(t.db, { role: 'desk_officer', unitId: thaiHoa.id, username: 'lan.nt' });
		await makeUser(t.db, { role: 'ward_responder', unitId: thaiHoa.id, username: 'hung.tv', isLeader: true });
		const wards = toCsv([
			WARD_HEADER,
			['Nghệ An', 'Phường Trung Đô', '', '', '', '', '0238 3861 234', '', ''],
			['Nghệ An', 'Phường Thái Hòa', '', '', '', '', '', '', ''], // already exists
			['Hà Tĩnh', 'Phường Bắc Hà', '', '', '', '', '12345', 'http://evil.example', 'not-an-email']
		]);
		const people = toCsv([
			PEOPLE_HEADER,
			['Phường Trung Đô', 'Nguyễn Văn An', 'an.nv', 'Cán bộ Một cửa', '', '0912 345 678', ''],
			['Phường Trung Đô', 'Trần Văn Bình', 'an.nv', 'Tổ Ứng cứu', 'Tổ trưởng', '', ''], // duplicate in file
			['Phường Trung Đô', 'Lê Văn Cường', 'cuong.lv', 'Tổ Ứng cứu', 'Tổ trưởng', '', ''], // second leader
			['Phường Không Có', 'Phạm Thị Dung', 'dung.pt', 'Cán bộ Một cửa', '', '', ''], // unknown ward
			['Phường Trung Đô', 'Hoàng Văn Em', 'lan.nt', 'Cán bộ Một cửa', '', '', ''], // username taken
			['Phường Trung Đô', 'Vũ Thị Gấm', 'gam.vt', 'Cán bộ Một cửa', '', '0123', 'gam@'], // bad phone, bad e-mail
			['Phường Thái Hòa', 'Đỗ Văn Hải', 'hai.dv', 'Tổ Ứng cứu', 'Tổ trưởng', '', ''], // ward already has a leader
			['Phường Trung Đô', 'Ngô Thị Hoa', 'hoa.nt', 'Thủ quỹ', '', '', ''], // unknown role
			['Phường Trung Đô', 'Bùi Văn Khoa', 'khoa.bv', 'Tổ Công tác tỉnh', '', '', ''], // role does not fit a ward
			['Phường Trung Đô', 'Cán bộ Một cửa', 'Khoa Bùi!', 'Cán bộ Một cửa', 'Tổ phó', '', ''], // bad username, lead for a desk
			['Phường Trung Đô', '', 'trong.ten', 'Cán bộ Một cửa', '', '', ''] // missing name
		]);
		const before = await counts();
		const answer = await check([
			{ name: 'phuong.csv', bytes: wards },
			{ name: 'nguoi-dung.csv', bytes: people }
		]);
		expect(answer.ok).toBe(false);
		expect(answer.wards).toEqual([]);
		expect(answer.people).toEqual([]);
		const found = answer.problems.map((p) => `${p.file}:${p.row}:${p.column}:${p.code}`);
		expect(found.sort()).toEqual(
			[
				'phuong.csv:3:Tên phường:slug_taken',
				'phuong.csv:4:Tỉnh:unknown_province',
				'phuong.csv:4:Đường dây nóng:invalid_phone',
				'phuong.csv:4:Nhóm Zalo:invalid_zalo_link',
				'phuong.csv:4:Email:invalid_email',
				'nguoi-dung.csv:3:Tên đăng nhập:duplicate_in_file',
				'nguoi-dung.csv:4:Tổ trưởng / Tổ phó:second_leader',
				'nguoi-dung.csv:5:Phường / đơn vị:unknown_unit',
				'nguoi-dung.csv:6:Tên đăng nhập:username_taken',
				'nguoi-dung.csv:7:Điện thoại:invalid_phone',
				'nguoi-dung.csv:7:Email:invalid_email',
				'nguoi-dung.csv:8:Tổ trưởng / Tổ phó:second_leader',
				'nguoi-dung.csv:9:Vai trò:unknown_role',
				'nguoi-dung.csv:10:Vai trò:role_unit_mismatch',
				'nguoi-dung.csv:11:Tên đăng nhập:invalid_username',
				'nguoi-dung.csv:11:Tổ trưởng / Tổ phó:lead_not_responder',
				'nguoi-dung.csv:12:Họ và tên:required'
			].sort()
		);
		// Each problem reads as a sentence in Vietnamese, naming the value.
		const byRow = (row: number, file = 'nguoi-dung.csv') => answer.problems.filter((p) => p.row === row && p.file === file);
		expect(byRow(4)[0]!.message).toBe('“Phường Trung Đô” đã có tổ trưởng (dòng 3). Mỗi phường chỉ có một tổ trưởng.');
		expect(byRow(8)[0]!.message).toContain('(trong hệ thống)');
		expect(byRow(5)[0]!.message).toContain('Phường Không Có');
		expect(await counts()).toEqual(before);
		// Applying the same files is refused whole, with the same list.
		const applied = await upload('apply', [
			{ name: 'phuong.csv', bytes: wards },
			{ name: 'nguoi-dung.csv', bytes: people }
		]);
		expect(applied.status).toBe(422);
		const body = (await applied.json()) as { error: { code: string; message: string }; problems: ImportProblemView[] };
		expect(body.error.code).toBe('import_has_problems');
		expect(body.error.message).toContain('17 lỗi');
		expect(body.problems).toHaveLength(17);
		expect(await counts()).toEqual(before);
	});

	it('names wrong and missing columns before reading any row (a row number or notes column is fine)', async () => {
		const people = toCsv([
			['STT', 'Phường', 'Họ tên', 'Tên đăng nhập', 'Chức vụ', 'Ngày sinh', 'Ghi chú'],
			['1', 'Phường Thái Hòa', 'Nguyễn Văn An', 'an.nv', 'Cán bộ Một cửa', '01/01/1990', '']
		]);
		const answer = await check([{ name: 'nguoi.csv', bytes: people }]);
		expect(answer.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
			'1:Chức vụ:unknown_column',
			'1:Ngày sinh:unknown_column',
			'1:Vai trò:missing_column'
		]);
		expect(answer.problems[0]!.message).toContain('Các cột dùng được: Phường / đơn vị, Họ và tên');
	});

	it('refuses what is not a spreadsheet, an old .xls and an oversize file by name, writing nothing', async () => {
		const before = await counts();
		const png = await upload('check', [{ name: 'danh-sach.xlsx', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }]);
		expect(await errorOf(png)).toMatchObject({ status: 400, code: 'import_not_spreadsheet', message: expect.stringContaining('danh-sach.xlsx') });
		const xls = await upload('apply', [{ name: 'cu.xls', bytes: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }]);
		expect(await errorOf(xls)).toMatchObject({ status: 400, code: 'import_legacy_xls' });
		const huge = await upload('apply', [{ name: 'lon.csv', bytes: new Uint8Array(50 * 1024 * 1024).fill(0x41) }]);
		expect(await errorOf(huge)).toMatchObject({ status: 413, code: 'import_too_large', message: expect.stringContaining('lon.csv') });
		const rows = [PEOPLE_HEADER, ...Array.from({ length: 3001 }, (_, i) => ['Phường Thái Hòa', `Người ${i}`, `u${i}`, 'Cán bộ Một cửa', '', '', ''])];
		const many = await upload('check', [{ name: 'ca-nuoc.csv', bytes: toCsv(rows) }]);
		expect(await errorOf(many)).toMatchObject({ status: 400, code: 'import_too_many_rows', message: expect.stringContaining('ca-nuoc.csv') });
		const none = await upload('check', []);
		expect(await errorOf(none)).toMatchObject({ status: 400, code: 'import_file_required' });
		expect(await counts()).toEqual(before);
	});
});

describe('applying', () => {
	it('lands 20 wards × 6 people from one XLSX in one transaction, with one-time passwords that sign in', async () => {
		const { wards, people } = province20();
		const xlsx = await toXlsx([
			{ name: 'Phường', rows: wards },
			{ name: 'Người dùng', rows: people }
		]);
		const checked = await check([{ name: 'nghe-an.xlsx', bytes: xlsx }]);
		expect(checked).toMatchObject({ ok: true, problems: [] });
		expect(checked.wards).toHaveLength(20);
		expect(checked.people).toHaveLength(120);

		const response = await upload('apply', [{ name: 'nghe-an.xlsx', bytes: xlsx }]);
		expect(response.status).toBe(201);
		const answer = (await response.json()) as ImportApplyAnswer;
		expect(answer.wards).toHaveLength(20);
		expect(answer.people).toHaveLength(120);
		expect(new Set(answer.people.map((p) => p.oneTimePassword)).size).toBe(120);

		const created = await t.db.select().from(units).where(eq(units.parentId, province.id));
		expect(created).toHaveLength(21);
		const so7 = created.find((u) => u.name === 'Phường Số 7')!;
		expect(so7).toMatchObject({ slug: 'phuong-so-7', address: '7 Lê Lợi', kind: 'ward' });
		const so7Contacts = await t.db.select().from(contacts).where(eq(contacts.unitId, so7.id));
		expect(so7Contacts.map((c) => c.value).sort()).toEqual(['+842383807000', 'https://zalo.me/g/so7', 'motcua7@example.vn'].sort());
		const team = await t.db.select().from(users).where(eq(users.unitId, so7.id));
		expect(team).toHaveLength(6);
		expect(team.filter((u) => u.isLeader).map((u) => u.username)).toEqual(['p7.3']);
		expect(team.filter((u) => u.isDeputy).map((u) => u.username)).toEqual(['p7.4']);
		expect(team.every((u) => u.mustChangePassword)).toBe(true);
		const issued = answer.people.find((p) => p.username === 'p7.3')!;
		expect(issued).toMatchObject({ unitName: 'Phường Số 7', role: 'ward_responder' });
		expect(await verifyPassword(team.find((u) => u.username === 'p7.3')!.passwordHash, issued.oneTimePassword)).toBe(true);
		const entries = await t.db.select({ n: count() }).from(auditLog).where(inArray(auditLog.action, ['unit.import', 'user.import']));
		expect(entries[0]!.n).toBe(140);
	}, 60_000);

	it('lands nothing when one row of an otherwise good file is bad', async () => {
		const { wards, people } = province20();
		people.push(['Phường Số 3', 'Người thừa', 'p3.7', 'Tổ Ứng cứu', 'Tổ trưởng', '', '']); // a second leader
		const before = await counts();
		const response = await upload('apply', [
			{ name: 'phuong.csv', bytes: toCsv(wards) },
			{ name: 'nguoi.csv', bytes: toCsv(people) }
		]);
		expect(response.status).toBe(422);
		const body = (await response.json()) as { problems: ImportProblemView[] };
		expect(body.problems.map((p) => `${p.file}:${p.row}:${p.code}`)).toEqual(['nguoi.csv:122:second_leader']);
		expect(await counts()).toEqual(before);
	});

	it('re-plans inside the transaction: a username taken since the dry run stops the whole import', async () => {
		const people = toCsv([PEOPLE_HEADER, ['Phường Thái Hòa', 'Nguyễn Văn An', 'an.nv', 'Cán bộ Một cửa', '', '', ''], ['Phường Thái Hòa', 'Lê Thị Bích', 'bich.lt', 'Cán bộ Một cửa', '', '', '']]);
		expect((await check([{ name: 'nguoi.csv', bytes: people }])).ok).toBe(true);
		await makeUser(t.db, { role: 'desk_officer', unitId: thaiHoa.id, username: 'bich.lt' });
		const before = await counts();
		const response = await upload('apply', [{ name: 'nguoi.csv', bytes: people }]);
		expect(response.status).toBe(422);
		expect(((await response.json()) as { problems: ImportProblemView[] }).problems.map((p) => p.code)).toEqual(['username_taken']);
		expect(await counts()).toEqual(before);
	});

	it('reads a Windows-1258 CSV and a UTF-8 CSV with a BOM into the same NFC names', async () => {
		const rows = [PEOPLE_HEADER, ['Phường Thái Hòa', 'Nguyễn Thị Hường', 'huong.nt', 'Cán bộ Một cửa', '', '912345678', '']];
		const text = rows.map((r) => r.join(',')).join('\r\n');
		const legacy = await check([{ name: 'cp1258.csv', bytes: encodeWindows1258(text) }]);
		const bom = await check([{ name: 'utf8.csv', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]) }]);
		expect(legacy.problems).toEqual([]);
		expect(legacy.people[0]!.fullName).toBe('Nguyễn Thị Hường'.normalize('NFC'));
		expect(legacy.people).toEqual(bom.people);
		// A phone typed into a number cell lost its 0; it is put back.
		const applied = await upload('apply', [{ name: 'cp1258.csv', bytes: encodeWindows1258(text) }]);
		expect(applied.status).toBe(201);
		const [row] = await t.db.select().from(users).where(eq(users.username, 'huong.nt'));
		expect(row).toMatchObject({ fullName: 'Nguyễn Thị Hường'.normalize('NFC'), phone: '+84912345678' });
	});
});

describe('export', () => {
	it('writes the import’s own format, with formula-looking cells made inert, and reads back unchanged', async () => {
		await makeUser(t.db, { role: 'desk_officer', unitId: thaiHoa.id, username: 'xau', fullName: '=HYPERLINK("http://evil.example","Bấm")', phone: '+84912345678' });
		const csv = await call(exportRoute.GET, admin, { path: '/api/admin/export?what=people&format=csv' });
		expect(csv.headers.get('content-type')).toContain('text/csv');
		expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="danh-sach-nguoi-dung-\d{4}-\d{2}-\d{2}\.csv"/);
		const bytes = new Uint8Array(await csv.arrayBuffer());
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm"")"`);
		expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
		expect(text).toContain('0912 345 678');
		const read = await readSpreadsheet(bytes, 'export.csv');
		if (!read.ok) throw new Error(read.reason);
		expect(read.sheets[0]!.rows[0]).toEqual(PEOPLE_HEADER);
		expect(read.sheets[0]!.rows.find((r) => r[2] === 'xau')?.[1]).toBe('=HYPERLINK("http://evil.example","Bấm")');

		const xlsx = await call(exportRoute.GET, admin, { path: '/api/admin/export?what=all&format=xlsx' });
		const workbook = await readSpreadsheet(new Uint8Array(await xlsx.arrayBuffer()), 'all.xlsx');
		if (!workbook.ok) throw new Error(workbook.reason);
		expect(workbook.sheets.map((s) => s.name)).toEqual(['Phường', 'Người dùng']);
		expect(workbook.sheets[0]!.rows[0]).toEqual(WARD_HEADER);
		expect(workbook.sheets[0]!.rows[1]!.slice(0, 3)).toEqual(['Nghệ An', 'Phường Thái Hòa', 'phuong-thai-hoa']);
	});

	it('is for administrators, and refuses unknown kinds and formats', async () => {
		const desk = await person(t.db, { role: 'desk_officer', unitId: thaiHoa.id });
		expect((await call(exportRoute.GET, desk, { path: '/api/admin/export?what=people&format=csv' })).status).toBe(403);
		expect((await call(exportRoute.GET, admin, { path: '/api/admin/export?what=secrets&format=csv' })).status).toBe(400);
		expect((await call(exportRoute.GET, admin, { path: '/api/admin/export?what=all&format=csv' })).status).toBe(400);
	});
});

/**
 * Text as old Vietnamese Windows saves it: base letters (with circumflex, breve or horn)
 * precomposed where the code page has them, tone marks as separate combining bytes.
 */
function encodeWindows1258(text: string): Uint8Array {
	const decoder = new TextDecoder('windows-1258');
	const byteOf = new Map<string, number>();
	for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
	const shapes = new Set(['\u0302', '\u0306', '\u031b']);
	const out: number[] = [];
	for (const char of text.normalize('NFC')) {
		const direct = byteOf.get(char);
		if (direct !== undefined) {
			out.push(direct);
			continue;
		}
		const [base, ...marks] = [...char.normalize('NFD')];
		const letter = (base! + marks.filter((m) => shapes.has(m)).join('')).normalize('NFC');
		const tones = marks.filter((m) => !shapes.has(m));
		for (const part of [letter, ...tones]) {
			const b = byteOf.get(part);
			if (b === undefined) throw new Error(`not in Windows-1258: ${part}`);
			out.push(b);
		}
	}
	return Uint8Array.from(out);
}
