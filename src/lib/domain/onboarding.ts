/**
 * Bulk onboarding: the two spreadsheets a provincial office prepares (wards; people), read
 * into a plan and a list of every problem, by file, sheet and row, before anything is
 * written. Pure: the server supplies what already exists (units, slugs, usernames) and
 * applies the plan in one transaction only when the list is empty.
 *
 * Column headers are matched without accents, case or punctuation ("Họ và tên", "HO VA
 * TEN", "ho_va_ten" are one column), so a sheet typed on a keyboard without Vietnamese
 * input still reads. A title row or two above the headers is skipped.
 */
import { canLead, normalizeContactValue, roleFitsUnit, slugify, slugSchema, usernameSchema } from './admin';
import { normalizePhone } from './phone-number';
import type { Role, UnitKind } from './roles';
import { hasControlCharacters } from './text';
import { foldVietnamese } from './text-fold';

// ---------------------------------------------------------------------------------------
// Formats

export interface ColumnSpec {
	key: string;
	/** The header as exported and shown in the guide. */
	header: string;
	/** Other spellings accepted on import (compared folded). */
	aliases: readonly string[];
	required: boolean;
	max: number;
}

export const WARD_COLUMNS = [
	{ key: 'province', header: 'Tỉnh', aliases: ['tinh', 'province', 'tinh thanh pho'], required: false, max: 160 },
	{ key: 'name', header: 'Tên phường', aliases: ['phuong', 'ten phuong xa', 'ten don vi', 'ward', 'ward name'], required: true, max: 160 },
	{ key: 'slug', header: 'Mã đường dẫn', aliases: ['ma', 'slug', 'ma phuong'], required: false, max: 80 },
	{ key: 'serviceCenterName', header: 'Tên Trung tâm Phục vụ hành chính công', aliases: ['trung tam', 'ten trung tam', 'service center', 'bo phan mot cua'], required: false, max: 200 },
	{ key: 'address', header: 'Địa chỉ', aliases: ['address', 'dia chi tru so'], required: false, max: 300 },
	{ key: 'openingHours', header: 'Giờ làm việc', aliases: ['opening hours', 'thoi gian lam viec'], required: false, max: 300 },
	{ key: 'hotline', header: 'Đường dây nóng', aliases: ['hotline', 'so duong day nong'], required: false, max: 40 },
	{ key: 'zalo', header: 'Nhóm Zalo', aliases: ['zalo', 'zalo group', 'link nhom zalo'], required: false, max: 300 },
	{ key: 'email', header: 'Email', aliases: ['e-mail', 'thu dien tu', 'hop thu'], required: false, max: 200 }
] as const satisfies readonly ColumnSpec[];

export const PEOPLE_COLUMNS = [
	{ key: 'unit', header: 'Phường / đơn vị', aliases: ['phuong', 'don vi', 'ward', 'unit', 'co quan'], required: true, max: 160 },
	{ key: 'fullName', header: 'Họ và tên', aliases: ['ho ten', 'full name', 'name', 'ten'], required: true, max: 120 },
	{ key: 'username', header: 'Tên đăng nhập', aliases: ['username', 'tai khoan', 'ten tai khoan', 'login'], required: true, max: 64 },
	{ key: 'role', header: 'Vai trò', aliases: ['role', 'chuc danh', 'nhiem vu'], required: true, max: 80 },
	{ key: 'lead', header: 'Tổ trưởng / Tổ phó', aliases: ['to truong to pho', 'chuc vu to ung cuu', 'leader deputy', 'lead'], required: false, max: 40 },
	{ key: 'phone', header: 'Điện thoại', aliases: ['so dien thoai', 'phone', 'dien thoai di dong', 'sdt'], required: false, max: 40 },
	{ key: 'email', header: 'Email', aliases: ['e-mail', 'thu dien tu', 'hop thu'], required: false, max: 200 }
] as const satisfies readonly ColumnSpec[];

export type SheetKind = 'wards' | 'people';

/** How roles are written in the people file; the export writes the first of each. */
export const ROLE_NAMES: Record<Role, readonly [string, ...string[]]> = {
	desk_officer: ['Cán bộ Một cửa', 'can bo', 'mot cua', 'desk officer', 'desk_officer'],
	// The app's own wording ("Thành viên Tổ Ứng cứu", and the leader's and deputy's titles the
	// password list and the screens write) reads back as what it says.
	ward_responder: ['Tổ Ứng cứu', 'Thành viên Tổ Ứng cứu', 'Tổ trưởng Tổ Ứng cứu', 'Tổ phó Tổ Ứng cứu', 'ung cuu', 'responder', 'ward_responder'],
	province_team: ['Tổ Công tác tỉnh', 'to cong tac', 'province team', 'province_team'],
	vendor_team: ['Tổ Đối ứng CNTT', 'Tổ Đối ứng doanh nghiệp CNTT', 'doi ung', 'vendor', 'vendor_team', 'it team'],
	admin: ['Quản trị viên', 'quan tri', 'admin', 'administrator']
};

export const LEAD_NAMES = {
	leader: ['Tổ trưởng', 'leader', 'truong'],
	deputy: ['Tổ phó', 'deputy', 'pho']
} as const;

/** Role titles that carry the post in them. */
const ROLE_TITLE_LEADS = {
	leader: ['Tổ trưởng Tổ Ứng cứu'],
	deputy: ['Tổ phó Tổ Ứng cứu']
} as const;

/** "Họ và tên" → "hovaten": the form a header or a value is compared in. */
export function fold(value: string): string {
	return foldVietnamese(value).replace(/[^a-z0-9]/g, '');
}

function lookup<K extends string>(table: Record<K, readonly string[]>, value: string): K | null {
	const folded = fold(value);
	for (const [key, names] of Object.entries(table) as [K, readonly string[]][]) {
		if (names.some((name) => fold(name) === folded)) return key;
	}
	return null;
}

// ---------------------------------------------------------------------------------------
// Problems

export const PROBLEM_CODES = [
	'unrecognized_sheet',
	'duplicate_sheet',
	'missing_column',
	'unknown_column',
	'duplicate_column',
	'no_rows',
	'required',
	'too_long',
	'invalid_characters',
	'invalid_slug',
	'slug_taken',
	'duplicate_in_file',
	'unknown_province',
	'province_required',
	'invalid_phone',
	'invalid_email',
	'invalid_zalo_link',
	'invalid_username',
	'username_taken',
	'unknown_unit',
	'ambiguous_unit',
	'unknown_role',
	'role_unit_mismatch',
	'unknown_lead',
	'lead_not_responder',
	'second_leader',
	'second_deputy'
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ImportProblem {
	file: string;
	sheet: string;
	/** The spreadsheet's own row number (1 = the first row), as Excel shows it. */
	row: number;
	/** The header as written in the file, when the problem is in one cell. */
	column: string | null;
	code: ProblemCode;
	/** The offending value, and anything else the message needs. */
	params: Record<string, string | number>;
}

// ---------------------------------------------------------------------------------------
// Input and context

export interface SheetInput {
	file: string;
	sheet: string;
	rows: string[][];
}

export interface ExistingUnit {
	id: string;
	kind: UnitKind;
	name: string;
	slug: string;
	parentId: string | null;
	hasLeader: boolean;
	hasDeputy: boolean;
}

/** What already exists, as far as the plan needs it. */
export interface ImportContext {
	/** Active provinces the administrator manages. */
	provinces: readonly { id: string; name: string; slug: string }[];
	/** Active units the administrator manages (people can be placed in them). */
	units: readonly ExistingUnit[];
	/** Every slug in use anywhere (slugs are public and unique across the country). */
	takenSlugs: ReadonlySet<string>;
	/** Every username in use anywhere. */
	takenUsernames: ReadonlySet<string>;
}

export interface PlannedWard {
	row: number;
	provinceId: string;
	name: string;
	slug: string;
	serviceCenterName: string | null;
	address: string | null;
	openingHours: string | null;
	contacts: { kind: 'hotline' | 'zalo_group' | 'email'; value: string }[];
}

export interface PlannedPerson {
	row: number;
	/** An existing unit's id, or the slug of a ward planned in the same import. */
	unit: { id: string } | { newWardSlug: string };
	unitName: string;
	fullName: string;
	username: string;
	role: Role;
	isLeader: boolean;
	isDeputy: boolean;
	phone: string | null;
	email: string | null;
}

export interface ImportPlan {
	wards: PlannedWard[];
	people: PlannedPerson[];
	problems: ImportProblem[];
}

// ---------------------------------------------------------------------------------------
// Reading a sheet

type Columns<C extends readonly ColumnSpec[]> = { [K in C[number]['key']]?: number };

interface ReadSheet<C extends readonly ColumnSpec[]> {
	kind: SheetKind;
	input: SheetInput;
	headerRow: number;
	headers: string[];
	columns: Columns<C>;
}

const HEADER_SEARCH_ROWS = 5;

/** Columns nearly every Vietnamese list carries that the import has no use for: skipped quietly. */
const IGNORED_COLUMNS = new Set(['stt', 'tt', 'sothutu', 'ghichu', 'no', 'note', 'notes']);

function columnOf(specs: readonly ColumnSpec[], header: string): ColumnSpec | undefined {
	const folded = fold(header);
	return specs.find((spec) => fold(spec.header) === folded || spec.aliases.some((a) => fold(a) === folded));
}

/** Which list a sheet is: people have usernames; wards have a ward name and no usernames. */
function classify(row: string[]): SheetKind | null {
	if (row.some((cell) => columnOf(PEOPLE_COLUMNS, cell)?.key === 'username')) return 'people';
	if (row.some((cell) => columnOf(WARD_COLUMNS, cell)?.key === 'name')) return 'wards';
	return null;
}

/**
 * Finds each sheet's header row and kind. Empty sheets are skipped (workbooks often carry
 * blank "Sheet2"s); a sheet with data but no recognisable header is a problem.
 */
export function sortSheets(inputs: readonly SheetInput[], problems: ImportProblem[]) {
	const found: { wards?: ReadSheet<typeof WARD_COLUMNS>; people?: ReadSheet<typeof PEOPLE_COLUMNS> } = {};
	for (const input of inputs) {
		if (input.rows.every((row) => row.every((cell) => cell === ''))) continue;
		const at = input.rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => classify(row) !== null);
		if (at < 0) {
			problems.push(problem(input, 1, null, 'unrecognized_sheet', {}));
			continue;
		}
		const kind = classify(input.rows[at]!)!;
		if (found[kind]) {
			problems.push(problem(input, at + 1, null, 'duplicate_sheet', { other: `${found[kind].input.file} — ${found[kind].input.sheet}` }));
			continue;
		}
		const specs = kind === 'wards' ? WARD_COLUMNS : PEOPLE_COLUMNS;
		const headers = input.rows[at]!;
		const columns: Record<string, number> = {};
		headers.forEach((header, index) => {
			if (header === '' || IGNORED_COLUMNS.has(fold(header))) return;
			const spec = columnOf(specs, header);
			if (!spec) problems.push(problem(input, at + 1, header, 'unknown_column', { expected: specs.map((s) => s.header).join(', ') }));
			else if (columns[spec.key] !== undefined) problems.push(problem(input, at + 1, header, 'duplicate_column', {}));
			else columns[spec.key] = index;
		});
		for (const spec of specs) {
			if (spec.required && columns[spec.key] === undefined) {
				problems.push(problem(input, at + 1, spec.header, 'missing_column', {}));
			}
		}
		const sheet = { kind, input, headerRow: at, headers, columns };
		if (kind === 'wards') found.wards = sheet as ReadSheet<typeof WARD_COLUMNS>;
		else found.people = sheet as ReadSheet<typeof PEOPLE_COLUMNS>;
	}
	return found;
}

function problem(
	input: SheetInput,
	row: number,
	column: string | null,
	code: ProblemCode,
	params: Record<string, string | number>
): ImportProblem {
	return { file: input.file, sheet: input.sheet, row, column, code, params };
}

/** The data rows of a sheet, each with its spreadsheet row number and a cell reader. */
function* dataRows<C extends readonly ColumnSpec[]>(sheet: ReadSheet<C>, specs: C, problems: ImportProblem[]) {
	for (let index = sheet.headerRow + 1; index < sheet.input.rows.length; index++) {
		const cells = sheet.input.rows[index]!;
		if (cells.every((cell) => cell === '')) continue;
		const row = index + 1;
		let ok = true;
		const fail = (key: C[number]['key'], code: ProblemCode, params: Record<string, string | number> = {}) => {
			ok = false;
			const spec = specs.find((s) => s.key === key)!;
			const column = (sheet.columns as Record<string, number | undefined>)[key];
			problems.push(problem(sheet.input, row, column === undefined ? spec.header : (sheet.headers[column] ?? spec.header), code, params));
		};
		const cell = (key: C[number]['key']): string => {
			const column = (sheet.columns as Record<string, number | undefined>)[key];
			const value = column === undefined ? '' : (cells[column] ?? '').trim();
			const spec = specs.find((s) => s.key === key)!;
			if (value === '' && spec.required) fail(key, 'required');
			else if (value.length > spec.max) fail(key, 'too_long', { max: spec.max });
			else if (hasControlCharacters(value)) fail(key, 'invalid_characters');
			else return value;
			return '';
		};
		yield { row, cell, fail, ok: () => ok };
	}
}

/** Phones typed into a number cell lose their leading 0 ("912345678"): put it back. */
export function spreadsheetPhone(value: string): string | null {
	const compact = value.replace(/[\s.\-()]/g, '');
	// 9 digits (a mobile) or 10 (a landline) without the 0; with the country code it would be 11 or 12.
	if (/^[1-9]\d{8,9}$/.test(compact)) return normalizePhone(`0${compact}`);
	return normalizePhone(value);
}

// ---------------------------------------------------------------------------------------
// The plan

export function planImport(inputs: readonly SheetInput[], context: ImportContext): ImportPlan {
	const problems: ImportProblem[] = [];
	const sheets = sortSheets(inputs, problems);
	if (!sheets.wards && !sheets.people && problems.length === 0) {
		const first = inputs[0];
		if (first) problems.push(problem(first, 1, null, 'no_rows', {}));
	}
	// Column problems make every row unreliable: report them alone.
	if (problems.length > 0) return { wards: [], people: [], problems };

	const wards = sheets.wards ? planWards(sheets.wards, context, problems) : [];
	const people = sheets.people ? planPeople(sheets.people, wards, context, problems) : [];
	for (const sheet of [sheets.wards, sheets.people]) {
		if (sheet && sheet.input.rows.slice(sheet.headerRow + 1).every((r) => r.every((c) => c === ''))) {
			problems.push(problem(sheet.input, sheet.headerRow + 2, null, 'no_rows', {}));
		}
	}
	return problems.length > 0 ? { wards: [], people: [], problems } : { wards, people, problems };
}

function planWards(sheet: ReadSheet<typeof WARD_COLUMNS>, context: ImportContext, problems: ImportProblem[]): PlannedWard[] {
	const planned: PlannedWard[] = [];
	const slugsInFile = new Map<string, number>();
	for (const { row, cell, fail } of dataRows(sheet, WARD_COLUMNS, problems)) {
		const name = cell('name');
		const provinceText = cell('province');
		let provinceId: string | null = null;
		if (provinceText) {
			const folded = fold(provinceText);
			const province = context.provinces.find((p) => fold(p.name) === folded || p.slug === provinceText.toLowerCase());
			if (province) provinceId = province.id;
			else fail('province', 'unknown_province', { value: provinceText });
		} else if (context.provinces.length === 1) {
			provinceId = context.provinces[0]!.id;
		} else {
			fail('province', 'province_required');
		}

		const slugText = cell('slug');
		const slug = slugText ? slugSchema.safeParse(slugText.toLowerCase()) : { success: true as const, data: slugify(name) };
		if (!slug.success || !slug.data) {
			if (name || slugText) fail('slug', 'invalid_slug', { value: slugText || name });
		} else if (context.takenSlugs.has(slug.data)) {
			fail(slugText ? 'slug' : 'name', 'slug_taken', { value: slug.data });
		} else if (slugsInFile.has(slug.data)) {
			fail(slugText ? 'slug' : 'name', 'duplicate_in_file', { value: slug.data, other: slugsInFile.get(slug.data)! });
		} else {
			slugsInFile.set(slug.data, row);
		}

		const contacts: PlannedWard['contacts'] = [];
		const contact = (key: 'hotline' | 'zalo' | 'email', kind: PlannedWard['contacts'][number]['kind'], code: ProblemCode) => {
			const value = cell(key);
			if (!value) return;
			const normalized = kind === 'hotline' ? spreadsheetPhone(value) : normalizeContactValue(kind, value);
			if (normalized) contacts.push({ kind, value: normalized });
			else fail(key, code, { value });
		};
		contact('hotline', 'hotline', 'invalid_phone');
		contact('zalo', 'zalo_group', 'invalid_zalo_link');
		contact('email', 'email', 'invalid_email');

		// Rows with problems stay in the list so that the people file can still name the ward
		// (any problem discards the whole plan anyway).
		planned.push({
			row,
			provinceId: provinceId ?? '',
			name,
			slug: slug.success ? slug.data : '',
			serviceCenterName: cell('serviceCenterName') || null,
			address: cell('address') || null,
			openingHours: cell('openingHours') || null,
			contacts
		});
	}
	return planned;
}

function planPeople(
	sheet: ReadSheet<typeof PEOPLE_COLUMNS>,
	newWards: readonly PlannedWard[],
	context: ImportContext,
	problems: ImportProblem[]
): PlannedPerson[] {
	const planned: PlannedPerson[] = [];
	// A ward row that repeats an existing ward or an earlier row is already a problem; the
	// people naming it mean the ward that exists (or the first row), not an ambiguity.
	const seen = new Set<string>();
	const wards = newWards.filter((w) => w.slug && !context.takenSlugs.has(w.slug) && !seen.has(w.slug) && seen.add(w.slug));
	const usernamesInFile = new Map<string, number>();
	// Posts taken per unit: by an existing holder (row 0) or by an earlier row of the file.
	const leaders = new Map<string, number>();
	const deputies = new Map<string, number>();
	for (const unit of context.units) {
		if (unit.hasLeader) leaders.set(unit.id, 0);
		if (unit.hasDeputy) deputies.set(unit.id, 0);
	}

	for (const { row, cell, fail, ok } of dataRows(sheet, PEOPLE_COLUMNS, problems)) {
		const unitText = cell('unit');
		const target = unitText ? findUnit(unitText, wards, context) : null;
		if (unitText && target === 'ambiguous') fail('unit', 'ambiguous_unit', { value: unitText });
		else if (unitText && !target) fail('unit', 'unknown_unit', { value: unitText });
		const unit = target && target !== 'ambiguous' ? target : null;

		const fullName = cell('fullName');
		const usernameText = cell('username');
		const username = usernameText ? usernameSchema.safeParse(usernameText) : null;
		if (username && !username.success) fail('username', 'invalid_username', { value: usernameText });
		else if (username?.success) {
			if (context.takenUsernames.has(username.data)) fail('username', 'username_taken', { value: username.data });
			else if (usernamesInFile.has(username.data)) {
				fail('username', 'duplicate_in_file', { value: username.data, other: usernamesInFile.get(username.data)! });
			} else usernamesInFile.set(username.data, row);
		}

		const roleText = cell('role');
		const role = roleText ? lookup(ROLE_NAMES, roleText) : null;
		if (roleText && !role) fail('role', 'unknown_role', { value: roleText, expected: Object.values(ROLE_NAMES).map((n) => n[0]).join(', ') });
		else if (role && unit && !roleFitsUnit(role, unit.kind)) fail('role', 'role_unit_mismatch', { value: roleText, unit: unit.name });

		// "Tổ trưởng Tổ Ứng cứu" as the role says the post too, when the post column is empty.
		const leadText = cell('lead') || (role === 'ward_responder' ? (lookup(ROLE_TITLE_LEADS, roleText) ?? '') : '');
		const lead = leadText ? (lookup(LEAD_NAMES, leadText) ?? lookup(ROLE_TITLE_LEADS, leadText)) : null;
		if (leadText && !lead) fail('lead', 'unknown_lead', { value: leadText });
		else if (lead && role && unit && !canLead(role, unit.kind)) fail('lead', 'lead_not_responder', { value: leadText });
		else if (lead && unit) {
			const posts = lead === 'leader' ? leaders : deputies;
			const holder = posts.get(unit.key);
			if (holder !== undefined) {
				fail('lead', lead === 'leader' ? 'second_leader' : 'second_deputy', { unit: unit.name, other: holder });
			} else posts.set(unit.key, row);
		}

		const phoneText = cell('phone');
		const phone = phoneText ? spreadsheetPhone(phoneText) : null;
		if (phoneText && !phone) fail('phone', 'invalid_phone', { value: phoneText });
		const email = cell('email');
		if (email && !normalizeContactValue('email', email)) fail('email', 'invalid_email', { value: email });

		if (!ok() || !unit || !role || !username?.success) continue;
		planned.push({
			row,
			unit: unit.ref,
			unitName: unit.name,
			fullName,
			username: username.data,
			role,
			isLeader: lead === 'leader',
			isDeputy: lead === 'deputy',
			phone,
			email: email || null
		});
	}
	return planned;
}

interface FoundUnit {
	/** Keys the leader/deputy bookkeeping: an id, or `new:<slug>` for a ward of this import. */
	key: string;
	ref: PlannedPerson['unit'];
	kind: UnitKind;
	name: string;
}

/** A unit by name or slug, among those that exist and the wards this import creates. */
function findUnit(text: string, newWards: readonly PlannedWard[], context: ImportContext): FoundUnit | 'ambiguous' | null {
	const folded = fold(text);
	const slug = text.toLowerCase();
	const matches: FoundUnit[] = [
		...context.units
			.filter((u) => u.slug === slug || fold(u.name) === folded)
			.map((u) => ({ key: u.id, ref: { id: u.id }, kind: u.kind, name: u.name })),
		...newWards
			.filter((w) => w.slug === slug || fold(w.name) === folded)
			.map((w) => ({ key: `new:${w.slug}`, ref: { newWardSlug: w.slug }, kind: 'ward' as const, name: w.name }))
	];
	if (matches.length > 1) return 'ambiguous';
	return matches[0] ?? null;
}

// ---------------------------------------------------------------------------------------
// The API's answers

export interface ImportProblemView extends ImportProblem {
	message: string;
}

export interface ImportCheckAnswer {
	ok: boolean;
	wards: { row: number; name: string; slug: string }[];
	people: { row: number; unitName: string; fullName: string; username: string; role: Role; isLeader: boolean; isDeputy: boolean }[];
	problems: ImportProblemView[];
}

export interface IssuedAccount {
	unitName: string;
	fullName: string;
	username: string;
	role: Role;
	isLeader: boolean;
	isDeputy: boolean;
	oneTimePassword: string;
}

export interface ImportApplyAnswer {
	wards: { name: string; slug: string }[];
	people: IssuedAccount[];
}
