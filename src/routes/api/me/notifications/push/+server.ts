import { json } from '@sveltejs/kit';
import { pushSubscriptionSchema, pushUnsubscribeSchema } from '$lib/domain/notifications';
import { endpoint, readJson, requireUser } from '$lib/server/http/api';
import { removePushSubscription, savePushSubscription } from '$lib/server/notify/settings.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** This browser's push subscription (`PushSubscription.toJSON()`), for the signed-in person. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const subscription = await readJson(event, pushSubscriptionSchema);
	await savePushSubscription(getDb(), user, subscription, event.request.headers.get('user-agent')?.slice(0, 300) ?? null);
	return json({ ok: true });
});

/** `{ endpoint }`: this browser no longer receives alerts. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { endpoint: url } = await readJson(event, pushUnsubscribeSchema);
	await removePushSubscription(getDb(), user, url);
	return json({ ok: true });
});
