/** Incident rows in the API's shape (src/lib/domain/incident.ts). */
import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { IncidentSummary } from '$lib/domain/incident';
import type { CategoryId } from '$lib/domain/incident-catalog';
import { incidentReports, incidents, units, type Incident } from '../db/schema';

/** Columns to select for a summary: the incident, its ward's name, its number of reports. */
export const summaryColumns = {
	...getTableColumns(incidents),
	wardName: units.name,
	reportCount: sql<number>`(select ${count()} from ${incidentReports} where ${incidentReports.incidentId} = ${incidents.id})`.mapWith(Number)
};

export const wardJoin = eq(units.id, incidents.wardId);

export function toSummary(row: Incident & { wardName: string; reportCount: number }): IncidentSummary {
	const summary: IncidentSummary = {
		id: row.id,
		wardId: row.wardId,
		wardName: row.wardName,
		status: row.status,
		version: row.version,
		category: row.category as CategoryId,
		complexity: row.complexity,
		description: row.description,
		scope: row.scope,
		startedAt: row.startedAt.toISOString(),
		impactLevel: row.impactLevel,
		createdAt: row.reportedAt.toISOString(),
		receivedAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString(),
		reportCount: row.reportCount
	};
	// Absent, not null: the fields then read like the report body they came from.
	if (row.affectedSystem !== null) summary.affectedSystem = row.affectedSystem;
	if (row.errorMessage !== null) summary.errorMessage = row.errorMessage;
	if (row.impact !== null) summary.impact = row.impact;
	return summary;
}
