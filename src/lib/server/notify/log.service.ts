/**
 * For administrators: each channel's health (configured, last success, last error) and the
 * delivery log across the incidents they may see.
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { DeliveryInfo } from '$lib/domain/incident';
import { decodeUnreachable, type NotifyChannel } from '$lib/domain/notifications';
import type { Database } from '../db';
import { deliveries, incidents, users, type Delivery } from '../db/schema';
import { visibleIncidents, type Scope } from '../scope';
import type { Channel } from './channel';
import { NO_CHANNEL } from './deliveries.service';

export interface ChannelHealth {
	channel: NotifyChannel;
	configured: boolean;
	lastSuccessAt: string | null;
	lastError: string | null;
	lastErrorAt: string | null;
}

export interface DeliveryLogItem extends DeliveryInfo {
	incidentId: string;
}

const LOG_LIMIT = 200;

export async function deliveryLog(
	db: Database,
	scope: Scope,
	channels: readonly Channel[]
): Promise<{ channels: ChannelHealth[]; items: DeliveryLogItem[] }> {
	const inScope = visibleIncidents(scope);
	const [rows, lastSent, lastFailed] = await Promise.all([
		db
			.select({ d: deliveries, fullName: users.fullName })
			.from(deliveries)
			.innerJoin(incidents, eq(incidents.id, deliveries.incidentId))
			.innerJoin(users, eq(users.id, deliveries.userId))
			.where(inScope)
			.orderBy(desc(deliveries.createdAt))
			.limit(LOG_LIMIT),
		db
			.select({ channel: deliveries.channel, at: sql<string>`max(${deliveries.sentAt})` })
			.from(deliveries)
			.innerJoin(incidents, eq(incidents.id, deliveries.incidentId))
			.where(and(inScope, eq(deliveries.status, 'sent')))
			.groupBy(deliveries.channel),
		db
			.selectDistinctOn([deliveries.channel], { channel: deliveries.channel, error: deliveries.lastError, at: deliveries.createdAt })
			.from(deliveries)
			.innerJoin(incidents, eq(incidents.id, deliveries.incidentId))
			.where(and(inScope, isNotNull(deliveries.lastError)))
			.orderBy(deliveries.channel, desc(deliveries.createdAt))
	]);
	return {
		channels: channels.map((c) => {
			const sent = lastSent.find((r) => r.channel === c.name);
			const failed = lastFailed.find((r) => r.channel === c.name);
			return {
				channel: c.name as NotifyChannel,
				configured: c.configured(),
				lastSuccessAt: sent?.at ? new Date(sent.at).toISOString() : null,
				lastError: failed?.error ?? null,
				lastErrorAt: failed ? failed.at.toISOString() : null
			};
		}),
		items: rows.map(({ d, fullName }) => ({ incidentId: d.incidentId!, ...toDeliveryInfo(d, fullName, true) }))
	};
}

/** A delivery row in the API's shape; `withErrors` false leaves out why it failed (it may name a contact). */
export function toDeliveryInfo(d: Delivery, fullName: string, withErrors: boolean): DeliveryInfo {
	const unreachable = d.channel === NO_CHANNEL ? decodeUnreachable(d.lastError) : null;
	return {
		...(withErrors && unreachable ? { unreachable } : {}),
		userId: d.userId,
		fullName,
		channel: d.channel,
		reason: d.reason,
		status: d.status,
		attempts: d.attempts,
		lastError: withErrors && !unreachable ? d.lastError : null,
		at: d.createdAt.toISOString(),
		sentAt: d.sentAt?.toISOString() ?? null
	};
}
