/**
 * Provinces, wards and IT enterprise teams, as administrators create and keep them. Every
 * change is one transaction with its audit entry; an edit made on an older version of the
 * unit than the stored one is refused (two administrators at once), never merged blindly.
 */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { slugify, type AdminUnit, type CreateUnit, type UpdateUnit } from '$lib/domain/admin';
import type { Database } from '../db';
import { isUniqueViolation } from '../db/errors';
import { contacts, incidents, incidentUnits, sessions, units, users, type Unit } from '../db/schema';
import { ApiError } from '../http/api';
import { forgetPublicWard } from '../org/public-ward-cache';
import { findManagedUnit, managedUnits, type Admin } from './authority';
import { recordAudit } from './audit.service';
import { editConflict } from './conflict';

const parents = alias(units, 'parent');

export async function listManagedUnits(db: Database, admin: Admin, unitId?: string): Promise<AdminUnit[]> {
	const peopleCount = sql<number>`(select count(*)::int from ${users} where ${users.unitId} = ${units.id} and ${users.active})`;
	const contactCount = sql<number>`(select count(*)::int from ${contacts} where ${contacts.unitId} = ${units.id})`;
	const leaderName = sql<string | null>`(select ${users.fullName} from ${users} where ${users.unitId} = ${units.id} and ${users.isLeader} and ${users.active} limit 1)`;
	const rows = await db
		.select({ unit: units, parentName: parents.name, peopleCount, contactCount, leaderName })
		.from(units)
		.leftJoin(parents, eq(parents.id, units.parentId))
		.where(and(managedUnits(admin.seat), unitId ? eq(units.id, unitId) : undefined))
		.orderBy(asc(units.kind), asc(units.name));
	return rows.map((r) => toAdminUnit(r.unit, r.parentName, r.peopleCount, r.leaderName, r.contactCount));
}

export async function getManagedUnit(db: Database, admin: Admin, unitId: string): Promise<AdminUnit> {
	const unit = await findManagedUnit(db, admin.seat, unitId);
	const [row] = await listManagedUnits(db, admin, unit.id);
	return row!;
}

function toAdminUnit(unit: Unit, parentName: string | null, peopleCount: number, leaderName: string | null, contactCount = 0): AdminUnit {
	return {
		id: unit.id,
		kind: unit.kind,
		parentId: unit.parentId,
		parentName,
		name: unit.name,
		slug: unit.slug,
		serviceCenterName: unit.serviceCenterName,
		address: unit.address,
		openingHours: unit.openingHours,
		categories: unit.categories,
		escalateAfterMinutes: unit.escalateAfterMinutes,
		remindAfterMinutes: unit.remindAfterMinutes,
		active: unit.active,
		version: unit.version,
		peopleCount: Number(peopleCount),
		contactCount: Number(contactCount),
		leaderName: unit.kind === 'ward' ? leaderName : null
	};
}

/** What the audit records of a unit: the fields an administrator can change. */
export function unitSnapshot(unit: Unit): Record<string, unknown> {
	return {
		name: unit.name,
		slug: unit.slug,
		...(unit.kind === 'ward' && {
			serviceCenterName: unit.serviceCenterName,
			address: unit.address,
			openingHours: unit.openingHours,
			escalateAfterMinutes: unit.escalateAfterMinutes,
			remindAfterMinutes: unit.remindAfterMinutes
		}),
		...(unit.kind === 'it_team' && { categories: unit.categories }),
		active: unit.active
	};
}

/** The parent a new ward or IT team hangs from: a province the administrator manages. */
export async function managedProvince(db: Database, admin: Admin, provinceId: string): Promise<Unit> {
	const parent = await findManagedUnit(db, admin.seat, provinceId).catch(() => null);
	if (!parent || parent.kind !== 'province' || !parent.active) {
		throw new ApiError(400, 'parent_invalid', { field: 'parentId' });
	}
	return parent;
}

/**
 * Whether the province is active, holding it so until the transaction ends: a concurrent
 * deactivation (which locks it for update and counts its active units) waits for this
 * one, or this one for it — never an active ward under a switched-off province.
 */
export async function lockActiveParent(tx: Database, parentId: string): Promise<boolean> {
	const [parent] = await tx.select({ active: units.active }).from(units).where(eq(units.id, parentId)).for('share');
	return parent?.active ?? false;
}

export async function createUnit(db: Database, admin: Admin, input: CreateUnit): Promise<AdminUnit> {
	// Provinces are created by the system administrator only: a province administrator's
	// subtree is its own province.
	if (input.kind === 'province' && admin.seat.unitId !== null) throw new ApiError(403, 'forbidden');
	const parent = input.kind === 'province' ? null : await managedProvince(db, admin, input.parentId);
	const slug = input.slug || slugify(input.name);
	if (!slug) throw new ApiError(400, 'invalid_slug', { field: 'slug' });

	const created = await db.transaction(async (tx) => {
		if (parent && !(await lockActiveParent(tx, parent.id))) throw new ApiError(400, 'parent_invalid', { field: 'parentId' });
		await assertSlugFree(tx, slug);
		const [unit] = await tx
			.insert(units)
			.values({
				kind: input.kind,
				parentId: parent?.id ?? null,
				name: input.name,
				slug,
				...(input.kind === 'ward' && {
					serviceCenterName: input.serviceCenterName ?? null,
					address: input.address ?? null,
					openingHours: input.openingHours ?? null
				}),
				...(input.kind === 'it_team' && { categories: input.categories })
			})
			.returning();
		await recordAudit(tx, admin.user, {
			action: 'unit.create',
			unit: unit!,
			entityId: unit!.id,
			entityName: unit!.name,
			before: null,
			after: unitSnapshot(unit!)
		});
		return unit!;
	}).catch(slugTakenOr(slug));
	return toAdminUnit(created, parent?.name ?? null, 0, null);
}

/** Fields that belong to one kind of unit only; sending them for another is a mistake worth naming. */
const WARD_ONLY = ['serviceCenterName', 'address', 'openingHours', 'escalateAfterMinutes', 'remindAfterMinutes'] as const;

export async function updateUnit(db: Database, admin: Admin, unitId: string, patch: UpdateUnit): Promise<AdminUnit> {
	const updated = await db.transaction(async (tx) => {
		const unit = await findManagedUnit(tx, admin.seat, unitId, { lock: true });
		if (unit.version !== patch.version) throw await editConflict(tx, [unit.id]);
		for (const field of WARD_ONLY) {
			if (patch[field] !== undefined && unit.kind !== 'ward') throw new ApiError(400, 'unknown_field', { field });
		}
		if (patch.categories !== undefined && unit.kind !== 'it_team') {
			throw new ApiError(400, 'unknown_field', { field: 'categories' });
		}
		if (patch.active === false && unit.active) await assertMayDeactivate(tx, admin, unit);
		// A ward or team cannot come back to life under a province that is switched off.
		if (patch.active === true && !unit.active && unit.parentId && !(await lockActiveParent(tx, unit.parentId))) {
			throw new ApiError(409, 'parent_invalid', { field: 'active' });
		}
		if (patch.slug !== undefined && patch.slug !== unit.slug) await assertSlugFree(tx, patch.slug);

		const [row] = await tx
			.update(units)
			.set({
				name: patch.name,
				slug: patch.slug,
				serviceCenterName: blankToNull(patch.serviceCenterName),
				address: blankToNull(patch.address),
				openingHours: blankToNull(patch.openingHours),
				categories: patch.categories,
				active: patch.active,
				escalateAfterMinutes: patch.escalateAfterMinutes,
				remindAfterMinutes: patch.remindAfterMinutes,
				version: unit.version + 1
			})
			.where(eq(units.id, unit.id))
			.returning();
		// Its people can do nothing in a deactivated unit: they are signed out now, not left
		// looking at an app that refuses everything.
		if (patch.active === false && unit.active) {
			await tx.delete(sessions).where(inArray(sessions.userId, tx.select({ id: users.id }).from(users).where(eq(users.unitId, unit.id))));
		}
		await recordAudit(tx, admin.user, {
			action: patch.active === false && unit.active ? 'unit.deactivate' : patch.active && !unit.active ? 'unit.reactivate' : 'unit.update',
			unit,
			entityId: unit.id,
			entityName: row!.name,
			before: unitSnapshot(unit),
			after: unitSnapshot(row!)
		});
		return row!;
	}).catch(slugTakenOr(patch.slug ?? ''));
	// The notice display and status page show the ward's name, address and hours.
	forgetPublicWard(updated.id);
	return getManagedUnit(db, admin, updated.id);
}

const blankToNull = (value: string | undefined) => (value === undefined ? undefined : value || null);

async function assertMayDeactivate(db: Database, admin: Admin, unit: Unit): Promise<void> {
	// Deactivating one's own unit would end one's own administration mid-sentence.
	if (unit.id === admin.seat.unitId) throw new ApiError(409, 'cannot_deactivate_own_unit');
	if (unit.kind === 'province') {
		const [row] = await db
			.select({ n: count() })
			.from(units)
			.where(and(eq(units.parentId, unit.id), eq(units.active, true)));
		if ((row?.n ?? 0) > 0) throw new ApiError(409, 'unit_has_active_children', { count: row!.n });
	}
}

/**
 * A unit nobody has used yet (no people, no incidents, no units under it) can be deleted —
 * a typo in a name, a ward imported twice. Anything with a history is deactivated instead.
 */
export async function deleteUnit(db: Database, admin: Admin, unitId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const unit = await findManagedUnit(tx, admin.seat, unitId, { lock: true });
		if (unit.id === admin.seat.unitId) throw new ApiError(409, 'cannot_deactivate_own_unit');
		const [[people], [reports], [reached], [children]] = await Promise.all([
			tx.select({ n: count() }).from(users).where(eq(users.unitId, unit.id)),
			tx.select({ n: count() }).from(incidents).where(eq(incidents.wardId, unit.id)),
			tx.select({ n: count() }).from(incidentUnits).where(eq(incidentUnits.unitId, unit.id)),
			tx.select({ n: count() }).from(units).where(eq(units.parentId, unit.id))
		]);
		if (people!.n + reports!.n + reached!.n + children!.n > 0) {
			throw new ApiError(409, 'unit_in_use', { people: people!.n, incidents: reports!.n + reached!.n });
		}
		await recordAudit(tx, admin.user, {
			action: 'unit.delete',
			unit: { id: unit.id, parentId: unit.parentId },
			entityId: unit.id,
			entityName: unit.name,
			before: unitSnapshot(unit),
			after: null
		});
		await tx.delete(contacts).where(eq(contacts.unitId, unit.id));
		await tx.delete(units).where(eq(units.id, unit.id));
	});
	forgetPublicWard(unitId);
}

export async function assertSlugFree(db: Database, slug: string): Promise<void> {
	const [taken] = await db.select({ id: units.id }).from(units).where(eq(units.slug, slug)).limit(1);
	if (taken) throw new ApiError(409, 'slug_taken', { slug, field: 'slug' });
}

/** Two administrators creating the same slug at once: the loser hears it plainly. */
function slugTakenOr(slug: string) {
	return (err: unknown): never => {
		if (isUniqueViolation(err)) throw new ApiError(409, 'slug_taken', { slug, field: 'slug' });
		throw err;
	};
}
