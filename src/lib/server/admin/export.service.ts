/**
 * Export in the import's own formats (domain/onboarding.ts), so a province can keep its
 * lists in a spreadsheet, edit them and bring new rows back. Cells that look like formulas
 * are neutralised on the way out (spreadsheet.ts): a name typed as "=HYPERLINK(…)" is
 * text in the app and stays text in Excel.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { LEAD_NAMES, PEOPLE_COLUMNS, ROLE_NAMES, WARD_COLUMNS } from '$lib/domain/onboarding';
import { formatPhoneVN } from '$lib/domain/phone';
import type { Database } from '../db';
import { contacts, units, users } from '../db/schema';
import { managedUnits, type Admin } from './authority';

const provinces = alias(units, 'province');

export async function wardRows(db: Database, admin: Admin): Promise<string[][]> {
	const wards = await db
		.select({ ward: units, provinceName: provinces.name })
		.from(units)
		.leftJoin(provinces, eq(provinces.id, units.parentId))
		.where(and(managedUnits(admin.seat), eq(units.kind, 'ward'), eq(units.active, true)))
		.orderBy(asc(provinces.name), asc(units.name));
	const ids = wards.map((w) => w.ward.id);
	const wardContacts = ids.length
		? await db.select().from(contacts).where(inArray(contacts.unitId, ids)).orderBy(asc(contacts.sortOrder))
		: [];
	const first = (unitId: string, kind: (typeof contacts.$inferSelect)['kind']) =>
		wardContacts.find((c) => c.unitId === unitId && c.kind === kind)?.value ?? '';
	const header = WARD_COLUMNS.map((c) => c.header);
	return [
		header,
		...wards.map(({ ward, provinceName }) => [
			provinceName ?? '',
			ward.name,
			ward.slug,
			ward.serviceCenterName ?? '',
			ward.address ?? '',
			ward.openingHours ?? '',
			phone(first(ward.id, 'hotline')),
			first(ward.id, 'zalo_group'),
			first(ward.id, 'email')
		])
	];
}

export async function peopleRows(db: Database, admin: Admin): Promise<string[][]> {
	const rows = await db
		.select({ user: users, unitName: units.name })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(and(managedUnits(admin.seat), eq(users.active, true)))
		.orderBy(asc(units.name), asc(users.fullName));
	return [
		PEOPLE_COLUMNS.map((c) => c.header),
		...rows.map(({ user, unitName }) => [
			unitName,
			user.fullName,
			user.username,
			ROLE_NAMES[user.role][0],
			user.isLeader ? LEAD_NAMES.leader[0] : user.isDeputy ? LEAD_NAMES.deputy[0] : '',
			user.phone ? phone(user.phone) : '',
			user.email ?? ''
		])
	];
}

const phone = (e164: string) => (e164 ? formatPhoneVN(e164) : '');
