/**
 * Who may do what with reports. Reading follows the scope rules (scope.ts): outside the
 * scope is "not found". Writing a report is for the ward's own people at the desk and on
 * the Response Team; adding a file to a report is for its author only.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { incidentReports, incidents, type IncidentReport, type User } from '../db/schema';
import { ApiError } from '../http/api';
import { isUuid, visibleIncidents, type Scope } from '../scope';

const REPORTING_ROLES: ReadonlySet<User['role']> = new Set(['desk_officer', 'ward_responder']);

/** The ward a user files reports for; refused (403) for anyone else. */
export function requireReportingWard(user: User, scope: Scope): string {
	if (!REPORTING_ROLES.has(user.role) || scope.kind !== 'ward') throw new ApiError(403, 'forbidden');
	return scope.wardId;
}

/** A report the scope may read (through its incident's ward), or null. */
export async function findVisibleReport(db: Database, scope: Scope, reportId: string): Promise<IncidentReport | null> {
	if (!isUuid(reportId)) return null;
	const [row] = await db
		.select({ report: incidentReports })
		.from(incidentReports)
		.innerJoin(incidents, eq(incidents.id, incidentReports.incidentId))
		.where(and(eq(incidentReports.id, reportId), visibleIncidents(scope)))
		.limit(1);
	return row?.report ?? null;
}

/** The caller's own report: 404 when they cannot see it, 403 when it is someone else's. */
export async function requireOwnReport(db: Database, scope: Scope, user: User, reportId: string): Promise<IncidentReport> {
	const report = await findVisibleReport(db, scope, reportId);
	if (!report) throw new ApiError(404, 'not_found');
	if (report.reporterId !== user.id) throw new ApiError(403, 'forbidden');
	return report;
}
