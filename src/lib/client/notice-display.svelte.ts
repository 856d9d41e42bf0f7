/**
 * The notice display's state: the network of its own device, the desk officer's requests
 * and the ward's public status decide between the welcome screen and the notice (rules in
 * $lib/domain/notice).
 * It tells the desk what it shows whenever that changes, and when it closes.
 */
import { displayMode, INITIAL_DISPLAY, nextDisplayState, type DisplayEvent, type DisplayMode } from '$lib/domain/notice';
import { lastRequest, openNoticeChannel } from './notice-channel';

export class NoticeDisplayState {
	private state = $state(INITIAL_DISPLAY);
	mode: DisplayMode = $derived(displayMode(this.state));
	private channel: ReturnType<typeof openNoticeChannel> | undefined;

	/** Starts listening; returns the cleanup. */
	start(): () => void {
		if (!navigator.onLine) this.apply({ type: 'went_offline' });
		if (lastRequest()) this.apply({ type: 'officer_show' });

		const channel = openNoticeChannel((message) => {
			if (message.type === 'show') this.apply({ type: 'officer_show' });
			else if (message.type === 'end') this.apply({ type: 'officer_end' });
			else if (message.type === 'ping') this.announce();
		});
		this.channel = channel;
		const offline = () => this.apply({ type: 'went_offline' });
		const online = () => this.apply({ type: 'came_online' });
		const closing = () => channel.post({ type: 'state', mode: 'closed' });
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		window.addEventListener('pagehide', closing);
		return () => {
			closing();
			channel.close();
			this.channel = undefined;
			window.removeEventListener('offline', offline);
			window.removeEventListener('online', online);
			window.removeEventListener('pagehide', closing);
		};
	}

	/** The ward's public status, polled by the page while online: an outage that stopped intake shows the notice. */
	wardStatus(problem: boolean): void {
		this.apply({ type: 'ward_status', problem });
	}

	/** Tells the desk what is shown (the page calls it whenever `mode` changes). */
	announce(): void {
		this.channel?.post({ type: 'state', mode: this.mode });
	}

	private apply(event: DisplayEvent): void {
		this.state = nextDisplayState(this.state, event);
	}
}
