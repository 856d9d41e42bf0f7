/**
 * The display's words. The page is built in Vietnamese; on a device set to English the
 * script puts each labelled element (`data-m`, `data-m-alt`, `data-m-label`) in English. Only
 * these messages are bundled, each a small function of the locale.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const STATIC: Record<string, () => string> = {
	loading: m.loading,
	display_welcome: m.display_welcome,
	display_address: m.display_address,
	display_opening_hours: m.display_opening_hours,
	display_while_waiting: m.display_while_waiting,
	display_step_fill: m.display_step_fill,
	display_step_order: m.display_step_order,
	display_qr: m.display_qr,
	display_status_qr: m.display_status_qr,
	display_choose_ward: m.display_choose_ward,
	display_choose_hint: m.display_choose_hint,
	display_wards_unavailable: m.display_wards_unavailable,
	display_settings: m.display_settings,
	display_fullscreen: m.display_fullscreen,
	display_read_aloud: m.display_read_aloud,
	display_repeat: m.display_repeat,
	display_change_ward: m.display_change_ward,
	display_no_voice: m.display_no_voice,
	display_speech_blocked: m.display_speech_blocked,
	display_unmute: m.display_unmute
};

export const say = {
	title: (ward: string) => `${m.display_title()} — ${ward || m.app_name()}`,
	wardUnknown: (slug: string) => m.display_ward_unknown({ slug }),
	voice: (source: 'recording' | 'device') => (source === 'recording' ? m.display_voice_recorded() : m.display_voice_device()),
	repeat: (minutes: number) => (minutes === 0 ? m.display_repeat_off() : m.display_repeat_minutes({ minutes }))
};

/** Puts the page's fixed words in the device's language (they were built in Vietnamese). */
export function localise(root: ParentNode): void {
	const locale = getLocale();
	document.documentElement.lang = locale;
	if (locale === 'vi') return;
	const text = (key: string | undefined) => (key && STATIC[key] ? STATIC[key]() : null);
	for (const el of root.querySelectorAll<HTMLElement>('[data-m]')) el.textContent = text(el.dataset.m) ?? el.textContent;
	for (const el of root.querySelectorAll<HTMLImageElement>('[data-m-alt]')) el.alt = text(el.dataset.mAlt) ?? el.alt;
	for (const el of root.querySelectorAll<HTMLElement>('[data-m-label]')) {
		el.setAttribute('aria-label', text(el.dataset.mLabel) ?? el.getAttribute('aria-label') ?? '');
	}
	for (const option of root.querySelectorAll<HTMLOptionElement>('select[data-slot=repeat] option')) {
		option.textContent = say.repeat(Number(option.value));
	}
}
