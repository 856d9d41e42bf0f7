/**
 * The administrative record: every change an administrator makes is written in the same
 * transaction as the change itself, so there is never a change without its entry.
 */
import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { changedFields, type AdminSeat, type AuditRecord } from '$lib/domain/admin';
import type { Database } from '../db';
import { auditLog, type Unit, type User } from '../db/schema';

export interface AuditInput {
	action: string;
	/** The unit the change belongs to (the unit itself, or the person's unit). */
	unit: Pick<Unit, 'id' | 'parentId'> | null;
	entityId: string | null;
	entityName: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
}

export async function recordAudit(db: Database, actor: User, entry: AuditInput, at = new Date()): Promise<void> {
	await recordAudits(db, actor, [entry], at);
}

/** Many entries in one statement (an import's hundreds of rows). */
export async function recordAudits(db: Database, actor: User, entries: readonly AuditInput[], at = new Date()): Promise<void> {
	if (entries.length === 0) return;
	await db.insert(auditLog).values(
		entries.map((entry) => ({
			at,
			actorId: actor.id,
			actorName: actor.fullName,
			action: entry.action,
			unitId: entry.unit?.id ?? null,
			parentUnitId: entry.unit?.parentId ?? null,
			entityId: entry.entityId,
			entityName: entry.entityName,
			before: entry.before,
			after: entry.after
		}))
	);
}

/** Condition on `audit_log`: the entries of the administrator's subtree. */
function visibleEntries(seat: AdminSeat): SQL | undefined {
	if (seat.unitId === null) return undefined;
	return or(eq(auditLog.unitId, seat.unitId), eq(auditLog.parentUnitId, seat.unitId));
}

export const AUDIT_PAGE = 100;

/**
 * Entries before the last one shown, by time and then id: an import writes many entries in
 * the same millisecond, and a cursor on time alone would skip the rest of them.
 */
function olderThan(before: { at: Date; id?: string } | undefined): SQL | undefined {
	if (!before) return undefined;
	if (!before.id) return lt(auditLog.at, before.at);
	return or(lt(auditLog.at, before.at), and(eq(auditLog.at, before.at), lt(auditLog.id, before.id)));
}

/** Newest first, a page at a time (`before`: the last entry already shown). */
export async function listAudit(
	db: Database,
	seat: AdminSeat,
	options: { before?: { at: Date; id?: string }; entityId?: string } = {}
): Promise<AuditRecord[]> {
	const rows = await db
		.select()
		.from(auditLog)
		.where(
			and(
				visibleEntries(seat),
				olderThan(options.before),
				options.entityId ? eq(auditLog.entityId, options.entityId) : undefined
			)
		)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(AUDIT_PAGE);
	return rows.map((row) => ({
		id: row.id,
		entityId: row.entityId,
		at: row.at.toISOString(),
		actorName: row.actorName,
		action: row.action,
		entityName: row.entityName,
		changes: changedFields(row.before, row.after)
	}));
}

/** Who last changed these entities, and when: named in an edit-conflict refusal. */
export async function lastChangeOf(db: Database, entityIds: string[]): Promise<{ actorName: string; at: Date } | null> {
	if (entityIds.length === 0) return null;
	const [row] = await db
		.select({ actorName: auditLog.actorName, at: auditLog.at })
		.from(auditLog)
		.where(inArray(auditLog.entityId, entityIds))
		.orderBy(desc(auditLog.at))
		.limit(1);
	return row ?? null;
}
