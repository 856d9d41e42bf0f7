/** A report as the API speaks it ⇄ its row: optional text absent ⇄ NULL, times ⇄ timestamptz. */
import type { Report } from '$lib/domain/report';
import type { CategoryId } from '$lib/domain/incident-catalog';
import type { IncidentReport } from '../db/schema';

export type ReportColumns = Pick<
	IncidentReport,
	| 'category'
	| 'complexity'
	| 'description'
	| 'affectedSystem'
	| 'errorMessage'
	| 'scope'
	| 'startedAt'
	| 'impactLevel'
	| 'impact'
	| 'createdAt'
>;

export function reportColumns(report: Report): ReportColumns {
	return {
		category: report.category,
		complexity: report.complexity,
		description: report.description,
		affectedSystem: report.affectedSystem ?? null,
		errorMessage: report.errorMessage ?? null,
		scope: report.scope,
		startedAt: new Date(report.startedAt),
		impactLevel: report.impactLevel,
		impact: report.impact ?? null,
		createdAt: new Date(report.createdAt)
	};
}

/** The stored report in the API's shape (times in UTC), for comparing a repeat with it. */
export function reportOfRow(row: ReportColumns): Report {
	return {
		category: row.category as CategoryId,
		complexity: row.complexity,
		description: row.description,
		affectedSystem: row.affectedSystem ?? undefined,
		errorMessage: row.errorMessage ?? undefined,
		scope: row.scope,
		startedAt: row.startedAt.toISOString(),
		impactLevel: row.impactLevel,
		impact: row.impact ?? undefined,
		createdAt: row.createdAt.toISOString()
	};
}
