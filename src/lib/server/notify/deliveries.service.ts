/**
 * Deliveries: every routing decision becomes an alert on the first channel that reaches the
 * person, recorded before it is sent, retried with backoff, and — when nobody reacts in time
 * or a channel gives up — sent again on the next channel of the ladder (domain/ladder.ts).
 *
 * At-least-once, never twice in normal operation: one row per incident, person, reason and
 * channel (a report synced twice or a timer run by two processes adds nothing); a row is
 * claimed with FOR UPDATE SKIP LOCKED and leased while it is sent — the lease is renewed just
 * before each send and the result is written only while the claim still holds — so two
 * runners never send it at once; after a crash mid-send the lease runs out and it is sent
 * again under the same key, which the receiving side collapses (push Topic and tag,
 * Message-ID, tracking_id). An alert nobody needs any more (the incident was answered, the
 * person left) is skipped rather than sent late.
 */
import { and, asc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { CLIMB_AFTER_MINUTES, MAX_ATTEMPTS, climbs, nextChannel, retryDelayMs, type LadderChannel } from '$lib/domain/ladder';
import { encodeUnreachable, type Unreachable } from '$lib/domain/notifications';
import { ROUTE_REASONS } from '$lib/domain/routing';
import type { Database } from '../db';
import {
	deliveries,
	incidentEvents,
	incidentRecipients,
	incidents,
	incidentUnits,
	pushSubscriptions,
	type Delivery
} from '../db/schema';
import { alertKey, incidentAlert } from './alerts';
import type { Channel, SendResult } from './channel';
import { loadRecipients, type Reachable } from './people';

/** How long a claimed delivery is left to its sender before another runner may take it. */
const LEASE_MS = 2 * 60_000;
const CLIMB_MS = CLIMB_AFTER_MINUTES * 60_000;
/** The channel of a record that says nobody could be reached (no row is sent on it). */
export const NO_CHANNEL = 'none';
/** Routing decisions this recent that have no delivery yet are enqueued again by the sweep. */
const SWEEP_WINDOW_MS = 60 * 60_000;

/** Routing reasons (not a reporter's news): alerts that lose their point once the incident is answered. */
const ROUTING_REASONS: ReadonlySet<string> = new Set(ROUTE_REASONS);

/** Channel by channel, why none can carry an alert to this person: the server, the person, or their choice. */
function unreachable(channels: readonly Channel[], person: Reachable, reason: string): Unreachable {
	const mustReach = climbs(reason);
	return channels.map((c) => ({
		channel: c.name,
		why: [
			...(c.configured() ? [] : (['not_configured'] as const)),
			...(c.reaches(person) ? [] : (['no_contact'] as const)),
			...(!mustReach && person.disabled.has(c.name) ? (['turned_off'] as const) : [])
		]
	}));
}

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
export function enqueueAlerts(
	db: Database,
	channels: readonly Channel[],
	incidentId: string,
	requests: readonly AlertRequest[],
	now = new Date()
): Promise<number> {
	return enqueueAlertBatch(
		db,
		channels,
		requests.map((r) => ({ ...r, incidentId })),
		now
	);
}

/**
 * The same for alerts of several incidents at once: the people are read and the rows written
 * in one go (many reports arriving together, the sweep).
 */
export async function enqueueAlertBatch(
	db: Database,
	channels: readonly Channel[],
	requests: readonly (AlertRequest & { incidentId: string })[],
	now = new Date()
): Promise<number> {
	if (requests.length === 0) return 0;
	const people = await loadRecipients(
		db,
		requests.map((r) => r.userId)
	);
	const rows = requests.flatMap(({ incidentId, userId, reason }): (typeof deliveries.$inferInsert)[] => {
		const person = people.get(userId);
		if (!person?.active) return [];
		const channel = nextChannel(usable(channels, person, reason));
		const base = { incidentId, userId, reason, key: alertKey(incidentId, reason, userId) };
		if (!channel) {
			// Must it reach them? Then record, where people look, that nothing could and why —
			// a phone number is no use while neither ZNS nor SMS is configured.
			if (!climbs(reason)) return [];
			return [{ ...base, channel: NO_CHANNEL, status: 'failed', lastError: encodeUnreachable(unreachable(channels, person, reason)) }];
		}
		return [{ ...base, channel, nextAttemptAt: now, climbAt: climbs(reason) ? new Date(now.getTime() + CLIMB_MS) : null }];
	});
	if (rows.length === 0) return 0;
	const inserted = await db.insert(deliveries).values(rows).onConflictDoNothing().returning({ id: deliveries.id, status: deliveries.status });
	return inserted.filter((r) => r.status !== 'failed').length;
}

/**
 * Routing decisions recorded in the last hour that have no delivery: the process stopped
 * between the commit that made them and their enqueueing. Enqueued now, so none is lost.
 */
export async function enqueueMissing(db: Database, channels: readonly Channel[], now = new Date()): Promise<number> {
	const missing = await db
		.select({ incidentId: incidentRecipients.incidentId, userId: incidentRecipients.userId, reason: incidentRecipients.reason })
		.from(incidentRecipients)
		.where(
			and(
				gte(incidentRecipients.at, new Date(now.getTime() - SWEEP_WINDOW_MS)),
				sql`not exists (select 1 from ${deliveries} where ${deliveries.incidentId} = ${incidentRecipients.incidentId} and ${deliveries.userId} = ${incidentRecipients.userId} and ${deliveries.reason} = ${incidentRecipients.reason})`
			)
		)
		.limit(200);
	return enqueueAlertBatch(db, channels, missing, now);
}

export interface RunResult {
	sent: number;
	retried: number;
	failed: number;
	skipped: number;
	climbed: number;
}

/**
 * One pass: send what is due (new alerts before retries), then climb the ladder for what
 * nobody answered. `at` fixes the clock (tests); by default each step reads the time anew,
 * so a long pass does not shorten the backoff of what it retries.
 */
export async function runDeliveries(db: Database, channels: readonly Channel[], origin: string, at?: Date): Promise<RunResult> {
	const clock = () => at ?? new Date();
	const result: RunResult = { sent: 0, retried: 0, failed: 0, skipped: 0, climbed: 0 };
	const claimed = await claimDue(db, clock());
	if (claimed.length) {
		const people = await loadRecipients(
			db,
			claimed.map((d) => d.userId)
		);
		// One after another: a channel's server is not flooded, and order is kept.
		for (const delivery of claimed) {
			try {
				result[await sendOne(db, channels, delivery, people.get(delivery.userId), origin, clock)]++;
			} catch (err) {
				// One row's trouble (a database hiccup) must not stop the others or the ladder;
				// its lease runs out and it is tried again.
				console.error(`Delivery ${delivery.id} could not be completed:`, err);
			}
		}
	}
	result.climbed = await climb(db, channels, clock());
	return result;
}

async function claimDue(db: Database, now: Date): Promise<Delivery[]> {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: deliveries.id })
			.from(deliveries)
			.where(and(inArray(deliveries.status, ['queued', 'sending']), lte(deliveries.nextAttemptAt, now)))
			// New alerts first: a fresh complex report is not kept waiting behind retries.
			.orderBy(asc(deliveries.attempts), asc(deliveries.nextAttemptAt))
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

/** The claim on a row still holds: nobody took it over after its lease ran out. */
const stillOurs = (d: Delivery) => and(eq(deliveries.id, d.id), eq(deliveries.status, 'sending'), eq(deliveries.attempts, d.attempts));

async function sendOne(
	db: Database,
	channels: readonly Channel[],
	delivery: Delivery,
	person: Reachable | undefined,
	origin: string,
	clock: () => Date
): Promise<keyof Omit<RunResult, 'climbed'>> {
	// Not needed any more: the incident was answered (or closed), or the person left.
	if (!person?.active || (ROUTING_REASONS.has(delivery.reason) && (await answered(db, delivery.incidentId!, delivery.reason)))) {
		await db.update(deliveries).set({ status: 'skipped', climbAt: null }).where(stillOurs(delivery));
		return 'skipped';
	}
	// Renew the lease for this row now: the batch may have taken a while to reach it.
	const [renewed] = await db
		.update(deliveries)
		.set({ nextAttemptAt: new Date(clock().getTime() + LEASE_MS) })
		.where(stillOurs(delivery))
		.returning({ id: deliveries.id });
	if (!renewed) return 'skipped';

	const channel = channels.find((c) => c.name === delivery.channel);
	const alert = delivery.incidentId ? await incidentAlert(db, delivery.incidentId, delivery.reason, delivery.userId, origin) : null;
	let outcome: SendResult;
	if (!alert) outcome = { ok: false, retry: false, error: 'Sự cố không còn để báo' };
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
	const now = clock();
	if (outcome.ok) {
		await db.update(deliveries).set({ status: 'sent', sentAt: now, lastError: null }).where(stillOurs(delivery));
		return 'sent';
	}
	if (outcome.retry && delivery.attempts < MAX_ATTEMPTS) {
		await db
			.update(deliveries)
			.set({ status: 'queued', lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + retryDelayMs(delivery.attempts)) })
			.where(stillOurs(delivery));
		return 'retried';
	}
	// This channel gave up: the next one carries the alert now rather than never — in the
	// same transaction, so a crash cannot leave it failed with nothing after it.
	await db.transaction(async (tx) => {
		const [failed] = await tx
			.update(deliveries)
			.set({ status: 'failed', lastError: outcome.error, climbAt: null })
			.where(stillOurs(delivery))
			.returning({ id: deliveries.id });
		if (failed) await climbFrom(tx, channels, delivery, person, now, 'failed');
	});
	return 'failed';
}

/** Alerts nobody reacted to within the time: the next channel, each step in the timeline. */
async function climb(db: Database, channels: readonly Channel[], now: Date): Promise<number> {
	// The step is decided and recorded in the transaction that takes the row: a crash cannot
	// lose it between the two.
	return db.transaction(async (tx) => {
		const due = await tx
			.select()
			.from(deliveries)
			.where(and(isNotNull(deliveries.climbAt), lte(deliveries.climbAt, now)))
			.limit(50)
			.for('update', { skipLocked: true });
		if (due.length === 0) return 0;
		await tx
			.update(deliveries)
			.set({ climbAt: null })
			.where(
				inArray(
					deliveries.id,
					due.map((r) => r.id)
				)
			);
		const people = await loadRecipients(
			tx,
			due.map((d) => d.userId)
		);
		let climbed = 0;
		for (const delivery of due) {
			const person = people.get(delivery.userId);
			if (!person?.active || !delivery.incidentId || !climbs(delivery.reason)) continue;
			if (await answered(tx, delivery.incidentId, delivery.reason)) continue;
			if (await climbFrom(tx, channels, delivery, person, now, 'no_reaction')) climbed++;
		}
		return climbed;
	});
}

async function climbFrom(
	db: Database,
	channels: readonly Channel[],
	from: Delivery,
	person: Reachable,
	now: Date,
	cause: 'failed' | 'no_reaction'
): Promise<boolean> {
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
			// Only what must not wait keeps climbing; a simple alert gets one more channel, once.
			climbAt: climbs(from.reason) ? new Date(now.getTime() + CLIMB_MS) : null
		})
		.onConflictDoNothing()
		.returning({ id: deliveries.id });
	if (!row) return false;
	await db.insert(incidentEvents).values({
		incidentId: from.incidentId!,
		type: 'alert_climbed',
		at: now,
		data: { userId: from.userId, from: from.channel, to: next, reason: from.reason, cause }
	});
	return true;
}

/** Someone reacted: the ward answered, or (for an escalation) the province or an IT team took it up. */
async function answered(db: Database, incidentId: string, reason: string): Promise<boolean> {
	const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId)).limit(1);
	if (!incident || !['reported', 'acknowledged', 'escalated'].includes(incident.status) || incident.mergedInto) return true;
	if (reason !== 'escalated') return incident.acknowledgedAt !== null;
	const [taken] = await db
		.select({ unitId: incidentUnits.unitId })
		.from(incidentUnits)
		.where(and(eq(incidentUnits.incidentId, incidentId), isNotNull(incidentUnits.acknowledgedAt)))
		.limit(1);
	return Boolean(taken);
}

