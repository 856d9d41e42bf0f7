import { json } from '@sveltejs/kit';
import { endpoint, requireUser } from '$lib/server/http/api';
import { sendTest } from '$lib/server/notify/settings.service';
import { getDb, getNotify } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** "Gửi thử": a test alert on every channel that reaches the caller; `{ results: [{ channel, ok, error? }] }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { channels, origin } = getNotify();
	return json({ results: await sendTest(getDb(), user, channels, origin) });
});
