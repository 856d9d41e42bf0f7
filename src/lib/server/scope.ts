/**
 * Who may see what. Every query that reads organisation or incident data goes through
 * these helpers, so that the rule lives in one place:
 *
 * - a ward user (desk officer, responder, ward admin) sees their ward, and the province
 *   and IT teams above it as far as their contacts go (the escalation path needs them);
 * - the province team and a province admin see the province, its wards and its IT teams;
 * - an IT enterprise team sees its own team and its province; incidents reach it only
 *   through escalations (`incident_units`), and with them the wards they come from;
 * - the system administrator of a non-demo install sees everything.
 *
 * Anything outside the scope is reported as not found, never as forbidden, so that ids
 * of other wards cannot be probed.
 */
import { and, eq, inArray, or, sql, type Column, type SQL } from 'drizzle-orm';
import { roleFitsUnit } from '$lib/domain/admin';
import type { Database } from './db';
import { incidentUnits, incidents, units, type Unit, type User } from './db/schema';

export type Scope =
	| { kind: 'system' }
	| { kind: 'province'; provinceId: string }
	| { kind: 'ward'; wardId: string; provinceId: string }
	| { kind: 'vendor'; teamId: string; provinceId: string }
	| { kind: 'none' };

/** The scope of a user, given their unit (already loaded with the session). */
export function scopeOf(user: Pick<User, 'role' | 'unitId' | 'active'>, unit: Unit | null): Scope {
	if (!user.active) return { kind: 'none' };
	if (!unit) return user.role === 'admin' ? { kind: 'system' } : { kind: 'none' };
	if (!unit.active) return { kind: 'none' };
	// A misplaced user (a desk officer attached to a province) gets nothing, not more.
	if (!roleFitsUnit(user.role, unit.kind)) return { kind: 'none' };
	switch (unit.kind) {
		case 'province':
			return { kind: 'province', provinceId: unit.id };
		case 'ward':
			return unit.parentId ? { kind: 'ward', wardId: unit.id, provinceId: unit.parentId } : { kind: 'none' };
		case 'it_team':
			return unit.parentId
				? { kind: 'vendor', teamId: unit.id, provinceId: unit.parentId }
				: { kind: 'none' };
	}
}

const TRUE = sql`true`;
const FALSE = sql`false`;

/** Condition on the `units` table: the units this scope may read. */
export function visibleUnits(scope: Scope): SQL {
	switch (scope.kind) {
		case 'system':
			return TRUE;
		case 'province':
			return or(eq(units.id, scope.provinceId), eq(units.parentId, scope.provinceId))!;
		case 'ward':
			return or(
				eq(units.id, scope.wardId),
				eq(units.id, scope.provinceId),
				and(eq(units.parentId, scope.provinceId), eq(units.kind, 'it_team'))
			)!;
		case 'vendor':
			// Wards whose incidents reached the team: it needs their leader's phone and hotline.
			return or(
				eq(units.id, scope.teamId),
				eq(units.id, scope.provinceId),
				inArray(
					units.id,
					sql`(select ${incidents.wardId} from ${incidents} join ${incidentUnits} on ${incidentUnits.incidentId} = ${incidents.id} where ${incidentUnits.unitId} = ${scope.teamId})`
				)
			)!;
		case 'none':
			return FALSE;
	}
}

/**
 * Condition on any table with a ward id column (incidents, a ward's own records): the
 * rows of the wards this scope may read.
 */
export function visibleWardRows(scope: Scope, wardIdColumn: Column): SQL {
	switch (scope.kind) {
		case 'system':
			return TRUE;
		case 'province':
			return inArray(
				wardIdColumn,
				sql`(select ${units.id} from ${units} where ${units.parentId} = ${scope.provinceId} and ${units.kind} = 'ward')`
			);
		case 'ward':
			return eq(wardIdColumn, scope.wardId);
		case 'vendor':
		case 'none':
			return FALSE;
	}
}

/**
 * Condition on the `incidents` table: its ward's people, the province above it, and the IT
 * teams it was escalated to. A merged duplicate is not listed (its reports live on in the
 * incident it joined).
 */
export function visibleIncidents(scope: Scope): SQL {
	if (scope.kind === 'vendor') {
		return inArray(
			incidents.id,
			sql`(select ${incidentUnits.incidentId} from ${incidentUnits} where ${incidentUnits.unitId} = ${scope.teamId})`
		);
	}
	return visibleWardRows(scope, incidents.wardId);
}

/** The unit the scope is anchored on (its own people are all visible to it). */
export function ownUnitId(scope: Scope): string | null {
	switch (scope.kind) {
		case 'province':
			return scope.provinceId;
		case 'ward':
			return scope.wardId;
		case 'vendor':
			return scope.teamId;
		default:
			return null;
	}
}

/** One unit by id if the scope may read it; `null` means "answer 404". */
export async function findVisibleUnit(db: Database, scope: Scope, unitId: string): Promise<Unit | null> {
	if (!isUuid(unitId)) return null;
	const [unit] = await db
		.select()
		.from(units)
		.where(and(eq(units.id, unitId), visibleUnits(scope)))
		.limit(1);
	return unit ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
