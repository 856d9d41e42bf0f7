/**
 * Live updates for signed-in screens: "incident X changed, refetch it". One EventSource on
 * `/api/stream` is shared by every screen in the tab: opened when the first screen
 * subscribes, closed when the last one leaves, so a tab holds at most one connection.
 *
 * EventSource reconnects by itself after a network blip (the server asks for 3 s). It gives
 * up for good when the server answers with an error (401 after a sign-out elsewhere, a
 * restart behind a proxy that answered 502): then we open a new one after 5 s, for as long
 * as a screen is listening.
 *
 * Nothing is replayed: changes made while the stream was down are simply not heard. So
 * whenever the stream (re)opens, every screen gets `{ id: '*' }` and refetches what it
 * shows. That covers the first open too — the window between a screen's own first fetch
 * and the server starting to listen for it.
 */
export type LiveIncidentEvent = { id: string; version: number; status: string };
type IncidentCallback = (event: LiveIncidentEvent) => void;

/** "Refetch everything": the stream (re)opened and may have missed changes meanwhile. */
export const RESYNC: LiveIncidentEvent = Object.freeze({ id: '*', version: 0, status: '' });

const STREAM_URL = '/api/stream';
const REOPEN_DELAY_MS = 5000;

class LiveState {
	/** True while the stream is open and the server listens for us. */
	connected = $state(false);
	private callbacks = new Set<IncidentCallback>();
	private source: EventSource | null = null;
	private reopenTimer: ReturnType<typeof setTimeout> | undefined;

	/** Calls `cb` for every change the user may see; returns the unsubscribe function. */
	onIncident(cb: IncidentCallback): () => void {
		// A wrapper per subscription: the same function subscribed twice unsubscribes once.
		const entry: IncidentCallback = (event) => cb(event);
		this.callbacks.add(entry);
		if (this.callbacks.size === 1) this.open();
		return () => {
			if (!this.callbacks.delete(entry)) return;
			if (this.callbacks.size === 0) this.close();
		};
	}

	private open(): void {
		// Server rendering, or a browser without EventSource: screens still work, just not live.
		if (typeof EventSource === 'undefined' || this.source) return;
		const source = new EventSource(STREAM_URL);
		this.source = source;
		// The server sends `ready` once it listens for us; refetch from then on.
		source.addEventListener('ready', () => {
			this.connected = true;
			this.emit(RESYNC);
		});
		source.addEventListener('incident', (message) => {
			const event = parseIncident((message as MessageEvent<string>).data);
			if (event) this.emit(event);
		});
		source.addEventListener('error', () => {
			this.connected = false;
			// CONNECTING: the browser is retrying by itself. CLOSED: it gave up; we retry.
			if (source.readyState === EventSource.CLOSED && this.source === source) {
				this.source = null;
				this.scheduleReopen();
			}
		});
	}

	private scheduleReopen(): void {
		clearTimeout(this.reopenTimer);
		this.reopenTimer = setTimeout(() => {
			this.reopenTimer = undefined;
			if (this.callbacks.size > 0) this.open();
		}, REOPEN_DELAY_MS);
	}

	private close(): void {
		clearTimeout(this.reopenTimer);
		this.reopenTimer = undefined;
		this.source?.close();
		this.source = null;
		this.connected = false;
	}

	/** One screen's failing callback must not keep the others from hearing. */
	private emit(event: LiveIncidentEvent): void {
		for (const cb of [...this.callbacks]) {
			try {
				cb(event);
			} catch (err) {
				console.error('A live update callback failed:', err);
			}
		}
	}
}

/** The event's JSON, or null when it is not the `{ id, version, status }` we expect. */
function parseIncident(data: string): LiveIncidentEvent | null {
	try {
		const value = JSON.parse(data) as Partial<LiveIncidentEvent> | null;
		if (typeof value?.id !== 'string' || typeof value.version !== 'number' || typeof value.status !== 'string') {
			return null;
		}
		return { id: value.id, version: value.version, status: value.status };
	} catch {
		return null;
	}
}

export const live = new LiveState();
