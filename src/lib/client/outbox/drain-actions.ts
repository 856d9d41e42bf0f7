/**
 * Sending one action on an incident (acknowledge, escalate, comment…) from the outbox, by
 * the drain's rules (drain.ts): only a 2xx retires it; a 4xx marks it "Cần xử lý" with the
 * server's reason (a stale version says who acted first) and holds the later actions on the
 * same incident; a 401 pauses; a network error or 5xx asks for a retry. Actions carry their
 * device-made id, so a send whose answer was lost is recognised as a replay by the server.
 */
import type { DeviceDb, OutboxOp } from '../db';
import type { Transport } from './drain';
import { holdsFor, serverErrorsAfter, serverFailing } from './hold';

type EventOp = Extract<OutboxOp, { kind: 'event' }>;

export type ActionOutcome = 'sent' | 'gone' | 'held' | 'unauthenticated' | { retry: true; attempts: number; retryAfterMs?: number };

export async function sendAction(db: DeviceDb, transport: Transport, op: EventOp, now: () => number): Promise<ActionOutcome> {
	const action = await db.transaction('rw', db.outbox, db.actions, async () => {
		const [entry, row] = await Promise.all([db.outbox.get(op.seq!), db.actions.get(op.actionId)]);
		if (!entry || !row) return null;
		if (row.state === 'needs_action') return 'held' as const;
		const claimed = { ...row, state: 'sending' as const };
		await db.actions.put(claimed);
		return claimed;
	});
	if (action === null) {
		await db.outbox.delete(op.seq!);
		return 'gone';
	}
	if (action === 'held') return 'held';

	const outcome = await transport.event(action);
	switch (outcome.kind) {
		case 'ok':
			await db.transaction('rw', db.outbox, db.actions, async () => {
				await db.outbox.delete(op.seq!);
				await db.actions.update(action.id, { state: 'sent', sentAt: now(), problem: undefined });
			});
			return 'sent';
		case 'rejected':
			await db.actions.update(action.id, { state: 'needs_action', problem: outcome.problem });
			return 'held';
		case 'unauthenticated':
			return 'unauthenticated';
		case 'retry': {
			const attempts = op.attempts + 1;
			const errors = serverErrorsAfter(op, outcome.status, now());
			if (holdsFor(errors, now())) {
				await db.outbox.update(op.seq!, { attempts: 0, serverErrors: 0, firstServerErrorAt: undefined });
				await db.actions.update(action.id, { state: 'needs_action', problem: serverFailing(outcome.reason, now()) });
				return 'held';
			}
			await db.outbox.update(op.seq!, { attempts, ...errors });
			await db.actions.update(action.id, { state: 'queued' });
			return { retry: true, attempts, retryAfterMs: outcome.retryAfterMs };
		}
	}
}
