/**
 * The ward's notice in a human voice, when it has one: fetched once per address and played
 * from memory, so that a display started with the network down plays it from the worker's
 * copy. The worker is asked to keep exactly the current recording of the ward — also on the
 * very first visit, before it controls the page.
 */
import type { PublicNoticeAudio } from '$lib/domain/display';

/** `blocked`: the browser wants a tap first (no autoplay flag on this kiosk). */
export type PlayResult = 'playing' | 'blocked' | 'unavailable';

export class NoticeAudio {
	private url: string | null = null;
	private objectUrl: string | null = null;
	private ready: Promise<boolean> = Promise.resolve(false);
	private failed = false;

	constructor(private readonly element: HTMLAudioElement) {}

	/** Follows the ward's recording (none: `null`); resolves whether there is one to play. */
	use(ward: string, audio: PublicNoticeAudio | null | undefined): Promise<boolean> {
		const url = audio?.url ?? null;
		// The same address is the same bytes: fetched again only after a failure.
		if (url === this.url && !this.failed) return this.ready;
		this.url = url;
		this.failed = false;
		if (!url) {
			this.release();
			return (this.ready = Promise.resolve(false));
		}
		keepInWorker(ward, url);
		return (this.ready = this.load(url));
	}

	private async load(url: string): Promise<boolean> {
		try {
			const response = await fetch(url);
			if (!response.ok) throw new Error(`${response.status}`);
			const blob = await response.blob();
			if (url !== this.url) return false;
			this.release();
			this.objectUrl = URL.createObjectURL(blob);
			this.element.src = this.objectUrl;
			return true;
		} catch {
			// Offline before it was ever kept: the device's voice reads meanwhile.
			if (url === this.url) this.failed = true;
			return false;
		}
	}

	private release(): void {
		this.element.pause();
		this.element.removeAttribute('src');
		if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
		this.objectUrl = null;
	}

	/** Plays it from the start; `unavailable` when there is none (or it cannot play). */
	async play(): Promise<PlayResult> {
		if (!(await this.ready)) return 'unavailable';
		this.element.currentTime = 0;
		try {
			await this.element.play();
			return 'playing';
		} catch (err) {
			return (err as DOMException).name === 'NotAllowedError' ? 'blocked' : 'unavailable';
		}
	}

	stop(): void {
		this.element.pause();
	}
}

function keepInWorker(ward: string, url: string): void {
	void navigator.serviceWorker?.ready
		.then((registration) => registration.active?.postMessage({ type: 'KEEP_NOTICE_AUDIO', ward, url }))
		.catch(() => {});
}
