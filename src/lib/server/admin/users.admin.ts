/**
 * People, as administrators create and keep them: accounts with a one-time password, role
 * and unit, the ward's leader and deputy, password resets and deactivation. A person's
 * history (reports, actions, the audit) stays when the account is deactivated.
 */
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import {
	canLead,
	roleFitsUnit,
	type AdminSeat,
	type AdminUser,
	type CreateUser,
	type Leadership,
	type OneTimePasswordIssued,
	type UpdateUser
} from '$lib/domain/admin';
import type { Database } from '../db';
import { isForeignKeyViolation, isUniqueViolation } from '../db/errors';
import { units, users, type Unit, type User } from '../db/schema';
import { hashPassword } from '../auth/password';
import { deleteUserSessions } from '../auth/session.service';
import { ApiError } from '../http/api';
import { isUuid } from '../scope';
import { findManagedUnit, managedUnits, type Admin } from './authority';
import { recordAudit } from './audit.service';
import { editConflict } from './conflict';
import { oneTimePassword } from './one-time-password';

/** Condition on `users` joined with their unit: the people this administrator manages. */
function managedUsers(seat: AdminSeat): SQL {
	// System administrators (no unit) are managed by the system administrator alone.
	return seat.unitId === null ? sql`true` : and(sql`${units.id} is not null`, managedUnits(seat))!;
}

export async function listManagedUsers(
	db: Database,
	admin: Admin,
	filter: { unitId?: string; userId?: string } = {}
): Promise<AdminUser[]> {
	const rows = await db
		.select({ user: users, unitName: units.name })
		.from(users)
		.leftJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				managedUsers(admin.seat),
				filter.unitId ? eq(users.unitId, filter.unitId) : undefined,
				filter.userId ? eq(users.id, filter.userId) : undefined
			)
		)
		.orderBy(asc(units.name), asc(users.fullName));
	return rows.map((r) => toAdminUser(r.user, r.unitName));
}

export function toAdminUser(user: User, unitName: string | null): AdminUser {
	return {
		id: user.id,
		username: user.username,
		fullName: user.fullName,
		role: user.role,
		unitId: user.unitId,
		unitName,
		isLeader: user.isLeader,
		isDeputy: user.isDeputy,
		phone: user.phone,
		email: user.email,
		active: user.active,
		mustChangePassword: user.mustChangePassword,
		lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
		version: user.version
	};
}

/** How the audit names a person: "Nguyễn Thị Lan (lan.nt)". */
export const personName = (user: Pick<User, 'fullName' | 'username'>) => `${user.fullName} (${user.username})`;

/** What the audit records of a person (never a password or its hash). */
export function userSnapshot(user: User, unitName: string | null): Record<string, unknown> {
	return {
		fullName: user.fullName,
		role: user.role,
		unit: unitName,
		isLeader: user.isLeader,
		isDeputy: user.isDeputy,
		phone: user.phone,
		email: user.email,
		active: user.active
	};
}

/** One managed person with their unit, or a 404; `lock` holds the row for an edit. */
async function findManagedUser(db: Database, admin: Admin, userId: string, lock = false) {
	if (!isUuid(userId)) throw new ApiError(404, 'not_found');
	const query = db
		.select({ user: users, unit: units })
		.from(users)
		.leftJoin(units, eq(units.id, users.unitId))
		.where(and(eq(users.id, userId), managedUsers(admin.seat)))
		.limit(1);
	const [row] = lock ? await query.for('update', { of: users }) : await query;
	if (!row) throw new ApiError(404, 'not_found');
	return row;
}

export async function getManagedUser(db: Database, admin: Admin, userId: string): Promise<AdminUser> {
	const { user, unit } = await findManagedUser(db, admin, userId);
	return toAdminUser(user, unit?.name ?? null);
}

/** The unit a person is placed in: managed, active, and of the kind the role belongs to. */
async function placeFor(db: Database, admin: Admin, role: User['role'], unitId: string | null): Promise<Unit | null> {
	if (unitId === null) {
		// Only a system administrator may create another one.
		if (admin.seat.unitId !== null || role !== 'admin') throw new ApiError(400, 'unit_required', { field: 'unitId' });
		return null;
	}
	const unit = await findManagedUnit(db, admin.seat, unitId).catch(() => {
		throw new ApiError(400, 'unit_invalid', { field: 'unitId' });
	});
	if (!unit.active) throw new ApiError(400, 'unit_invalid', { field: 'unitId' });
	if (!roleFitsUnit(role, unit.kind)) throw new ApiError(400, 'role_unit_mismatch', { field: 'role' });
	return unit;
}

export async function createUser(db: Database, admin: Admin, input: CreateUser): Promise<OneTimePasswordIssued> {
	const unit = await placeFor(db, admin, input.role, input.unitId);
	const password = oneTimePassword();
	const passwordHash = await hashPassword(password);
	const user = await db
		.transaction(async (tx) => {
			await assertUsernameFree(tx, input.username);
			const [row] = await tx
				.insert(users)
				.values({
					username: input.username,
					fullName: input.fullName,
					role: input.role,
					unitId: unit?.id ?? null,
					phone: input.phone || null,
					email: input.email || null,
					passwordHash,
					mustChangePassword: true
				})
				.returning();
			await recordAudit(tx, admin.user, {
				action: 'user.create',
				unit,
				entityId: row!.id,
				entityName: personName(row!),
				before: null,
				after: userSnapshot(row!, unit?.name ?? null)
			});
			return row!;
		})
		.catch((err: unknown) => {
			if (isUniqueViolation(err)) throw new ApiError(409, 'username_taken', { username: input.username, field: 'username' });
			// The unit was deleted between the check and the insert.
			if (isForeignKeyViolation(err)) throw new ApiError(400, 'unit_invalid', { field: 'unitId' });
			throw err;
		});
	return { user: toAdminUser(user, unit?.name ?? null), oneTimePassword: password };
}

export async function assertUsernameFree(db: Database, username: string): Promise<void> {
	const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
	if (taken) throw new ApiError(409, 'username_taken', { username, field: 'username' });
}

export async function updateUser(db: Database, admin: Admin, userId: string, patch: UpdateUser): Promise<AdminUser> {
	const updated = await db.transaction(async (tx) => {
		const { user, unit } = await findManagedUser(tx, admin, userId, true);
		if (user.version !== patch.version) throw await editConflict(tx, [user.id]);
		const isSelf = user.id === admin.user.id;
		// An administrator cannot lock themselves out by mistake; another administrator can.
		if (isSelf && (patch.active === false || (patch.role && patch.role !== user.role) || (patch.unitId && patch.unitId !== user.unitId))) {
			throw new ApiError(409, 'cannot_change_self');
		}
		const role = patch.role ?? user.role;
		const target = patch.unitId !== undefined || patch.role !== undefined ? await placeFor(tx, admin, role, patch.unitId ?? user.unitId) : unit;
		const deactivating = patch.active === false && user.active;
		// Leading is a ward responder's job in one ward: moving, re-roling or deactivating ends it.
		const keepsLead = !deactivating && target?.id === user.unitId && !!target && canLead(role, target.kind);

		const [row] = await tx
			.update(users)
			.set({
				fullName: patch.fullName,
				role: patch.role,
				unitId: target?.id ?? null,
				phone: patch.phone === undefined ? undefined : patch.phone || null,
				email: patch.email === undefined ? undefined : patch.email || null,
				active: patch.active,
				isLeader: keepsLead ? user.isLeader : false,
				isDeputy: keepsLead ? user.isDeputy : false,
				version: user.version + 1,
				updatedAt: new Date()
			})
			.where(eq(users.id, user.id))
			.returning();
		// Their open sessions end now, not at the next expiry: a deactivated phone is signed out.
		if (deactivating) await deleteUserSessions(tx, user.id);
		const entry = {
			entityId: user.id,
			entityName: personName(user),
			before: userSnapshot(user, unit?.name ?? null),
			after: userSnapshot(row!, target?.name ?? null)
		};
		// Moved to another unit: the unit they left keeps a record of it too.
		if (unit && target && target.id !== unit.id) await recordAudit(tx, admin.user, { ...entry, action: 'user.move_out', unit });
		await recordAudit(tx, admin.user, {
			action: deactivating ? 'user.deactivate' : patch.active && !user.active ? 'user.reactivate' : 'user.update',
			unit: target ?? unit,
			...entry
		});
		return { row: row!, unitName: target?.name ?? null };
	});
	return toAdminUser(updated.row, updated.unitName);
}

/** A new one-time password; the person's sessions end, and they choose their own at next sign-in. */
export async function resetPassword(db: Database, admin: Admin, userId: string): Promise<OneTimePasswordIssued> {
	const password = oneTimePassword();
	const passwordHash = await hashPassword(password);
	const updated = await db.transaction(async (tx) => {
		const { user, unit } = await findManagedUser(tx, admin, userId, true);
		if (!user.active) throw new ApiError(409, 'user_inactive');
		const [row] = await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: true, version: user.version + 1, updatedAt: new Date() })
			.where(eq(users.id, user.id))
			.returning();
		await deleteUserSessions(tx, user.id);
		await recordAudit(tx, admin.user, {
			action: 'user.password_reset',
			unit,
			entityId: user.id,
			entityName: personName(user),
			// The password itself is never recorded; only that a new one-time one was issued.
			before: null,
			after: { oneTimePasswordIssued: true }
		});
		return { row: row!, unitName: unit?.name ?? null };
	});
	return { user: toAdminUser(updated.row, updated.unitName), oneTimePassword: password };
}

/**
 * The ward's leader and deputy, set in one action: whoever held either post gives it up in
 * the same transaction, so the ward never has two leaders, even for a moment. The ward row
 * is locked, so two administrators changing it at once take turns.
 */
export async function setLeadership(db: Database, admin: Admin, wardId: string, input: Leadership): Promise<AdminUser[]> {
	if (input.deputyId === input.leaderId) throw new ApiError(400, 'deputy_is_leader', { field: 'deputyId' });
	await db.transaction(async (tx) => {
		const ward = await findManagedUnit(tx, admin.seat, wardId, { lock: true });
		if (ward.kind !== 'ward') throw new ApiError(404, 'not_found');
		const team = await tx
			.select()
			.from(users)
			.where(and(eq(users.unitId, ward.id), or(eq(users.isLeader, true), eq(users.isDeputy, true), eq(users.id, input.leaderId), input.deputyId ? eq(users.id, input.deputyId) : undefined)))
			.for('update');
		const leader = team.find((u) => u.id === input.leaderId);
		const deputy = input.deputyId ? team.find((u) => u.id === input.deputyId) : null;
		if (!leader || !leader.active || !canLead(leader.role, ward.kind)) throw new ApiError(400, 'leader_invalid', { field: 'leaderId' });
		if (deputy === undefined || (deputy && (!deputy.active || !canLead(deputy.role, ward.kind)))) {
			throw new ApiError(400, 'leader_invalid', { field: 'deputyId' });
		}
		const name = (u: User | null | undefined) => u?.fullName ?? null;
		const before = { leader: name(team.find((u) => u.isLeader && u.active)), deputy: name(team.find((u) => u.isDeputy && u.active)) };

		// Only the people whose post changes are written (and their versions bumped): an
		// administrator editing the leader's phone meanwhile is not refused for nothing.
		const changes = [...new Map([...team, leader, ...(deputy ? [deputy] : [])].map((p) => [p.id, p])).values()]
			.map((person) => ({ person, isLeader: person.id === leader.id, isDeputy: person.id === deputy?.id }))
			.filter(({ person, isLeader, isDeputy }) => person.isLeader !== isLeader || person.isDeputy !== isDeputy);
		// Every changing post is given up first, then taken: the partial unique indexes never
		// see two holders, even when the leader and the deputy swap.
		const write = (id: string, set: Partial<typeof users.$inferInsert>) => tx.update(users).set(set).where(eq(users.id, id));
		for (const { person } of changes.filter((c) => c.person.isLeader || c.person.isDeputy)) {
			await write(person.id, { isLeader: false, isDeputy: false });
		}
		for (const { person, isLeader, isDeputy } of changes) {
			await write(person.id, { isLeader, isDeputy, version: person.version + 1, updatedAt: new Date() });
		}
		await recordAudit(tx, admin.user, {
			action: 'unit.leadership',
			unit: ward,
			entityId: ward.id,
			entityName: ward.name,
			before,
			after: { leader: leader.fullName, deputy: deputy?.fullName ?? null }
		});
	});
	return listManagedUsers(db, admin, { unitId: wardId });
}
