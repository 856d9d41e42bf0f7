/** Reading the organisation as a signed-in user may see it. */
import { and, asc, eq } from 'drizzle-orm';
import type { Person, UnitDetail, UnitSummary } from '$lib/domain/account';
import type { UnitKind } from '$lib/domain/roles';
import type { Database } from '../db';
import { contacts, units, users, type Unit } from '../db/schema';
import { findVisibleUnit, ownUnitId, visibleUnits, type Scope } from '../scope';

export function toUnitSummary(unit: Unit): UnitSummary {
	return {
		id: unit.id,
		kind: unit.kind,
		name: unit.name,
		slug: unit.slug,
		parentId: unit.parentId,
		serviceCenterName: unit.serviceCenterName,
		address: unit.address,
		openingHours: unit.openingHours,
		categories: unit.categories,
		active: unit.active
	};
}

export async function listVisibleUnits(
	db: Database,
	scope: Scope,
	kind?: UnitKind
): Promise<UnitSummary[]> {
	const rows = await db
		.select()
		.from(units)
		.where(and(visibleUnits(scope), kind ? eq(units.kind, kind) : undefined))
		.orderBy(asc(units.kind), asc(units.name));
	return rows.map(toUnitSummary);
}

export async function getVisibleUnitDetail(
	db: Database,
	scope: Scope,
	unitId: string
): Promise<UnitDetail | null> {
	const unit = await findVisibleUnit(db, scope, unitId);
	if (!unit) return null;
	const [unitContacts, allPeople] = await Promise.all([
		db
			.select({ id: contacts.id, kind: contacts.kind, label: contacts.label, value: contacts.value })
			.from(contacts)
			.where(eq(contacts.unitId, unit.id))
			.orderBy(asc(contacts.sortOrder), asc(contacts.label)),
		listPeople(db, unit.id)
	]);
	// The province (and the system admin) see everyone in their units. Outside its own unit,
	// a ward or an IT team sees the people of the escalation path only: a ward officer has
	// no need of the province administrators' numbers.
	const own = scope.kind === 'system' || scope.kind === 'province' || ownUnitId(scope) === unit.id;
	const people = own ? allPeople : allPeople.filter((p) => ESCALATION_ROLES.has(p.role));
	return { ...toUnitSummary(unit), contacts: unitContacts, people };
}

const ESCALATION_ROLES = new Set<Person['role']>(['ward_responder', 'province_team', 'vendor_team']);

/** The active members of a unit, leader first, then deputy, then by name. */
async function listPeople(db: Database, unitId: string): Promise<Person[]> {
	const rows = await db
		.select({
			id: users.id,
			fullName: users.fullName,
			role: users.role,
			isLeader: users.isLeader,
			isDeputy: users.isDeputy,
			phone: users.phone,
			email: users.email
		})
		.from(users)
		.where(and(eq(users.unitId, unitId), eq(users.active, true)))
		.orderBy(asc(users.fullName));
	const rank = (p: Person) => (p.isLeader ? 0 : p.isDeputy ? 1 : 2);
	return rows.sort((a, b) => rank(a) - rank(b));
}
