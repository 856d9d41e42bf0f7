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

/** Vietnam keeps UTC+7 all year (no daylight saving), so a wall-clock time maps to one instant. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * A date and a time as a person types them in Vietnam — `dd/MM/yyyy` (also with `-` or `.`,
 * one-digit day or month) and `HH:mm` 24-hour (also `14h30`, `1430`, `9:05`) — read as Vietnam
 * time whatever the device's zone or language. Null when either is not a real date or time
 * (31/02, 24:00): the form says so rather than guessing.
 */
export function parseVietnamDateTime(dateText: string, timeText: string): Date | null {
	const date = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(dateText);
	const time = /^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?|(\d{2}))\s*$/.exec(timeText);
	if (!date || !time) return null;
	const [day, month, year] = [Number(date[1]), Number(date[2]), Number(date[3])];
	const hour = Number(time[1]);
	const minute = Number(time[2] ?? time[3] ?? 0);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
	const wall = Date.UTC(year, month - 1, day, hour, minute);
	// Date.UTC rolls 31/02 over into March: a day the month does not have is refused.
	if (new Date(wall).getUTCDate() !== day) return null;
	return new Date(wall - VIETNAM_OFFSET_MS);
}
