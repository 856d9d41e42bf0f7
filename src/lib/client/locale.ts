/** The UI language on this device, following the signed-in user's saved choice. */
import type { Locale } from '$lib/domain/roles';
import { getLocale, setLocale } from '$lib/paraglide/runtime';

export { getLocale };

/**
 * Switches language when the user's saved choice differs from the device's. Messages are
 * compiled functions, so the page reloads to render everything in the new language.
 * Returns true when a reload was started.
 */
export function applyUserLocale(locale: Locale): boolean {
	if (getLocale() === locale) return false;
	void setLocale(locale);
	return true;
}
