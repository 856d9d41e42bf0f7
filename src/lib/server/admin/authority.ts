/**
 * The administration area's gate: only administrators pass, and each reads and changes only
 * the units of its own subtree (domain/admin.ts `manages`). A unit outside the subtree is
 * "not found", as everywhere else, so that ids cannot be probed.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { manages, type AdminSeat } from '$lib/domain/admin';
import type { Database } from '../db';
import { units, type Unit, type User } from '../db/schema';
import { ApiError, requireUser } from '../http/api';
import { isUuid } from '../scope';

export interface Admin {
	user: User;
	seat: AdminSeat;
}

/** The signed-in administrator, or a 401/403 refusal. */
export function requireAdmin(event: RequestEvent): Admin {
	const user = requireUser(event);
	// An administrator whose unit was deactivated has no scope left: nothing to manage.
	if (user.role !== 'admin' || event.locals.scope.kind === 'none') throw new ApiError(403, 'forbidden');
	return { user, seat: { unitId: user.unitId } };
}

/** Condition on `units`: the units this administrator manages. */
export function managedUnits(seat: AdminSeat): SQL {
	if (seat.unitId === null) return sql`true`;
	return or(eq(units.id, seat.unitId), eq(units.parentId, seat.unitId))!;
}

/** One managed unit, or a 404. Pass a transaction to lock the row for an edit. */
export async function findManagedUnit(
	db: Database,
	seat: AdminSeat,
	unitId: string,
	options: { lock?: boolean } = {}
): Promise<Unit> {
	if (!isUuid(unitId)) throw new ApiError(404, 'not_found');
	const query = db
		.select()
		.from(units)
		.where(and(eq(units.id, unitId), managedUnits(seat)))
		.limit(1);
	const [unit] = options.lock ? await query.for('update') : await query;
	if (!unit || !manages(seat, unit)) throw new ApiError(404, 'not_found');
	return unit;
}
