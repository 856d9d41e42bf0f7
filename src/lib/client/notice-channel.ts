/**
 * The desk officer's page and the notice display talk over a BroadcastChannel: it works
 * with the network down, but only between pages of one browser on one PC (a display on
 * its own device follows its network instead). The last request is also kept in
 * localStorage, so a display opened later starts in the right state.
 */
export type NoticeMessage =
	| { type: 'show' }
	| { type: 'end' }
	| { type: 'ping' }
	| { type: 'state'; mode: 'idle' | 'notice' };

const CHANNEL = 'ucmc-notice';
const REQUEST_KEY = 'ucmc.notice.request';

export function openNoticeChannel(onMessage: (message: NoticeMessage) => void): { post: (m: NoticeMessage) => void; close: () => void } {
	const channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (event: MessageEvent<NoticeMessage>) => onMessage(event.data);
	return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}

export function rememberRequest(show: boolean): void {
	localStorage.setItem(REQUEST_KEY, show ? 'show' : 'end');
}

export function lastRequest(): boolean {
	return localStorage.getItem(REQUEST_KEY) === 'show';
}
