import { json } from '@sveltejs/kit';
import { channelPrefSchema } from '$lib/domain/notifications';
import { endpoint, readJson, requireUser } from '$lib/server/http/api';
import { notificationSettings, setChannelEnabled } from '$lib/server/notify/settings.service';
import { getDb, getNotify } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** `{ settings }`: the channels (configured, reaching this person, turned on) and the VAPID key. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { channels, vapidPublicKey } = getNotify();
	return json({ settings: await notificationSettings(getDb(), user, channels, vapidPublicKey) });
});

/** `{ channel, enabled }`: turn one channel on or off for oneself. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { channel, enabled } = await readJson(event, channelPrefSchema);
	await setChannelEnabled(getDb(), user, channel, enabled);
	const { channels, vapidPublicKey } = getNotify();
	return json({ settings: await notificationSettings(getDb(), user, channels, vapidPublicKey) });
});
