import { json } from '@sveltejs/kit';
import { ApiError, endpoint, requireUser } from '$lib/server/http/api';
import { mayTest, sendTest, TEST_INTERVAL_MS } from '$lib/server/notify/settings.service';
import { getDb, getNotify } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** "Gửi thử": a test alert on every channel that reaches the caller; `{ results: [{ channel, ok, error? }] }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	if (!mayTest(user.id)) throw new ApiError(429, 'test_too_soon', { seconds: TEST_INTERVAL_MS / 1000 });
	const { channels, origin } = getNotify();
	return json({ results: await sendTest(getDb(), user, channels, origin) });
});
