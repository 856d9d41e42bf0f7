import { describe, expect, it } from 'vitest';
import { changedFields, manages, normalizeContactValue, slugify } from './admin';
import { planImport, spreadsheetPhone, type ImportContext } from './onboarding';

const context: ImportContext = {
	provinces: [{ id: 'p1', name: 'Nghệ An', slug: 'nghe-an' }],
	units: [
		{ id: 'p1', kind: 'province', name: 'Nghệ An', slug: 'nghe-an', parentId: null, hasLeader: false, hasDeputy: false },
		{ id: 'w1', kind: 'ward', name: 'Phường Thái Hòa', slug: 'phuong-thai-hoa', parentId: 'p1', hasLeader: false, hasDeputy: false }
	],
	takenSlugs: new Set(['nghe-an', 'phuong-thai-hoa']),
	takenUsernames: new Set(['quantri'])
};

const sheet = (rows: string[][], file = 'a.csv') => ({ file, sheet: 'a', rows });

describe('reading the people list', () => {
	it('matches headers without accents, case or punctuation, and skips a title row above them', () => {
		const plan = planImport(
			[
				sheet([
					['DANH SÁCH CÁN BỘ PHƯỜNG THÁI HÒA'],
					['PHUONG', 'ho_va_ten', 'Ten dang nhap', 'VAI TRO', 'to truong/to pho', 'SĐT'],
					['phuong-thai-hoa', 'Trần Văn Hùng', 'Hung.TV', 'to ung cuu', 'TỔ TRƯỞNG', '0912.345.678']
				])
			],
			context
		);
		expect(plan.problems).toEqual([]);
		expect(plan.people).toEqual([
			{
				row: 3,
				unit: { id: 'w1' },
				unitName: 'Phường Thái Hòa',
				fullName: 'Trần Văn Hùng',
				username: 'hung.tv',
				role: 'ward_responder',
				isLeader: true,
				isDeputy: false,
				phone: '+84912345678',
				email: null
			}
		]);
	});

	it('reads back the app’s own wording: a leader’s title as the role, the IT team’s full name', () => {
		const plan = planImport(
			[
				sheet([
					['Phường / đơn vị', 'Họ và tên', 'Tên đăng nhập', 'Vai trò'],
					['Phường Thái Hòa', 'Trần Văn Hùng', 'hung', 'Tổ trưởng Tổ Ứng cứu'],
					['Phường Thái Hòa', 'Lê Minh Tuấn', 'tuan', 'Tổ phó Tổ Ứng cứu'],
					['Phường Thái Hòa', 'Phạm Thị Mai', 'mai', 'Thành viên Tổ Ứng cứu']
				])
			],
			context
		);
		expect(plan.problems).toEqual([]);
		expect(plan.people.map((p) => [p.username, p.role, p.isLeader, p.isDeputy])).toEqual([
			['hung', 'ward_responder', true, false],
			['tuan', 'ward_responder', false, true],
			['mai', 'ward_responder', false, false]
		]);
	});

	it('places people in a ward created by the same import', () => {
		const plan = planImport(
			[
				sheet([['Tên phường'], ['Phường Trung Đô']], 'phuong.csv'),
				sheet([['Phường', 'Họ và tên', 'Tên đăng nhập', 'Vai trò'], ['Phường Trung Đô', 'Lê Lan', 'lan', 'Cán bộ Một cửa']], 'nguoi.csv')
			],
			context
		);
		expect(plan.problems).toEqual([]);
		expect(plan.wards[0]).toMatchObject({ slug: 'phuong-trung-do', provinceId: 'p1' });
		expect(plan.people[0]!.unit).toEqual({ newWardSlug: 'phuong-trung-do' });
	});

	it('skips blank rows but keeps the spreadsheet’s own row numbers in problems', () => {
		const plan = planImport(
			[sheet([['Phường', 'Họ và tên', 'Tên đăng nhập', 'Vai trò'], [], ['', '', '', ''], ['Phường Thái Hòa', 'A', 'quantri', 'Cán bộ Một cửa']])],
			context
		);
		expect(plan.problems.map((p) => [p.row, p.code])).toEqual([[4, 'username_taken']]);
	});

	it('says an unrecognised sheet is one, rather than reading it as data', () => {
		const plan = planImport([sheet([['Mã', 'Ghi chú'], ['1', 'x']])], context);
		expect(plan.problems.map((p) => p.code)).toEqual(['unrecognized_sheet']);
	});
});

describe('small rules', () => {
	it('puts back the leading 0 a number cell dropped from a phone', () => {
		expect(spreadsheetPhone('912345678')).toBe('+84912345678');
		expect(spreadsheetPhone('2383861234')).toBe('+842383861234');
		expect(spreadsheetPhone('84912345678')).toBe('+84912345678');
		// A mobile of the 084 range that lost its 0 is still a mobile, not a country code.
		expect(spreadsheetPhone('843123456')).toBe('+84843123456');
		expect(spreadsheetPhone('12345')).toBeNull();
	});

	it('makes a link code from a Vietnamese name', () => {
		expect(slugify('Phường Đông Vĩnh')).toBe('phuong-dong-vinh');
		expect(slugify('  Xã Nghi Phú (cũ)  ')).toBe('xa-nghi-phu-cu');
		expect(slugify('!!!')).toBe('');
	});

	it('accepts only Zalo’s own https links for a group', () => {
		expect(normalizeContactValue('zalo_group', 'https://zalo.me/g/abc123')).toBe('https://zalo.me/g/abc123');
		expect(normalizeContactValue('zalo_group', 'zalo.me/g/abc123')).toBe('https://zalo.me/g/abc123');
		expect(normalizeContactValue('zalo_group', 'javascript:alert(1)')).toBeNull();
		expect(normalizeContactValue('zalo_group', 'https://zalo.me.evil.example/g/x')).toBeNull();
	});

	it('lets an administrator manage their unit and the units directly under it, the system administrator all', () => {
		expect(manages({ unitId: 'p1' }, { id: 'w1', kind: 'ward', parentId: 'p1' })).toBe(true);
		expect(manages({ unitId: 'w1' }, { id: 'w2', kind: 'ward', parentId: 'p1' })).toBe(false);
		expect(manages({ unitId: 'w1' }, { id: 'p1', kind: 'province', parentId: null })).toBe(false);
		expect(manages({ unitId: null }, { id: 'p9', kind: 'province', parentId: null })).toBe(true);
	});

	it('lists only the fields that changed in an audit entry', () => {
		expect(changedFields({ name: 'A', active: true }, { name: 'B', active: true })).toEqual([{ field: 'name', before: 'A', after: 'B' }]);
		expect(changedFields(null, { name: 'A' })).toEqual([{ field: 'name', before: null, after: 'A' }]);
	});
});
