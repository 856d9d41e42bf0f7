/**
 * Acting on an incident from this device: the action is written, with its outbox entry, in
 * one transaction before any network call — the same path as a report (DESIGN.md §4) — so a
 * leader who acknowledges on a phone in a dead spot loses nothing, and actions reach the
 * server in the order they were taken.
 */
import { v7 as uuidv7 } from 'uuid';
import type { IncidentEventInput } from '$lib/domain/lifecycle';
import { deviceDb, type DeviceDb, type LocalAction, type OutboxOp } from '../db';

export async function queueAction(
	userId: string,
	incidentId: string,
	body: IncidentEventInput,
	db: DeviceDb = deviceDb(),
	now = Date.now()
): Promise<LocalAction> {
	const action: LocalAction = { id: uuidv7(), userId, incidentId, body, state: 'queued', queuedAt: now };
	await db.transaction('rw', db.actions, db.outbox, async () => {
		await db.actions.add(action);
		const op: OutboxOp = { userId, kind: 'event', reportId: incidentId, actionId: action.id, attempts: 0 };
		await db.outbox.add(op);
	});
	return action;
}

/** This person's actions on one incident that the server has not confirmed, oldest first. */
export async function unsentActions(userId: string, incidentId: string, db: DeviceDb = deviceDb()): Promise<LocalAction[]> {
	const rows = await db.actions.where('incidentId').equals(incidentId).toArray();
	return rows.filter((a) => a.userId === userId && a.state !== 'sent').sort((a, b) => a.queuedAt - b.queuedAt);
}

/** Gives up an action the server refused (the person saw why); nothing else waits on it. */
export async function dropAction(actionId: string, db: DeviceDb = deviceDb()): Promise<void> {
	await db.transaction('rw', db.actions, db.outbox, async () => {
		await db.outbox.filter((op) => op.kind === 'event' && op.actionId === actionId).delete();
		await db.actions.delete(actionId);
	});
}

/** Sent actions are history once the server's timeline shows them: forget those older than a day. */
export async function pruneSentActions(userId: string, db: DeviceDb = deviceDb(), now = Date.now()): Promise<void> {
	await db.actions
		.where('userId')
		.equals(userId)
		.filter((a) => a.state === 'sent' && (a.sentAt ?? 0) < now - 24 * 3600_000)
		.delete();
}
