/**
 * The display's page, as the script sees it: the static markup built with the page
 * (src/routes/thong-bao) names its parts (`data-part`), the places the ward's facts go
 * (`data-slot`) and its buttons (`data-action`). Nothing here decides anything.
 */
import type { DisplayMode, PublicWard, PublicWardSummary } from '$lib/domain/display';

/** A notice longer than this gets a smaller type, so that it still fits a 1080p screen. */
const LONG_NOTICE = 320;

export type Screen = 'loading' | 'picker' | DisplayMode;

export class DisplayView {
	constructor(readonly root: HTMLElement) {}

	private all(slot: string): HTMLElement[] {
		return [...this.root.querySelectorAll<HTMLElement>(`[data-slot="${slot}"]`)];
	}

	private one(selector: string): HTMLElement {
		const el = this.root.querySelector<HTMLElement>(selector);
		if (!el) throw new Error(`The display page has no ${selector}`);
		return el;
	}

	/** Fills `slot` with `text`; `line` (an element around it) shows only when there is text. */
	private fill(slot: string, text: string | null, line = slot): void {
		for (const el of this.all(slot)) el.textContent = text ?? '';
		for (const el of this.all(line)) el.hidden = !text;
	}

	show(screen: Screen): void {
		for (const part of ['loading', 'picker', 'idle', 'notice']) {
			this.one(`[data-part="${part}"]`).hidden = part !== screen;
		}
		this.one('[data-part="options"]').hidden = screen === 'loading' || screen === 'picker';
	}

	showWard(ward: PublicWard): void {
		this.fill('center', ward.serviceCenterName ?? (ward.name || null));
		this.fill('address', ward.address, 'address-line');
		this.fill('hours', ward.openingHours, 'hours-line');
		for (const notice of this.all('notice')) {
			notice.textContent = ward.notice.text;
			notice.classList.toggle('long', ward.notice.text.length > LONG_NOTICE);
		}
		this.fill('wait', ward.notice.estimatedWait);
		// A ward known only by its slug (never seen online) has no status page worth a code yet.
		const statusQr = ward.slug && ward.name ? `/api/public/wards/${encodeURIComponent(ward.slug)}/status-qr.svg` : null;
		for (const img of this.all('status-qr') as HTMLImageElement[]) {
			if (statusQr && img.getAttribute('src') !== statusQr) img.src = statusQr;
		}
		for (const figure of this.all('status-qr-figure')) figure.hidden = !statusQr;
	}

	showPicker(wards: PublicWardSummary[] | null | undefined, problem: string | null, onChoose: (slug: string) => void): void {
		this.fill('problem', problem);
		this.all('wards-loading')[0]!.hidden = wards !== undefined;
		this.all('wards-unavailable')[0]!.hidden = wards !== null;
		const list = this.all('wards')[0]!;
		list.replaceChildren(
			...(wards ?? []).map((ward) => {
				const button = document.createElement('button');
				button.className = 'button secondary';
				button.textContent = ward.name;
				button.addEventListener('click', () => onChoose(ward.slug));
				const item = document.createElement('li');
				item.append(button);
				return item;
			})
		);
	}

	/**
	 * How the notice is read: `label` names the voice in use (none yet: hidden); `noVoice`
	 * means neither a recording nor a Vietnamese voice; `unmute` shows the one big button
	 * that a browser blocking autoplay needs.
	 */
	showVoice({ label, noVoice, blocked, unmute }: { label: string | null; noVoice: boolean; blocked: boolean; unmute: boolean }): void {
		(this.one('[data-action="read-aloud"]') as HTMLButtonElement).disabled = noVoice;
		this.repeatSelect.disabled = noVoice;
		this.all('no-voice')[0]!.hidden = !noVoice;
		this.all('speech-blocked')[0]!.hidden = !blocked || noVoice;
		this.fill('voice-source', label);
		const button = this.one('[data-action="unmute"]');
		const appears = unmute && button.hidden;
		button.hidden = !unmute;
		// A remote control or keyboard lands on it at once.
		if (appears) button.focus();
	}

	get audio(): HTMLAudioElement {
		return this.one('audio[data-slot="notice-audio"]') as HTMLAudioElement;
	}

	get repeatSelect(): HTMLSelectElement {
		return this.one('select[data-slot="repeat"]') as HTMLSelectElement;
	}

	onAction(action: 'fullscreen' | 'read-aloud' | 'change-ward' | 'unmute', run: () => void): void {
		this.one(`[data-action="${action}"]`).addEventListener('click', run);
	}
}
