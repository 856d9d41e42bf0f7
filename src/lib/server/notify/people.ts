/** Who an alert goes to, as the channels need them: phone, e-mail, push subscriptions, and what they turned off. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db';
import { notificationPrefs, pushSubscriptions, users } from '../db/schema';
import type { ChannelName, Recipient } from './channel';

export interface Reachable extends Recipient {
	/** Channels the person turned off in /cai-dat. */
	disabled: Set<ChannelName>;
	active: boolean;
}

export async function loadRecipients(db: Database, userIds: readonly string[]): Promise<Map<string, Reachable>> {
	const ids = [...new Set(userIds)];
	if (ids.length === 0) return new Map();
	const [people, subscriptions, prefs] = await Promise.all([
		db
			.select({ id: users.id, fullName: users.fullName, phone: users.phone, email: users.email, active: users.active })
			.from(users)
			.where(inArray(users.id, ids)),
		db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.userId, ids)),
		db
			.select()
			.from(notificationPrefs)
			.where(and(inArray(notificationPrefs.userId, ids), eq(notificationPrefs.enabled, false)))
	]);
	return new Map(
		people.map((p) => [
			p.id,
			{
				userId: p.id,
				fullName: p.fullName,
				phone: p.phone,
				email: p.email,
				active: p.active,
				pushSubscriptions: subscriptions
					.filter((s) => s.userId === p.id)
					.map((s) => ({ endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth })),
				disabled: new Set(prefs.filter((x) => x.userId === p.id).map((x) => x.channel as ChannelName))
			}
		])
	);
}
