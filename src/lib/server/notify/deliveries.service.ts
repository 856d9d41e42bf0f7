/**
 * Deliveries: every routing decision becomes an alert on the first channel that reaches the
 * person, recorded before it is sent, retried with backoff, and — when nobody reacts in time
 * or a channel gives up — sent again on the next channel of the ladder (domain/ladder.ts).
 *
 * At-least-once, never twice in normal operation: one row per incident, person, reason and
 * channel (a report synced twice or a timer run by two processes adds nothing); a row is
 * claimed with FOR UPDATE SKIP LOCKED and leased while it is sent, so two runners never send
 * it at once; after a crash mid-send the lease runs out and it is sent again under the same
 * key, which the receiving side collapses (push Topic and tag, Message-ID, tracking_id).
 */
import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { CLIMB_AFTER_MINUTES, MAX_ATTEMPTS, climbs, nextChannel, retryDelayMs, type LadderChannel } from '$lib/domain/ladder';
import type { Database } from '../db';
import { deliveries, incidentEvents, incidents, incidentUnits, pushSubscriptions, type Delivery } from '../db/schema';
import { alertKey, incidentAlert } from './alerts';
import type { Channel, SendResult } from './channel';
import { loadRecipients, type Reachable } from './people';

/** How long a claimed delivery is left to its sender before another runner may take it. */
const LEASE_MS = 2 * 60_000;
const CLIMB_MS = CLIMB_AFTER_MINUTES * 60_000;

/** The channels that can carry an alert to this person now, in ladder order. */
function usable(channels: readonly Channel[], person: Reachable, reason: string): LadderChannel[] {
	// Complex incidents reach the leader somehow: a turned-off channel still counts for them.
	const mustReach = climbs(reason);
	return channels
		.filter((c) => c.configured() && c.reaches(person) && (mustReach || !person.disabled.has(c.name)))
		.map((c) => c.name);
}

export interface AlertRequest {
	userId: string;
	reason: string;
}

/** Records the alerts (first rung of the ladder) for these people; returns how many were new. */
export async function enqueueAlerts(
	db: Database,
	channels: readonly Channel[],
	incidentId: string,
	requests: readonly AlertRequest[],
	now = new Date()
): Promise<number> {
	const people = await loadRecipients(
		db,
		requests.map((r) => r.userId)
	);
	const rows = requests.flatMap(({ userId, reason }) => {
		const person = people.get(userId);
		if (!person?.active) return [];
		const channel = nextChannel(usable(channels, person, reason));
		if (!channel) return [];
		return [
			{
				incidentId,
				userId,
				reason,
				channel,
				key: alertKey(incidentId, reason, userId),
				nextAttemptAt: now,
				climbAt: climbs(reason) ? new Date(now.getTime() + CLIMB_MS) : null
			}
		];
	});
	if (rows.length === 0) return 0;
	const inserted = await db.insert(deliveries).values(rows).onConflictDoNothing().returning({ id: deliveries.id });
	return inserted.length;
}

export interface RunResult {
	sent: number;
	retried: number;
	failed: number;
	climbed: number;
}

/** One pass: send what is due, then climb the ladder for what nobody answered. */
export async function runDeliveries(db: Database, channels: readonly Channel[], origin: string, now = new Date()): Promise<RunResult> {
	const result: RunResult = { sent: 0, retried: 0, failed: 0, climbed: 0 };
	const claimed = await claimDue(db, now);
	if (claimed.length) {
		const people = await loadRecipients(
			db,
			claimed.map((d) => d.userId)
		);
		// Sent one after another: a channel's server is not flooded, and order is kept.
		for (const delivery of claimed) {
			const outcome = await sendOne(db, channels, delivery, people.get(delivery.userId), origin, now);
			result[outcome]++;
		}
	}
	result.climbed = await climb(db, channels, now);
	return result;
}

async function claimDue(db: Database, now: Date): Promise<Delivery[]> {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: deliveries.id })
			.from(deliveries)
			.where(and(inArray(deliveries.status, ['queued', 'sending']), lte(deliveries.nextAttemptAt, now)))
			.orderBy(asc(deliveries.nextAttemptAt))
			.limit(20)
			.for('update', { skipLocked: true });
		if (due.length === 0) return [];
		return tx
			.update(deliveries)
			.set({ status: 'sending', attempts: sql`${deliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
			.where(
				inArray(
					deliveries.id,
					due.map((d) => d.id)
				)
			)
			.returning();
	});
}

async function sendOne(
	db: Database,
	channels: readonly Channel[],
	delivery: Delivery,
	person: Reachable | undefined,
	origin: string,
	now: Date
): Promise<'sent' | 'retried' | 'failed'> {
	const channel = channels.find((c) => c.name === delivery.channel);
	const alert = delivery.incidentId ? await incidentAlert(db, delivery.incidentId, delivery.reason, delivery.userId, origin) : null;
	let outcome: SendResult;
	if (!person || !alert) outcome = { ok: false, retry: false, error: 'Không còn người nhận hoặc sự cố để báo' };
	else if (!channel?.configured()) outcome = { ok: false, retry: false, error: `Kênh ${delivery.channel} chưa được cấu hình` };
	else {
		try {
			outcome = await channel.send({ ...alert, key: delivery.key }, person);
		} catch (err) {
			// A channel must not throw; if one does, the alert is still not lost.
			console.error(`Channel ${delivery.channel} threw:`, err);
			outcome = { ok: false, retry: true, error: 'Lỗi không mong đợi khi gửi' };
		}
	}
	// Gone devices go, whatever happened on the others.
	if (outcome.gone?.length) {
		await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.endpoint, outcome.gone));
	}
	if (outcome.ok) {
		await db.update(deliveries).set({ status: 'sent', sentAt: now, lastError: null }).where(eq(deliveries.id, delivery.id));
		return 'sent';
	}
	if (outcome.retry && delivery.attempts < MAX_ATTEMPTS) {
		await db
			.update(deliveries)
			.set({ status: 'queued', lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + retryDelayMs(delivery.attempts)) })
			.where(eq(deliveries.id, delivery.id));
		return 'retried';
	}
	await db.update(deliveries).set({ status: 'failed', lastError: outcome.error, climbAt: null }).where(eq(deliveries.id, delivery.id));
	// This channel gave up: the next one carries the alert now rather than never.
	if (person && delivery.incidentId) await climbFrom(db, channels, delivery, person, now);
	return 'failed';
}

/** Alerts nobody reacted to within the time: the next channel, each step in the timeline. */
async function climb(db: Database, channels: readonly Channel[], now: Date): Promise<number> {
	const due = await db.transaction(async (tx) => {
		const rows = await tx
			.select()
			.from(deliveries)
			.where(and(isNotNull(deliveries.climbAt), lte(deliveries.climbAt, now)))
			.limit(50)
			.for('update', { skipLocked: true });
		if (rows.length) {
			await tx
				.update(deliveries)
				.set({ climbAt: null })
				.where(
					inArray(
						deliveries.id,
						rows.map((r) => r.id)
					)
				);
		}
		return rows;
	});
	if (due.length === 0) return 0;
	const people = await loadRecipients(
		db,
		due.map((d) => d.userId)
	);
	let climbed = 0;
	for (const delivery of due) {
		const person = people.get(delivery.userId);
		if (!person || !delivery.incidentId || (await answered(db, delivery.incidentId, delivery.reason))) continue;
		if (await climbFrom(db, channels, delivery, person, now)) climbed++;
	}
	return climbed;
}

async function climbFrom(db: Database, channels: readonly Channel[], from: Delivery, person: Reachable, now: Date): Promise<boolean> {
	const next = nextChannel(usable(channels, person, from.reason), from.channel as LadderChannel);
	if (!next) return false;
	const [row] = await db
		.insert(deliveries)
		.values({
			incidentId: from.incidentId,
			userId: from.userId,
			reason: from.reason,
			channel: next,
			key: from.key,
			nextAttemptAt: now,
			climbAt: new Date(now.getTime() + CLIMB_MS)
		})
		.onConflictDoNothing()
		.returning({ id: deliveries.id });
	if (!row) return false;
	await db.insert(incidentEvents).values({
		incidentId: from.incidentId!,
		type: 'alert_climbed',
		at: now,
		data: { userId: from.userId, from: from.channel, to: next, reason: from.reason }
	});
	return true;
}

/** Someone reacted: the ward answered, or (for an escalation) the province or an IT team took it up. */
async function answered(db: Database, incidentId: string, reason: string): Promise<boolean> {
	const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId)).limit(1);
	if (!incident || !['reported', 'acknowledged', 'escalated'].includes(incident.status)) return true;
	if (reason !== 'escalated') return incident.acknowledgedAt !== null;
	const [taken] = await db
		.select({ unitId: incidentUnits.unitId })
		.from(incidentUnits)
		.where(and(eq(incidentUnits.incidentId, incidentId), isNotNull(incidentUnits.acknowledgedAt)))
		.limit(1);
	return Boolean(taken);
}
