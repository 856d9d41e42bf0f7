/**
 * Times are always shown in Vietnam's zone, `dd/MM/yyyy HH:mm`, 24-hour — whatever zone the
 * viewing device (or the server) runs in, so a leader abroad and the desk read the same time.
 * The order is assembled from parts because `vi-VN` puts the time before the date.
 *
 * Strings should be ISO 8601 with an offset: without one, JavaScript reads them in the
 * machine's own zone.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

// Built once: constructing an Intl formatter is far slower than using one.
// 'h23' rather than hour12: false, which older Chromium renders as "24:05" after midnight.
const formatter = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

type Part = 'day' | 'month' | 'year' | 'hour' | 'minute';

function partsOf(date: Date | string | number): Record<Part, string> {
	const instant = date instanceof Date ? date : new Date(date);
	if (Number.isNaN(instant.getTime())) throw new RangeError(`Invalid date: ${String(date)}`);
	const parts: Record<Part, string> = { day: '', month: '', year: '', hour: '', minute: '' };
	for (const { type, value } of formatter.formatToParts(instant)) {
		if (type in parts) parts[type as Part] = value;
	}
	return parts;
}

export function formatDate(date: Date | string | number): string {
	const p = partsOf(date);
	return `${p.day}/${p.month}/${p.year}`;
}

export function formatTime(date: Date | string | number): string {
	const p = partsOf(date);
	return `${p.hour}:${p.minute}`;
}

export function formatDateTime(date: Date | string | number): string {
	const p = partsOf(date);
	return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}
