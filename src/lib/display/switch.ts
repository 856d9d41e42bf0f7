/**
 * What the display shows: the network of its own device, the desk officer's requests and the
 * ward's public status decide between the welcome and the notice (rules in
 * $lib/domain/display). It tells the desk what it shows whenever that changes, and when it
 * closes.
 */
import { displayMode, INITIAL_DISPLAY, nextDisplayState, type DisplayEvent, type DisplayMode } from '$lib/domain/display';
import { lastRequest, openNoticeChannel } from '$lib/client/notice-channel';

export class DisplaySwitch {
	private state = INITIAL_DISPLAY;
	mode: DisplayMode = displayMode(INITIAL_DISPLAY);
	private channel: ReturnType<typeof openNoticeChannel> | undefined;

	constructor(private readonly onChange: (mode: DisplayMode) => void) {}

	/** Starts listening; returns the cleanup. */
	start(): () => void {
		const channel = openNoticeChannel((message) => {
			if (message.type === 'show') this.apply({ type: 'officer_show' });
			else if (message.type === 'end') this.apply({ type: 'officer_end' });
			else if (message.type === 'ping') this.announce();
		});
		this.channel = channel;
		if (!navigator.onLine) this.apply({ type: 'went_offline' });
		if (lastRequest()) this.apply({ type: 'officer_show' });
		this.announce();
		const offline = () => this.apply({ type: 'went_offline' });
		const online = () => this.apply({ type: 'came_online' });
		const closing = () => channel.post({ type: 'state', mode: 'closed' });
		addEventListener('offline', offline);
		addEventListener('online', online);
		addEventListener('pagehide', closing);
		return () => {
			closing();
			channel.close();
			this.channel = undefined;
			removeEventListener('offline', offline);
			removeEventListener('online', online);
			removeEventListener('pagehide', closing);
		};
	}

	/** The ward's public status, polled while online: an outage that stopped intake shows the notice. */
	wardStatus(problem: boolean): void {
		this.apply({ type: 'ward_status', problem });
	}

	/** Tells the desk what is shown. */
	announce(): void {
		this.channel?.post({ type: 'state', mode: this.mode });
	}

	private apply(event: DisplayEvent): void {
		this.state = nextDisplayState(this.state, event);
		const mode = displayMode(this.state);
		if (mode === this.mode) return;
		this.mode = mode;
		this.announce();
		this.onChange(mode);
	}
}
