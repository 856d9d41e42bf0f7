/**
 * Is the network there? `navigator.onLine` only knows about this device's link; a ping of
 * `/api/health` tells "this device is offline" from "the server cannot be reached".
 *
 * Polling: every 30 s while up and visible (cheap for the server: no session, no query);
 * while down, 5 s doubling to 60 s, so a returning network is noticed soon without
 * hammering a struggling server.
 */
import type { OutageRow } from './db';
import { peekAny } from './db-peek';

export type Connectivity = 'online' | 'offline' | 'server_unreachable';

/** A device clock further off than this gets a warning: report times would mislead. */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

const UP_INTERVAL_MS = 30_000;
const DOWN_FIRST_MS = 5_000;
const DOWN_MAX_MS = 60_000;
const PING_TIMEOUT_MS = 8_000;
const HIDDEN_INTERVAL_MS = 60_000;

class ConnectivityState {
	status = $state<Connectivity>('online');
	/** Server clock minus device clock, from the last answer's `Date` header (null until known). */
	clockSkewMs = $state<number | null>(null);
	private timer: ReturnType<typeof setTimeout> | undefined;
	private downDelay = DOWN_FIRST_MS;
	private started = false;

	start(): void {
		if (this.started) return;
		this.started = true;
		this.status = navigator.onLine ? 'online' : 'offline';
		if (this.status === 'offline') void noteDown('offline');
		const check = () => void this.check();
		window.addEventListener('online', check);
		window.addEventListener('offline', () => this.set('offline'));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') check();
		});
		check();
	}

	private checking: Promise<Connectivity> | undefined;

	/** One check at a time: `online` and `visibilitychange` often fire together. */
	check(): Promise<Connectivity> {
		this.checking ??= this.ping().finally(() => (this.checking = undefined));
		return this.checking;
	}

	private async ping(): Promise<Connectivity> {
		clearTimeout(this.timer);
		if (!navigator.onLine) {
			this.set('offline');
		} else {
			try {
				const sentAt = Date.now();
				const response = await fetch('/api/health', {
					cache: 'no-store',
					signal: AbortSignal.timeout(PING_TIMEOUT_MS)
				});
				this.measureClock(response, sentAt);
				this.set(response.ok ? 'online' : 'server_unreachable');
			} catch {
				this.set(navigator.onLine ? 'server_unreachable' : 'offline');
			}
		}
		this.schedule();
		return this.status;
	}

	private set(status: Connectivity): void {
		if (status === 'online') this.downDelay = DOWN_FIRST_MS;
		// Outages are kept on the device with their real start and end.
		if (status === 'online') void noteUp();
		else if (this.status === 'online') void noteDown(status);
		this.status = status;
	}

	/** The HTTP `Date` header has one-second precision: plenty for a five-minute warning. */
	private measureClock(response: Response, sentAt: number): void {
		const serverTime = Date.parse(response.headers.get('date') ?? '');
		if (Number.isNaN(serverTime)) return;
		const deviceTime = (sentAt + Date.now()) / 2;
		this.clockSkewMs = serverTime - deviceTime;
	}

	get clockOff(): boolean {
		return this.clockSkewMs !== null && Math.abs(this.clockSkewMs) > CLOCK_SKEW_WARN_MS;
	}

	private schedule(): void {
		let delay = UP_INTERVAL_MS;
		if (this.status !== 'online') {
			delay = this.downDelay;
			this.downDelay = Math.min(this.downDelay * 2, DOWN_MAX_MS);
		}
		// A hidden tab (the officer working in iGate) still notices an outage and its end,
		// only less often.
		if (document.visibilityState !== 'visible') delay = Math.max(delay, HIDDEN_INTERVAL_MS);
		this.timer = setTimeout(() => void this.check(), delay);
	}
}

export const connectivity = new ConnectivityState();

/**
 * The outage log is written with Dexie, which most pages (sign-in, the checklist) never need:
 * it is loaded when the network goes, or when it returns and an outage is open. Once loaded,
 * both go through it, so an end is never written before its start.
 */
let outages: Promise<typeof import('./outages')> | undefined;

function noteDown(reason: OutageRow['reason'], at = Date.now()): Promise<void> {
	outages ??= import('./outages');
	return outages.then((o) => o.noteDown(reason, at));
}

async function noteUp(at = Date.now()): Promise<void> {
	if (!outages && !(await peekAny<OutageRow>('outages', (o) => o.end === undefined))) return;
	outages ??= import('./outages');
	return (await outages).noteUp(at);
}
