/**
 * Vietnamese phone numbers, stored in E.164 (+84…, the national leading 0 dropped).
 * Nationally, mobiles are 10 digits starting 03, 05, 07, 08 or 09; landlines are 11 digits
 * starting 02 (area code 2x or 2xx). Foreign numbers are accepted only in explicit
 * international form, since a bare digit string abroad has no knowable country.
 */

const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;
// Hà Nội (024) and TP. Hồ Chí Minh (028) have two-digit area codes and eight-digit subscribers.
const TWO_DIGIT_AREA = /^02[48]/;

function isVietnameseNational(national: string): boolean {
	return MOBILE.test(national) || LANDLINE.test(national);
}

function fromVietnamese(national: string): string | null {
	return isVietnameseNational(national) ? `+84${national.slice(1)}` : null;
}

/** The country-code digits when the number is written internationally (+… or the 00 dialling prefix). */
function stripInternationalPrefix(compact: string): string | null {
	if (compact.startsWith('+')) return compact.slice(1);
	if (compact.startsWith('00')) return compact.slice(2);
	return null;
}

export function normalizePhone(input: string): string | null {
	// People write separators freely: "0912 345 678", "0912.345.678", "(0238) 3 845 123".
	const compact = input.trim().replace(/[\s.\-()]/g, '');
	const international = stripInternationalPrefix(compact);
	const digits = international ?? compact;
	if (!/^\d+$/.test(digits)) return null;

	if (international === null && digits.startsWith('0')) return fromVietnamese(digits);
	if (digits.startsWith('84')) {
		// "+84 0912…" is a common slip: the national 0 kept after the country code.
		const rest = digits.slice(2);
		return fromVietnamese(rest.startsWith('0') ? rest : `0${rest}`);
	}
	if (international !== null && /^[1-9]\d{7,14}$/.test(digits)) return `+${digits}`;
	return null;
}

export function formatPhoneVN(e164: string): string {
	if (!e164.startsWith('+84')) return e164;
	const national = `0${e164.slice(3)}`;
	if (MOBILE.test(national)) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
	if (LANDLINE.test(national)) {
		return TWO_DIGIT_AREA.test(national)
			? `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`
			: `${national.slice(0, 4)} ${national.slice(4, 8)} ${national.slice(8)}`;
	}
	return e164;
}

/** Zalo's ZNS API wants the number as 84… with no plus. */
export function toZaloPhone(e164: string): string {
	return (normalizePhone(e164) ?? e164).replace(/^\+/, '');
}
