/**
 * The notice display's state: the network of its own device and the desk officer's
 * requests decide between the welcome screen and the notice (rules in $lib/domain/notice).
 */
import { displayMode, INITIAL_DISPLAY, nextDisplayState, type DisplayEvent, type DisplayMode } from '$lib/domain/notice';
import { lastRequest, openNoticeChannel } from './notice-channel';

export class NoticeDisplayState {
	private state = $state(INITIAL_DISPLAY);
	mode: DisplayMode = $derived(displayMode(this.state));

	/** Starts listening; returns the cleanup. */
	start(): () => void {
		if (!navigator.onLine) this.apply({ type: 'went_offline' });
		if (lastRequest()) this.apply({ type: 'officer_show' });

		const channel = openNoticeChannel((message) => {
			if (message.type === 'show') this.apply({ type: 'officer_show' });
			else if (message.type === 'end') this.apply({ type: 'officer_end' });
			if (message.type !== 'state') channel.post({ type: 'state', mode: this.mode });
		});
		const offline = () => this.apply({ type: 'went_offline' });
		const online = () => this.apply({ type: 'came_online' });
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		return () => {
			channel.close();
			window.removeEventListener('offline', offline);
			window.removeEventListener('online', online);
		};
	}

	private apply(event: DisplayEvent): void {
		this.state = nextDisplayState(this.state, event);
	}
}
