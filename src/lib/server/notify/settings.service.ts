/**
 * A person's notification settings (/cai-dat): their push subscriptions, the channels they
 * turned off, and "Gửi thử" — a test alert on every channel that reaches them, each result
 * reported back as the channel said it.
 */
import { and, eq } from 'drizzle-orm';
import type { ChannelStatus, NotificationSettings, NotifyChannel, TestResult } from '$lib/domain/notifications';
import type { Database } from '../db';
import { notificationPrefs, pushSubscriptions, type User } from '../db/schema';
import { testAlert } from './alerts';
import type { Channel, SendResult } from './channel';
import { loadRecipients } from './people';

export async function notificationSettings(
	db: Database,
	user: User,
	channels: readonly Channel[],
	vapidPublicKey: string | null
): Promise<NotificationSettings> {
	const person = (await loadRecipients(db, [user.id])).get(user.id);
	const statuses: ChannelStatus[] = channels.map((c) => ({
		channel: c.name as NotifyChannel,
		configured: c.configured(),
		reaches: person ? c.reaches(person) : false,
		enabled: !person?.disabled.has(c.name)
	}));
	return { vapidPublicKey, channels: statuses };
}

/** A browser's push service: one of these hosts or a subdomain of one. */
export function isPushService(endpoint: string, hosts: readonly string[]): boolean {
	let host: string;
	try {
		host = new URL(endpoint).hostname.toLowerCase();
	} catch {
		return false;
	}
	return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** "Gửi thử" at most this often per person: a test may send paid Zalo and SMS messages. */
export const TEST_INTERVAL_MS = 30_000;
const lastTest = new Map<string, number>();

/** True when this person may send a test now (and records that they did). */
export function mayTest(userId: string, now = Date.now()): boolean {
	const last = lastTest.get(userId);
	if (last !== undefined && now - last < TEST_INTERVAL_MS) return false;
	lastTest.set(userId, now);
	return true;
}

/** Saves this browser's subscription for the signed-in person (a shared phone moves to its new owner). */
export async function savePushSubscription(
	db: Database,
	user: User,
	sub: { endpoint: string; keys: { p256dh: string; auth: string } },
	userAgent: string | null
): Promise<void> {
	await db
		.insert(pushSubscriptions)
		.values({ userId: user.id, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth, userAgent })
		.onConflictDoUpdate({
			target: pushSubscriptions.endpoint,
			set: { userId: user.id, p256dh: sub.keys.p256dh, auth: sub.keys.auth, userAgent, lastError: null }
		});
}

export async function removePushSubscription(db: Database, user: User, endpoint: string): Promise<void> {
	await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.userId, user.id), eq(pushSubscriptions.endpoint, endpoint)));
}

export async function setChannelEnabled(db: Database, user: User, channel: NotifyChannel, enabled: boolean): Promise<void> {
	await db
		.insert(notificationPrefs)
		.values({ userId: user.id, channel, enabled })
		.onConflictDoUpdate({ target: [notificationPrefs.userId, notificationPrefs.channel], set: { enabled } });
}

/** "Gửi thử": every configured channel that reaches the person, now, each result as it came. */
export async function sendTest(db: Database, user: User, channels: readonly Channel[], origin: string): Promise<TestResult[]> {
	const person = (await loadRecipients(db, [user.id])).get(user.id);
	if (!person) return [];
	const alert = testAlert(user.id, origin, new Date());
	const results: TestResult[] = [];
	for (const channel of channels) {
		if (!channel.configured() || !channel.reaches(person)) continue;
		const outcome: SendResult = await channel
			.send(alert, person)
			.catch(() => ({ ok: false, retry: true, error: 'Lỗi không mong đợi khi gửi' }));
		if (outcome.gone?.length) {
			for (const endpoint of outcome.gone) await removePushSubscription(db, user, endpoint);
		}
		results.push(outcome.ok ? { channel: channel.name, ok: true } : { channel: channel.name, ok: false, error: outcome.error });
	}
	return results;
}
