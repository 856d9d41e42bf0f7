/**
 * The units pages (`/quan-tri/don-vi`): their calls to `/api/admin/…` and the small rules
 * their forms share. The server is the validator and its messages are already in the
 * user's language. These pages need the network — an administrator's change is checked
 * against everyone else's at once — so "offline" is said calmly, never queued.
 */
import type { Contact } from '$lib/domain/account';
import type { AdminUnit, AdminUser, ContactInput, CreateUnit, Leadership, UpdateUnit } from '$lib/domain/admin';
import { CATEGORY_IDS } from '$lib/domain/incident-catalog';
import { callApi, type ApiResult } from './api';
import { m } from '$lib/paraglide/messages';

export type AdminContact = Contact & { sortOrder: number };

const unitPath = (id: string) => `/api/admin/units/${encodeURIComponent(id)}`;

export const unitsApi = {
	list: () => callApi<{ items: AdminUnit[] }>('/api/admin/units'),
	get: (id: string) => callApi<AdminUnit>(unitPath(id)),
	create: (input: CreateUnit) => callApi<AdminUnit>('/api/admin/units', { method: 'POST', body: input }),
	update: (id: string, patch: UpdateUnit) => callApi<AdminUnit>(unitPath(id), { method: 'PATCH', body: patch }),
	remove: (id: string) => callApi<null>(unitPath(id), { method: 'DELETE' }),
	people: (id: string) => callApi<{ items: AdminUser[] }>(`/api/admin/users?unitId=${encodeURIComponent(id)}`),
	setLeadership: (id: string, input: Leadership) =>
		callApi<{ items: AdminUser[] }>(`${unitPath(id)}/leadership`, { method: 'PUT', body: input }),
	contacts: (id: string) => callApi<{ items: AdminContact[] }>(`${unitPath(id)}/contacts`),
	saveContact: (id: string, contactId: string | null, input: ContactInput) =>
		contactId === null
			? callApi<AdminContact>(`${unitPath(id)}/contacts`, { method: 'POST', body: input })
			: callApi<AdminContact>(`${unitPath(id)}/contacts/${encodeURIComponent(contactId)}`, { method: 'PUT', body: input }),
	removeContact: (id: string, contactId: string) =>
		callApi<null>(`${unitPath(id)}/contacts/${encodeURIComponent(contactId)}`, { method: 'DELETE' })
};

/** What a refused call means for a form: a message next to one of its fields, or at its top. */
export interface Failure {
	message: string;
	field: string | null;
	/** Another administrator saved first: the form stays as typed and offers "Tải lại". */
	conflict: boolean;
}

export function failure(result: Extract<ApiResult<unknown>, { ok: false }>, fields: readonly string[] = []): Failure {
	if (result.reason === 'offline') return { message: m.admin_units_needs_network(), field: null, conflict: false };
	if (result.reason === 'unauthenticated') return { message: result.message, field: null, conflict: false };
	// "categories.2" (one unknown category) belongs next to the categories as a whole.
	const named = result.field?.split('.')[0];
	const field = named && fields.includes(named) ? named : null;
	return { message: result.message, field, conflict: result.code === 'edit_conflict' };
}

// ---------------------------------------------------------------------------------------
// The province → wards → IT teams tree of the list page

export interface ProvinceGroup {
	id: string;
	name: string;
	/** Absent for a ward administrator, who manages the ward but not its province. */
	province: AdminUnit | null;
	wards: AdminUnit[];
	teams: AdminUnit[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');

export function groupByProvince(units: readonly AdminUnit[]): ProvinceGroup[] {
	const groups = new Map<string, ProvinceGroup>();
	const groupOf = (id: string, name: string) => {
		let group = groups.get(id);
		if (!group) groups.set(id, (group = { id, name, province: null, wards: [], teams: [] }));
		return group;
	};
	for (const unit of units) {
		if (unit.kind === 'province') {
			const group = groupOf(unit.id, unit.name);
			group.province = unit;
			group.name = unit.name;
		} else {
			const group = groupOf(unit.parentId ?? '', unit.parentName ?? '');
			(unit.kind === 'ward' ? group.wards : group.teams).push(unit);
		}
	}
	const sorted = [...groups.values()].sort(byName);
	for (const group of sorted) {
		group.wards.sort(byName);
		group.teams.sort(byName);
	}
	return sorted;
}

// ---------------------------------------------------------------------------------------
// Editing against a fresher copy

export type FormValues = Record<string, string | string[]>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Folds a fresher copy of the unit (after "Tải lại", or another section's save) into a form
 * the user may have typed in. Fields they did not touch take the new value; fields they
 * changed keep their value — unless someone else changed the same field meanwhile: then
 * the stored value shows and what they had typed is offered back (`mine`), never lost.
 */
export function mergeEdits<T extends FormValues>(base: T, form: T, next: T): { form: T; mine: Partial<T> } {
	const merged = { ...form };
	const mine: Partial<T> = {};
	for (const key of Object.keys(next) as (keyof T)[]) {
		const touched = !same(form[key], base[key]);
		const changedElsewhere = !same(next[key], base[key]);
		if (!touched) merged[key] = next[key];
		else if (changedElsewhere && !same(form[key], next[key])) {
			mine[key] = form[key];
			merged[key] = next[key];
		}
	}
	return { form: merged, mine };
}

/** The fields of a form that differ from what was loaded: a PATCH sends only those. */
export function changedKeys<T extends FormValues>(base: T, form: T): (keyof T)[] {
	return (Object.keys(form) as (keyof T)[]).filter((key) => !same(form[key], base[key]));
}

/** An IT team's categories in the catalog's order: comparable, and listed as the report form lists them. */
export function inCatalogOrder(ids: readonly string[]): string[] {
	return CATEGORY_IDS.filter((id) => ids.includes(id));
}

/**
 * What leaves a unit unreachable, in words: no contact to call or share to, and — for a
 * province or an IT team, whose people a ward's leader escalates to — nobody in it.
 */
export function unitWarnings(unit: Pick<AdminUnit, 'kind' | 'contactCount' | 'peopleCount'>): string[] {
	const warnings: string[] = [];
	if (unit.contactCount === 0) warnings.push(m.admin_units_no_contacts());
	const nobody = peopleWarning(unit.kind, unit.peopleCount);
	if (nobody) warnings.push(nobody);
	return warnings;
}

/** "Chưa có thành viên …" for a province or IT team with nobody active in it; null otherwise. */
export function peopleWarning(kind: AdminUnit['kind'], activePeople: number): string | null {
	if (activePeople > 0) return null;
	if (kind === 'province') return m.admin_units_no_province_team();
	if (kind === 'it_team') return m.admin_units_no_vendor_team();
	return null;
}
