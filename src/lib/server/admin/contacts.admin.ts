/**
 * A unit's contacts: the phones, hotline, Zalo group and e-mail behind the tel:, sms: and
 * share buttons of the escalation screens. Values arrive normalised (E.164 phones, Zalo
 * https links) from `contactInputSchema`.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Contact } from '$lib/domain/account';
import type { ContactInput } from '$lib/domain/admin';
import type { Database } from '../db';
import { contacts, type Contact as ContactRow, type Unit } from '../db/schema';
import { ApiError } from '../http/api';
import { isUuid } from '../scope';
import { findManagedUnit, type Admin } from './authority';
import { recordAudit } from './audit.service';

const toContact = (row: ContactRow): Contact & { sortOrder: number } => ({
	id: row.id,
	kind: row.kind,
	label: row.label,
	value: row.value,
	sortOrder: row.sortOrder
});

const snapshot = (row: ContactRow) => ({ kind: row.kind, label: row.label, value: row.value, sortOrder: row.sortOrder });

export async function listContacts(db: Database, admin: Admin, unitId: string) {
	const unit = await findManagedUnit(db, admin.seat, unitId);
	const rows = await db
		.select()
		.from(contacts)
		.where(eq(contacts.unitId, unit.id))
		.orderBy(asc(contacts.sortOrder), asc(contacts.label));
	return rows.map(toContact);
}

async function audit(db: Database, admin: Admin, unit: Unit, action: string, before: ContactRow | null, after: ContactRow | null) {
	await recordAudit(db, admin.user, {
		action,
		unit,
		entityId: (after ?? before)!.id,
		entityName: `${unit.name}: ${(after ?? before)!.label}`,
		before: before && snapshot(before),
		after: after && snapshot(after)
	});
}

export async function addContact(db: Database, admin: Admin, unitId: string, input: ContactInput) {
	return db.transaction(async (tx) => {
		const unit = await findManagedUnit(tx, admin.seat, unitId);
		const [row] = await tx
			.insert(contacts)
			.values({ unitId: unit.id, kind: input.kind, label: input.label, value: input.value, sortOrder: input.sortOrder ?? 0 })
			.returning();
		await audit(tx, admin, unit, 'contact.create', null, row!);
		return toContact(row!);
	});
}

async function findContact(db: Database, unit: Unit, contactId: string): Promise<ContactRow> {
	if (!isUuid(contactId)) throw new ApiError(404, 'not_found');
	const [row] = await db
		.select()
		.from(contacts)
		.where(and(eq(contacts.id, contactId), eq(contacts.unitId, unit.id)))
		.limit(1)
		.for('update');
	if (!row) throw new ApiError(404, 'not_found');
	return row;
}

export async function updateContact(db: Database, admin: Admin, unitId: string, contactId: string, input: ContactInput) {
	return db.transaction(async (tx) => {
		const unit = await findManagedUnit(tx, admin.seat, unitId);
		const before = await findContact(tx, unit, contactId);
		const [row] = await tx
			.update(contacts)
			.set({ kind: input.kind, label: input.label, value: input.value, sortOrder: input.sortOrder ?? before.sortOrder })
			.where(eq(contacts.id, before.id))
			.returning();
		await audit(tx, admin, unit, 'contact.update', before, row!);
		return toContact(row!);
	});
}

export async function removeContact(db: Database, admin: Admin, unitId: string, contactId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const unit = await findManagedUnit(tx, admin.seat, unitId);
		const before = await findContact(tx, unit, contactId);
		await tx.delete(contacts).where(eq(contacts.id, before.id));
		await audit(tx, admin, unit, 'contact.delete', before, null);
	});
}
