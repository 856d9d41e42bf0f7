/**
 * The incident report (Steps 1 and 2 of the procedure): one zod schema, used by the form on
 * the device before anything is stored and by the server on `PUT /api/incidents/{id}`, so a
 * report the device accepted is a report the server accepts.
 *
 * Field names are fixed by the HTTP API. Times are ISO 8601 with an offset, read from the
 * device clock, within the years 2000–2100; `startedAt <= createdAt` is checked on those two
 * only, so a device whose clock is wrong still files valid reports (the server measures the
 * skew separately).
 */
import { z } from 'zod';
import { categoryIdSchema, complexitySchema, getCategory } from './incident-catalog';
import { optionalText, plainText } from './text';

export const REPORT_SCOPES = ['desk', 'several', 'section'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

export const IMPACT_LEVELS = ['none', 'slowed', 'stopped'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

export const DESCRIPTION_MAX = 2000;
export const ERROR_MESSAGE_MAX = 1000;
export const AFFECTED_SYSTEM_MAX = 200;
export const IMPACT_MAX = 1000;

const isoWithOffset = z.iso.datetime({ offset: true });

/**
 * Report times fall within the years 2000–2100 (UTC): anything else is a broken clock or a
 * forged body, and would push the server's time arithmetic out of range.
 */
export const REPORT_TIME_MIN_MS = Date.UTC(2000, 0, 1);
export const REPORT_TIME_END_MS = Date.UTC(2101, 0, 1);

const reportTime = isoWithOffset.refine((iso) => {
	const time = Date.parse(iso);
	// Not a time at all: the format check has said so already.
	return Number.isNaN(time) || (time >= REPORT_TIME_MIN_MS && time < REPORT_TIME_END_MS);
}, 'time_out_of_range');

export const reportSchema = z
	.strictObject({
		category: z.enum(categoryIdSchema.options, { error: 'unknown_category' }),
		complexity: complexitySchema,
		description: plainText(DESCRIPTION_MAX).trim().min(1, 'description_required'),
		affectedSystem: optionalText(AFFECTED_SYSTEM_MAX),
		errorMessage: optionalText(ERROR_MESSAGE_MAX),
		scope: z.enum(REPORT_SCOPES),
		startedAt: reportTime,
		impactLevel: z.enum(IMPACT_LEVELS),
		impact: optionalText(IMPACT_MAX),
		createdAt: reportTime
	})
	.superRefine((report, ctx) => {
		if (Date.parse(report.startedAt) > Date.parse(report.createdAt)) {
			ctx.addIssue({ code: 'custom', path: ['startedAt'], message: 'started_after_report' });
		}
		// A category the catalog calls complex stays complex; only the leader may lower it.
		if (report.complexity === 'simple' && getCategory(report.category)?.complexity === 'complex') {
			ctx.addIssue({ code: 'custom', path: ['complexity'], message: 'complexity_below_default' });
		}
	});

export type Report = z.output<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

/** The fields that make two sends of the same id "identical" (attachments are separate). */
export const REPORT_FIELDS = [
	'category',
	'complexity',
	'description',
	'affectedSystem',
	'errorMessage',
	'scope',
	'startedAt',
	'impactLevel',
	'impact',
	'createdAt'
] as const satisfies readonly (keyof Report)[];

/** Equal field by field; times compare as instants, so "+07:00" and "Z" spellings agree. */
export function sameReport(a: Report, b: Report): boolean {
	return REPORT_FIELDS.every((field) => {
		const x = a[field];
		const y = b[field];
		if (field === 'startedAt' || field === 'createdAt') return Date.parse(x as string) === Date.parse(y as string);
		return (x ?? undefined) === (y ?? undefined);
	});
}

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
