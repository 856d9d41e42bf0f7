/** The UI language on this device, following the signed-in user's saved choice. */
import type { Locale } from '$lib/domain/roles';
import { getLocale, setLocale } from '$lib/paraglide/runtime';

export { getLocale };

/**
 * Stores the user's saved language on this device when it differs. Messages are compiled
 * functions, so the caller then reloads (or navigates) to render the page in it.
 * Returns true when the language changed.
 */
export function applyUserLocale(locale: Locale): boolean {
	if (getLocale() === locale) return false;
	void setLocale(locale, { reload: false });
	return true;
}
