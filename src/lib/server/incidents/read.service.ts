/** One incident with its reporters, attachments and timeline, as far as the scope may see it. */
import { and, asc, eq } from 'drizzle-orm';
import type { IncidentDetail } from '$lib/domain/incident';
import type { Database } from '../db';
import { incidentAttachments, incidentEvents, incidentReports, incidents, units, users } from '../db/schema';
import { isUuid, visibleWardRows, type Scope } from '../scope';
import { summaryColumns, toSummary, wardJoin } from './view';

/**
 * The incident a report id belongs to. Every incident's id is its first report's id, so
 * any report id — a grouped one included — finds its incident here.
 */
export async function incidentIdOf(db: Database, reportId: string): Promise<string | null> {
	if (!isUuid(reportId)) return null;
	const [row] = await db
		.select({ incidentId: incidentReports.incidentId })
		.from(incidentReports)
		.where(eq(incidentReports.id, reportId))
		.limit(1);
	return row?.incidentId ?? null;
}

/** `id` may be the incident's or any of its reports'; null means "answer 404". */
export async function getIncident(db: Database, scope: Scope, id: string): Promise<IncidentDetail | null> {
	const incidentId = await incidentIdOf(db, id);
	if (!incidentId) return null;
	const [row] = await db
		.select(summaryColumns)
		.from(incidents)
		.innerJoin(units, wardJoin)
		.where(and(eq(incidents.id, incidentId), visibleWardRows(scope, incidents.wardId)))
		.limit(1);
	if (!row) return null;

	const [reports, attachments, events] = await Promise.all([
		db
			.select({ id: incidentReports.id, reporterId: users.id, fullName: users.fullName })
			.from(incidentReports)
			.innerJoin(users, eq(users.id, incidentReports.reporterId))
			.where(eq(incidentReports.incidentId, incidentId))
			.orderBy(asc(incidentReports.receivedAt), asc(incidentReports.id)),
		db
			.select()
			.from(incidentAttachments)
			.where(eq(incidentAttachments.incidentId, incidentId))
			.orderBy(asc(incidentAttachments.createdAt), asc(incidentAttachments.id)),
		db
			.select({ event: incidentEvents, actorName: users.fullName })
			.from(incidentEvents)
			.leftJoin(users, eq(users.id, incidentEvents.actorId))
			.where(eq(incidentEvents.incidentId, incidentId))
			.orderBy(asc(incidentEvents.at), asc(incidentEvents.id))
	]);

	// The incident's own report first, whatever order the server received them in.
	reports.sort((a, b) => Number(b.id === incidentId) - Number(a.id === incidentId));
	const reporters = new Map<string, { id: string; fullName: string }>();
	for (const r of reports) reporters.set(r.reporterId, { id: r.reporterId, fullName: r.fullName });

	return {
		...toSummary(row),
		reportIds: reports.map((r) => r.id),
		reporters: [...reporters.values()],
		attachments: attachments.map((a) => ({
			id: a.id,
			reportId: a.reportId,
			name: a.name,
			type: a.type,
			size: a.size,
			sha256: a.sha256
		})),
		timeline: events.map(({ event, actorName }) => ({
			type: event.type,
			at: event.at.toISOString(),
			actor: event.actorId && actorName !== null ? { id: event.actorId, fullName: actorName } : null,
			reportId: event.reportId,
			note: event.note
		}))
	};
}
