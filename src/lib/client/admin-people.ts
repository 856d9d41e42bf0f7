/**
 * The people and onboarding pages of the administration area: loading units and people,
 * the multipart import, the one-time password list, and the audit in words. These pages
 * need the network (nothing here is kept offline), so "offline" becomes a calm sentence.
 */
import { z } from 'zod/mini';
import { usernameSchema, type AdminUnit, type AdminUser, type AuditRecord } from '$lib/domain/admin';
import { isApiErrorBody } from '$lib/domain/api-error';
import { neutralizeFormula } from '$lib/domain/formula';
import type { ImportApplyAnswer, ImportCheckAnswer, ImportProblemView, IssuedAccount } from '$lib/domain/onboarding';
import { formatPhoneVN, normalizePhone } from '$lib/domain/phone-number';
import { matchesQuery } from '$lib/domain/text-fold';
import { ROLES, type Role } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';
import { getLocale } from './locale';
import { callApi, type ApiResult } from './api';
import { categoryLabel, contactKindLabel, roleLabel, unitKindLabel } from './labels';

/** Same limits as the server (upload.ts): refused here first, so nothing large is sent in vain. */
export const MAX_IMPORT_FILES = 2;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A failed call as one sentence; the API's own message is already in the user's language. */
export function failureText(result: Extract<ApiResult<unknown>, { ok: false }>): string {
	return result.reason === 'offline' ? m.admin_people_needs_network() : result.message;
}

export async function loadUnits(): Promise<{ ok: true; units: AdminUnit[] } | { ok: false; message: string }> {
	const result = await callApi<{ items: AdminUnit[] }>('/api/admin/units');
	return result.ok ? { ok: true, units: result.data.items } : { ok: false, message: failureText(result) };
}

export async function loadPeople(): Promise<{ ok: true; people: AdminUser[] } | { ok: false; message: string }> {
	const result = await callApi<{ items: AdminUser[] }>('/api/admin/users');
	return result.ok ? { ok: true, people: result.data.items } : { ok: false, message: failureText(result) };
}

/** "Phường Thái Hòa — Phường, xã"; an IT team's name already says what it is. */
export function unitOptionLabel(unit: AdminUnit): string {
	const name = unit.active ? unit.name : `${unit.name} (${m.admin_people_inactive()})`;
	return unit.kind === 'it_team' ? name : `${name} — ${unitKindLabel(unit.kind)}`;
}

/** A role as administrators pick it; leader and deputy are posts, set on the ward's page. */
export function roleOptions(): { value: Role; label: string }[] {
	return ROLES.map((role) => ({ value: role, label: roleLabel({ role, isLeader: false, isDeputy: false }) }));
}

// ---------------------------------------------------------------------------------------
// The person form

/** What the person forms edit; `unitId` is '' until chosen, NO_UNIT for a system administrator. */
export interface PersonValues {
	username: string;
	fullName: string;
	role: Role;
	unitId: string;
	phone: string;
	email: string;
}
export type PersonErrors = Partial<Record<keyof PersonValues | 'form', string>>;
export const NO_UNIT = 'none';

export function emptyPerson(unitId = ''): PersonValues {
	return { username: '', fullName: '', role: 'desk_officer', unitId, phone: '', email: '' };
}

export function personValues(user: AdminUser): PersonValues {
	return {
		username: user.username,
		fullName: user.fullName,
		role: user.role,
		unitId: user.unitId ?? NO_UNIT,
		phone: user.phone ? formatPhoneVN(user.phone) : '',
		email: user.email ?? ''
	};
}

/**
 * The form checked before sending (the server checks again and has the last word), and the
 * values as the API takes them: trimmed, the phone in E.164 or '' to clear it.
 */
export function checkPerson(values: PersonValues, withUsername: boolean) {
	const errors: PersonErrors = {};
	if (withUsername && !usernameSchema.safeParse(values.username).success) errors.username = m.admin_people_invalid_username();
	if (!values.fullName.trim()) errors.fullName = m.admin_people_name_required();
	if (!values.unitId) errors.unitId = m.admin_people_unit_required();
	const phone = values.phone.trim() ? normalizePhone(values.phone) : '';
	if (phone === null) errors.phone = m.invalid_phone();
	const email = values.email.trim();
	if (email && !z.email().safeParse(email).success) errors.email = m.invalid_email();
	return {
		errors,
		ok: Object.keys(errors).length === 0,
		input: {
			username: values.username.trim().toLowerCase(),
			fullName: values.fullName.trim(),
			role: values.role,
			unitId: values.unitId === NO_UNIT ? null : values.unitId,
			phone: phone ?? '',
			email
		}
	};
}

/** Puts a refusal next to the field it names, or at the top of the form. */
export function placeFailure(result: Extract<ApiResult<unknown>, { ok: false }>): PersonErrors {
	const field = result.reason === 'rejected' || result.reason === 'server' ? result.field : undefined;
	const known: (keyof PersonValues)[] = ['username', 'fullName', 'role', 'unitId', 'phone', 'email'];
	const key = known.find((k) => k === field);
	return key ? { [key]: failureText(result) } : { form: failureText(result) };
}

// ---------------------------------------------------------------------------------------
// Import

export type ImportOutcome<T> =
	| { ok: true; data: T }
	| { ok: false; message: string; problems: ImportProblemView[] };

/** "12 KB", "1,4 MB": a chosen file's size as the file manager shows it. */
export function fileSize(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
	return `${new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

/**
 * The sheet a problem is on, or null for a CSV file: its one "sheet" is only the file's name
 * again (as the server names it), which the problem list already shows.
 */
export function problemSheet(problem: Pick<ImportProblemView, 'file' | 'sheet'>): string | null {
	const base = problem.file.split(/[\\/]/).pop() ?? '';
	const dot = base.lastIndexOf('.');
	const stem = (dot > 0 ? base.slice(0, dot) : base).trim().normalize('NFC');
	const workbook = /\.xls[xm]$/i.test(base);
	return !workbook && problem.sheet.normalize('NFC') === stem ? null : problem.sheet;
}

/** A file over the limit is named at once, before any upload; null when all are fine. */
export function oversizedFile(files: readonly File[]): string | null {
	const big = files.find((file) => file.size > MAX_IMPORT_BYTES);
	return big ? m.admin_import_too_large({ file: big.name, limit: MAX_IMPORT_BYTES / 1024 / 1024 }) : null;
}

export function sendImport(mode: 'check', files: readonly File[]): Promise<ImportOutcome<ImportCheckAnswer>>;
export function sendImport(mode: 'apply', files: readonly File[]): Promise<ImportOutcome<ImportApplyAnswer>>;
export async function sendImport(mode: 'check' | 'apply', files: readonly File[]): Promise<ImportOutcome<unknown>> {
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return { ok: false, message: m.admin_people_needs_network(), problems: [] };
	const form = new FormData();
	form.set('mode', mode);
	for (const file of files) form.append('files', file, file.name);
	let response: Response;
	try {
		// No content-type header: the browser writes the multipart boundary itself.
		response = await fetch('/api/admin/import', { method: 'POST', body: form, credentials: 'same-origin' });
	} catch {
		return { ok: false, message: m.admin_people_needs_network(), problems: [] };
	}
	const body: unknown = await response.json().catch(() => null);
	if (response.ok) return { ok: true, data: body };
	const problems = (body as { problems?: ImportProblemView[] } | null)?.problems;
	return {
		ok: false,
		message: isApiErrorBody(body) ? body.error.message : m.api_unreachable({ status: response.status }),
		problems: Array.isArray(problems) ? problems : []
	};
}

/** The created accounts for Excel: UTF-8 with a BOM, CRLF, every cell made formula-safe. */
export function passwordsCsv(accounts: readonly IssuedAccount[], roleOf: (account: IssuedAccount) => string): string {
	const header = [m.admin_import_col_unit(), m.admin_import_col_name(), m.admin_import_col_username(), m.admin_import_col_role(), m.admin_import_col_password()];
	const rows = accounts.map((a) => [a.unitName, a.fullName, a.username, roleOf(a), a.oneTimePassword]);
	const field = (cell: string) => {
		const safe = neutralizeFormula(cell);
		return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	return '\uFEFF' + [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file from the page itself: the passwords never travel again. */
export function downloadText(text: string, fileName: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------------------------------
// Audit in words

export function auditActionLabel(action: string): string {
	const labels: Record<string, () => string> = {
		'unit.create': m.admin_audit_unit_create,
		'unit.update': m.admin_audit_unit_update,
		'unit.deactivate': m.admin_audit_unit_deactivate,
		'unit.reactivate': m.admin_audit_unit_reactivate,
		'unit.delete': m.admin_audit_unit_delete,
		'unit.import': m.admin_audit_unit_import,
		'unit.leadership': m.admin_audit_unit_leadership,
		'user.create': m.admin_audit_user_create,
		'user.update': m.admin_audit_user_update,
		'user.move_out': m.admin_audit_user_move_out,
		'user.deactivate': m.admin_audit_user_deactivate,
		'user.reactivate': m.admin_audit_user_reactivate,
		'user.password_reset': m.admin_audit_user_password_reset,
		'user.import': m.admin_audit_user_import,
		'contact.create': m.admin_audit_contact_create,
		'contact.update': m.admin_audit_contact_update,
		'contact.delete': m.admin_audit_contact_delete,
		'notice_voice.record': m.admin_audit_notice_voice_record,
		'notice_voice.remove': m.admin_audit_notice_voice_remove
	};
	// A newer server may record actions this page does not know yet: shown as written.
	return labels[action]?.() ?? action;
}

const FIELD_LABELS: Record<string, () => string> = {
	fullName: m.admin_people_full_name,
	username: m.admin_people_username,
	role: m.admin_people_role,
	unit: m.admin_people_unit,
	isLeader: m.role_leader,
	isDeputy: m.role_deputy,
	phone: m.admin_people_phone,
	email: m.admin_people_email,
	active: m.admin_audit_field_active,
	mustChangePassword: m.admin_people_must_change,
	oneTimePasswordIssued: m.admin_audit_field_one_time_password,
	name: m.admin_audit_field_name,
	slug: m.admin_audit_field_slug,
	serviceCenterName: m.admin_audit_field_service_center,
	address: m.admin_audit_field_address,
	openingHours: m.admin_audit_field_opening_hours,
	// The timers as their own form names them, so the record reads like the page it came from.
	escalateAfterMinutes: m.admin_units_timer_escalate,
	remindAfterMinutes: m.admin_units_timer_remind,
	categories: m.admin_audit_field_categories,
	contacts: m.admin_audit_field_contacts,
	leader: m.role_leader,
	deputy: m.role_deputy,
	kind: m.admin_audit_field_kind,
	label: m.admin_audit_field_label,
	value: m.admin_audit_field_value,
	noticeVoice: m.admin_audit_field_notice_voice
};

/** Recorded but not worth a line: a contact's position in the list is set by the page itself. */
const HIDDEN_FIELDS = new Set(['sortOrder']);

export function auditFieldLabel(field: string): string {
	return FIELD_LABELS[field]?.() ?? field;
}

const ROLE_SET = new Set<string>(ROLES);
const CONTACT_KINDS = new Set(['phone', 'hotline', 'zalo_group', 'email']);

/** One recorded value, readable: roles and contact kinds in words, phones formatted, blanks as "—". */
export function auditValue(field: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'boolean') return value ? m.admin_audit_yes() : m.admin_audit_no();
	if (Array.isArray(value)) {
		const items = value.map((v) => (field === 'categories' ? categoryLabel(String(v)) : auditValue('', v)));
		return items.length ? items.join(', ') : '—';
	}
	if (typeof value === 'object') return JSON.stringify(value);
	const text = String(value);
	if (field === 'role' && ROLE_SET.has(text)) return roleLabel({ role: text as Role, isLeader: false, isDeputy: false });
	if (field === 'kind' && CONTACT_KINDS.has(text)) return contactKindLabel(text as 'phone');
	if (text.startsWith('+')) return formatPhoneVN(text);
	return text;
}

/** Fields in the order a person reads them (the database returns them in its own order). */
const FIELD_ORDER = Object.keys(FIELD_LABELS);

/**
 * "field: before → after", in a reading order. A creation (nothing before) shows only what
 * was set, without the "no" flags and "active" every new record carries.
 */
export function auditChanges(record: AuditRecord): string[] {
	const created = /\.(create|import)$/.test(record.action);
	const rank = (field: string) => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);
	return record.changes
		.filter(({ field }) => !HIDDEN_FIELDS.has(field))
		.filter(({ field, after }) => !created || (after !== false && !(field === 'active' && after === true)))
		.sort((a, b) => rank(a.field) - rank(b.field))
		.map(({ field, before, after }) =>
			created
				? `${auditFieldLabel(field)}: ${auditValue(field, after)}`
				: `${auditFieldLabel(field)}: ${auditValue(field, before)} → ${auditValue(field, after)}`
		);
}

/**
 * Whether an entry concerns a ward or person named in the query (without accents, words in
 * any order): who did it, what it was done to, and the unit a person was put in or moved from.
 */
export function auditMatches(record: AuditRecord, query: string): boolean {
	const units = record.changes.filter((c) => c.field === 'unit').flatMap((c) => [c.before, c.after]);
	const text = [record.actorName, record.entityName, ...units.filter((u) => typeof u === 'string')].join(' ');
	return matchesQuery(text, query);
}
