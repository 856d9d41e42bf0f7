/** Incident rows in the API's shape (src/lib/domain/incident.ts). */
import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { IncidentSummary } from '$lib/domain/incident';
import type { CategoryId } from '$lib/domain/incident-catalog';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { incidentReports, incidents, units, users, type Incident } from '../db/schema';

const nameOf = (id: AnyPgColumn) => sql<string | null>`(select ${users.fullName} from ${users} where ${users.id} = ${id})`;

/** Columns to select for a summary: the incident, its ward's name, its number of reports, names of who answered. */
export const summaryColumns = {
	...getTableColumns(incidents),
	wardName: units.name,
	reportCount: sql<number>`(select ${count()} from ${incidentReports} where ${incidentReports.incidentId} = ${incidents.id})`.mapWith(Number),
	acknowledgedByName: nameOf(incidents.acknowledgedBy),
	assigneeName: nameOf(incidents.assigneeId)
};

type SummaryRow = Incident & {
	wardName: string;
	reportCount: number;
	acknowledgedByName: string | null;
	assigneeName: string | null;
};

export const wardJoin = eq(units.id, incidents.wardId);

export function toSummary(row: SummaryRow): IncidentSummary {
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
	if (row.acknowledgedAt) summary.acknowledgedAt = row.acknowledgedAt.toISOString();
	if (row.acknowledgedBy && row.acknowledgedByName) summary.acknowledgedBy = { id: row.acknowledgedBy, fullName: row.acknowledgedByName };
	if (row.escalatedAt) summary.escalatedAt = row.escalatedAt.toISOString();
	if (row.resolvedAt) summary.resolvedAt = row.resolvedAt.toISOString();
	if (row.closedAt) summary.closedAt = row.closedAt.toISOString();
	if (row.assigneeId && row.assigneeName) summary.assignee = { id: row.assigneeId, fullName: row.assigneeName };
	return summary;
}
