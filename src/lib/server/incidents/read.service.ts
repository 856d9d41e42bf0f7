/** One incident with its reporters, attachments and timeline, as far as the scope may see it. */
import { and, asc, eq } from 'drizzle-orm';
import type { DeliveryInfo, IncidentDetail, ReachedUnit, RecipientInfo } from '$lib/domain/incident';
import { availableActions, type EventType } from '$lib/domain/lifecycle';
import type { Database } from '../db';
import {
	deliveries,
	incidentAttachments,
	incidentEvents,
	incidentRecipients,
	incidentReports,
	incidents,
	incidentUnits,
	units,
	users,
	type User
} from '../db/schema';
import { toDeliveryInfo } from '../notify/log.service';
import { factsOf, relationsOf, reporterIdsOf } from './relations';
import { isUuid, visibleIncidents, type Scope } from '../scope';
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

/**
 * `id` may be the incident's or any of its reports'; null means "answer 404". With `viewer`,
 * the answer says which actions that person may take now.
 */
export async function getIncident(db: Database, scope: Scope, id: string, viewer?: User): Promise<IncidentDetail | null> {
	const incidentId = await incidentIdOf(db, id);
	if (!incidentId) return null;
	const [row] = await db
		.select(summaryColumns)
		.from(incidents)
		.innerJoin(units, wardJoin)
		.where(and(eq(incidents.id, incidentId), visibleIncidents(scope)))
		.limit(1);
	if (!row) return null;

	const [reports, attachments, events, recipients, reached, actions, sent] = await Promise.all([
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
			.orderBy(asc(incidentEvents.at), asc(incidentEvents.seq)),
		recipientsOf(db, incidentId),
		reachedUnitsOf(db, incidentId),
		viewer ? actionsFor(db, viewer, scope, incidentId) : Promise.resolve([]),
		deliveriesOf(db, incidentId, !viewer || ERROR_READERS.has(viewer.role))
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
			note: event.note,
			data: event.data ?? null
		})),
		recipients,
		reached,
		actions,
		deliveries: sent
	};
}

/**
 * Who reads why an alert failed: the people who can fix it (the team, the province, an
 * administrator). A channel's error may name a contact detail; the reporter and an IT team
 * see only that it failed.
 */
const ERROR_READERS: ReadonlySet<User['role']> = new Set(['ward_responder', 'province_team', 'admin']);

async function deliveriesOf(db: Database, incidentId: string, withErrors: boolean): Promise<DeliveryInfo[]> {
	const rows = await db
		.select({ d: deliveries, fullName: users.fullName })
		.from(deliveries)
		.innerJoin(users, eq(users.id, deliveries.userId))
		.where(eq(deliveries.incidentId, incidentId))
		.orderBy(asc(deliveries.createdAt), asc(users.fullName));
	return rows.map(({ d, fullName }) => toDeliveryInfo(d, fullName, withErrors));
}

async function recipientsOf(db: Database, incidentId: string): Promise<RecipientInfo[]> {
	const rows = await db
		.select({ r: incidentRecipients, fullName: users.fullName, unitName: units.name })
		.from(incidentRecipients)
		.innerJoin(users, eq(users.id, incidentRecipients.userId))
		.innerJoin(units, eq(units.id, incidentRecipients.unitId))
		.where(eq(incidentRecipients.incidentId, incidentId))
		.orderBy(asc(incidentRecipients.at), asc(users.fullName));
	return rows.map(({ r, fullName, unitName }) => ({
		userId: r.userId,
		fullName,
		unitName,
		reason: r.reason,
		at: r.at.toISOString()
	}));
}

async function reachedUnitsOf(db: Database, incidentId: string): Promise<ReachedUnit[]> {
	const rows = await db
		.select({ r: incidentUnits, name: units.name, kind: units.kind })
		.from(incidentUnits)
		.innerJoin(units, eq(units.id, incidentUnits.unitId))
		.where(eq(incidentUnits.incidentId, incidentId))
		.orderBy(asc(incidentUnits.since), asc(units.name));
	return rows.map(({ r, name, kind }) => ({
		unitId: r.unitId,
		name,
		kind: kind === 'province' ? 'province' : 'it_team',
		since: r.since.toISOString(),
		...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt.toISOString() } : {})
	}));
}

/** The actions the lifecycle would accept from this person now (read without locking). */
async function actionsFor(db: Database, viewer: User, scope: Scope, incidentId: string): Promise<EventType[]> {
	const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId)).limit(1);
	if (!incident) return [];
	const reporterIds = await reporterIdsOf(db, incidentId);
	const [relations, facts] = await Promise.all([
		relationsOf(db, viewer, scope, incident, reporterIds),
		factsOf(db, incident, reporterIds, scope)
	]);
	return availableActions(facts, relations);
}
