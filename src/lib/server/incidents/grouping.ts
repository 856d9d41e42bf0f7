/**
 * Grouping (DESIGN.md §4): a failure the whole section shares — the Internet for the
 * section, power, a provincial or national system — is one incident however many desks
 * report it. A new report of such a category joins an open incident of the same ward and
 * category whose reports started within 30 minutes of it; a printer jam never groups.
 */
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { FINISHED_STATUSES, GROUPING_WINDOW_MS } from '$lib/domain/incident';
import type { Database } from '../db';
import { incidentReports, incidents } from '../db/schema';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Holds, until the transaction ends, the one lock for this ward and category: two desks
 * reporting the same outage at the same moment (several server instances on PostgreSQL)
 * are decided one after the other, so the second sees the first's incident.
 */
export async function lockGrouping(tx: Tx, wardId: string, category: string): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`incident-group:${wardId}:${category}`}, 0))`);
}

/**
 * The open incident this report joins, if any: its reports' start times (on the server's
 * clock) span a window that, widened by 30 minutes each side, contains this report's start.
 * Of several, the one whose reports started most recently.
 */
export async function findGroupIncident(tx: Tx, wardId: string, category: string, startedAt: Date): Promise<string | null> {
	const window = sql.raw(`interval '${GROUPING_WINDOW_MS} milliseconds'`);
	const at = sql`${startedAt.toISOString()}::timestamptz`;
	const [row] = await tx
		.select({ id: incidents.id })
		.from(incidents)
		.innerJoin(incidentReports, eq(incidentReports.incidentId, incidents.id))
		.where(
			and(
				eq(incidents.wardId, wardId),
				eq(incidents.category, category),
				notInArray(incidents.status, [...FINISHED_STATUSES])
			)
		)
		.groupBy(incidents.id)
		.having(
			and(
				sql`min(${incidentReports.serverStartedAt}) - ${window} <= ${at}`,
				sql`max(${incidentReports.serverStartedAt}) + ${window} >= ${at}`
			)
		)
		.orderBy(sql`max(${incidentReports.serverStartedAt}) desc`)
		.limit(1);
	return row?.id ?? null;
}
