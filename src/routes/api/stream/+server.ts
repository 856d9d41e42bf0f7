import { endpoint, requireUser } from '$lib/server/http/api';
import { getLiveHub, liveStopSignal } from '$lib/server/live';
import { sseResponse } from '$lib/server/live/sse';
import type { RequestHandler } from './$types';

/**
 * Server-Sent Events for signed-in live screens: `event: incident` with `{ id, version,
 * status }` whenever an incident the caller may see changes; the screen refetches it.
 * The stream ends when the client goes away, when the server stops, and after a while
 * (the browser reconnects and the session is checked again).
 */
export const GET: RequestHandler = endpoint((event) => {
	const user = requireUser(event);
	return sseResponse({
		hub: getLiveHub(),
		scope: event.locals.scope,
		userId: user.id,
		signal: AbortSignal.any([event.request.signal, liveStopSignal()])
	});
});
