import { json } from '@sveltejs/kit';
import { pushSubscriptionSchema, pushUnsubscribeSchema } from '$lib/domain/notifications';
import { ApiError, endpoint, readJson, requireUser } from '$lib/server/http/api';
import { checkPushSubscription } from '$lib/server/notify/channels/push';
import { isPushService, removePushSubscription, savePushSubscription } from '$lib/server/notify/settings.service';
import { getDb, getNotify } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** This browser's push subscription (`PushSubscription.toJSON()`), for the signed-in person. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const subscription = await readJson(event, pushSubscriptionSchema);
	// Keys that are not a real P-256 point would fail every alert later: refused now, clearly.
	const problem = checkPushSubscription({ endpoint: subscription.endpoint, ...subscription.keys });
	if (problem) throw new ApiError(400, 'push_endpoint_invalid', { field: 'keys' });
	if (!isPushService(subscription.endpoint, getNotify().pushServiceHosts)) throw new ApiError(400, 'push_endpoint_invalid', { field: 'endpoint' });
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
