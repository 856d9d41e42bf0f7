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
import { z } from 'zod/mini';
import { CATEGORY_IDS, COMPLEXITIES, getCategory } from './incident-catalog';
import {
	AFFECTED_SYSTEM_MAX,
	DESCRIPTION_MAX,
	ERROR_MESSAGE_MAX,
	IMPACT_LEVELS,
	IMPACT_MAX,
	REPORT_SCOPES,
	REPORT_TIME_END_MS,
	REPORT_TIME_MIN_MS
} from './report-fields';
import { optionalText, plainText } from './text';

// The form opens with these alone; the schema comes when a report is checked.
export * from './report-fields';

const isoWithOffset = z.iso.datetime({ offset: true });

const reportTime = isoWithOffset.check(
	z.refine((iso: string) => {
		const time = Date.parse(iso);
		// Not a time at all: the format check has said so already.
		return Number.isNaN(time) || (time >= REPORT_TIME_MIN_MS && time < REPORT_TIME_END_MS);
	}, 'time_out_of_range')
);

const reportFields = z.strictObject({
	category: z.enum(CATEGORY_IDS, { error: 'unknown_category' }),
	complexity: z.enum(COMPLEXITIES),
	description: plainText(DESCRIPTION_MAX).check(z.trim(), z.minLength(1, 'description_required')),
	affectedSystem: optionalText(AFFECTED_SYSTEM_MAX),
	errorMessage: optionalText(ERROR_MESSAGE_MAX),
	scope: z.enum(REPORT_SCOPES),
	startedAt: reportTime,
	impactLevel: z.enum(IMPACT_LEVELS),
	impact: optionalText(IMPACT_MAX),
	createdAt: reportTime
});

export const reportSchema = reportFields.check(
	z.superRefine((report: z.output<typeof reportFields>, ctx) => {
		if (Date.parse(report.startedAt) > Date.parse(report.createdAt)) {
			ctx.addIssue({ code: 'custom', path: ['startedAt'], message: 'started_after_report' });
		}
		// A category the catalog calls complex stays complex; only the leader may lower it.
		if (report.complexity === 'simple' && getCategory(report.category)?.complexity === 'complex') {
			ctx.addIssue({ code: 'custom', path: ['complexity'], message: 'complexity_below_default' });
		}
	})
);

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
