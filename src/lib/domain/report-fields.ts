/**
 * The report's fixed lists, lengths and times, without its schema (report.ts, which
 * re-exports all of this): what the report form needs to open, with no zod to load.
 */

export const REPORT_SCOPES = ['desk', 'several', 'section'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

export const IMPACT_LEVELS = ['none', 'slowed', 'stopped'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

export const DESCRIPTION_MAX = 2000;
export const ERROR_MESSAGE_MAX = 1000;
export const AFFECTED_SYSTEM_MAX = 200;
export const IMPACT_MAX = 1000;

/**
 * Report times fall within the years 2000–2100 (UTC): anything else is a broken clock or a
 * forged body, and would push the server's time arithmetic out of range.
 */
export const REPORT_TIME_MIN_MS = Date.UTC(2000, 0, 1);
export const REPORT_TIME_END_MS = Date.UTC(2101, 0, 1);

/**
 * Quick picks for "started at": all read from the device clock at the moment of choosing.
 * "From the start of the morning" is 07:00 Vietnam time, when one-stop sections open.
 */
export const STARTED_AT_PICKS = ['just_now', 'minutes_15', 'start_of_morning'] as const;
export type StartedAtPick = (typeof STARTED_AT_PICKS)[number];

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const MORNING_OPENS_AT_HOUR = 7;

export function startedAtFor(pick: StartedAtPick, now: Date): Date {
	if (pick === 'just_now') return now;
	if (pick === 'minutes_15') return new Date(now.getTime() - 15 * 60 * 1000);
	// Vietnam has no daylight saving: a fixed +07:00 offset is exact.
	const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
	local.setUTCHours(MORNING_OPENS_AT_HOUR, 0, 0, 0);
	const opening = new Date(local.getTime() - VIETNAM_OFFSET_MS);
	// Before opening time "from the start of the morning" can only mean now.
	return opening.getTime() > now.getTime() ? now : opening;
}

/** ISO 8601 with the device's own offset, e.g. "2026-11-25T09:15:00.000+07:00". */
export function toIsoWithOffset(date: Date): string {
	const offsetMinutes = -date.getTimezoneOffset();
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	const local = new Date(date.getTime() + offsetMinutes * 60_000);
	return (
		`${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
		`T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
		`.${pad(local.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
	);
}
