/**
 * The desk officer's page and the notice display talk over a BroadcastChannel: it works
 * with the network down, but only between pages of one browser on one PC (a display on
 * its own device follows its network instead). The last request is also kept in
 * localStorage, so a display opened later starts in the right state — for the working
 * day only: a request forgotten in the evening must not greet the next morning's room.
 */
export type NoticeMessage =
	| { type: 'show' }
	| { type: 'end' }
	| { type: 'ping' }
	| { type: 'state'; mode: 'idle' | 'notice' | 'closed' };

const CHANNEL = 'ucmc-notice';
const REQUEST_KEY = 'ucmc.notice.request';
const REQUEST_LIFETIME_MS = 12 * 60 * 60_000;

export function openNoticeChannel(onMessage: (message: NoticeMessage) => void): { post: (m: NoticeMessage) => void; close: () => void } {
	const channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (event: MessageEvent<NoticeMessage>) => onMessage(event.data);
	return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}

export function rememberRequest(show: boolean, now = Date.now()): void {
	localStorage.setItem(REQUEST_KEY, JSON.stringify({ show, at: now }));
}

export function lastRequest(now = Date.now()): boolean {
	try {
		const request = JSON.parse(localStorage.getItem(REQUEST_KEY) ?? 'null') as { show?: unknown; at?: unknown } | null;
		return request?.show === true && typeof request.at === 'number' && now - request.at < REQUEST_LIFETIME_MS;
	} catch {
		return false;
	}
}
