/**
 * The settings API of notifications: a browser's push subscription (as `PushSubscription.toJSON()`
 * gives it) and a person's channel choices. Shared by the settings page and the server.
 */
import { z } from 'zod/mini';

export const NOTIFY_CHANNELS = ['push', 'zns', 'sms', 'email'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

const base64url = (max: number) => z.string().check(z.minLength(8), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+=*$/, 'invalid_value'));

/** Push services are HTTPS endpoints (web-push sends only over https). */
const endpoint = z.string().check(
	z.maxLength(2000),
	z.refine((value: string) => {
		try {
			return new URL(value).protocol === 'https:';
		} catch {
			return false;
		}
	}, 'push_endpoint_invalid')
);

export const pushSubscriptionSchema = z.object({
	endpoint,
	// Browsers add `expirationTime`; it is not needed here.
	expirationTime: z.optional(z.nullable(z.number())),
	keys: z.strictObject({ p256dh: base64url(200), auth: base64url(100) })
});
export type PushSubscriptionInput = z.input<typeof pushSubscriptionSchema>;

export const pushUnsubscribeSchema = z.strictObject({ endpoint });

export const channelPrefSchema = z.strictObject({ channel: z.enum(NOTIFY_CHANNELS), enabled: z.boolean() });

export interface ChannelStatus {
	channel: NotifyChannel;
	/** The server can send on it. */
	configured: boolean;
	/** This person can be reached on it (a phone, an e-mail, an installed app). */
	reaches: boolean;
	/** The person's own choice (on unless turned off). */
	enabled: boolean;
}

export interface NotificationSettings {
	/** For `pushManager.subscribe({ applicationServerKey })`. */
	vapidPublicKey: string | null;
	channels: ChannelStatus[];
}

export interface TestResult {
	channel: NotifyChannel;
	ok: boolean;
	/** The channel's own words when it failed (Vietnamese, no secrets). */
	error?: string;
}

/** Why one channel could not carry an alert to a person. */
export const UNREACHABLE_WHYS = ['not_configured', 'no_contact', 'turned_off'] as const;
export type UnreachableWhy = (typeof UNREACHABLE_WHYS)[number];

/** Channel by channel, why nothing could reach a person (each channel once, in ladder order). */
export type Unreachable = { channel: NotifyChannel; why: UnreachableWhy[] }[];

/**
 * The delivery record that says nobody could be reached keeps why in its text column, as
 * `push=no_contact;sms=not_configured+no_contact`: short, stable, and worded by whoever reads
 * it, in their language.
 */
export function encodeUnreachable(unreachable: Unreachable): string {
	return unreachable.map(({ channel, why }) => `${channel}=${why.join('+')}`).join(';');
}

/** Null for any other text (an older record written as a sentence). */
export function decodeUnreachable(text: string | null): Unreachable | null {
	if (!text) return null;
	const parts = text.split(';').map((part) => part.split('='));
	const unreachable: Unreachable = [];
	for (const [channel, whys] of parts) {
		const why = (whys ?? '').split('+').filter(Boolean);
		if (!(NOTIFY_CHANNELS as readonly string[]).includes(channel ?? '')) return null;
		if (why.length === 0 || why.some((w) => !(UNREACHABLE_WHYS as readonly string[]).includes(w))) return null;
		unreachable.push({ channel: channel as NotifyChannel, why: why as UnreachableWhy[] });
	}
	return unreachable;
}
