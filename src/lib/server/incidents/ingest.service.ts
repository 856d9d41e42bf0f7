/**
 * `PUT /api/incidents/{id}`: the device-made report id is the idempotency key. The first
 * send creates (a new incident, or a place in an open one — grouping.ts); a repeat with the
 * same fields is answered as before; the same id with other fields is a conflict, never an
 * overwrite — or, when the id is another ward's, not found, as anything out of scope is.
 *
 * Every desk of a province reports through here, so a report costs two statements: the
 * ward's people and timers in one read, then one write of everything that must be atomic
 * (the incident, its report, its timeline, who was told, its timers). A shared failure adds
 * its grouping lock and look-up, in a transaction. Nothing is read back: the answer and the
 * live update are made from what was written, and alerts follow the answer. A repeat is
 * recognised by the primary key refusing it, not by a read before every create.
 */
import { eq, sql, type SQLWrapper } from 'drizzle-orm';
import { getCategory } from '$lib/domain/incident-catalog';
import { sameReport, type Report } from '$lib/domain/report';
import { answerTimers, timerSettings } from '$lib/domain/timers';
import type { Database } from '../db';
import { incidentEvents, incidentRecipients, incidentReports, incidents, incidentUnits, jobs, type User } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import type { IncidentChange } from '../live';
import type { ChangeEffects } from './after-commit';
import { onServerClock } from './clock';
import { findGroupIncident, lockGrouping, type Tx } from './grouping';
import { reportColumns, reportOfRow } from './report-row';
import { loadWardContext, planRouting } from './routing.service';

export interface IngestInput {
	reportId: string;
	report: Report;
	reporter: User;
	wardId: string;
	/** Server minus device clock at send time (clock.ts); null if unknown. */
	clockSkewMs: number | null;
	/** When the server received it (timers count from here); now by default. */
	receivedAt?: Date;
}

export type IngestResult =
	| { kind: 'created'; incidentId: string; grouped: boolean; effects: ChangeEffects }
	| { kind: 'repeat'; incidentId: string; wardId: string }
	| { kind: 'conflict' }
	/** The id is another ward's report: out of scope, so not found — its existence is not told. */
	| { kind: 'not_found' };

export async function ingestReport(db: Database, input: IngestInput): Promise<IngestResult> {
	try {
		// A shared failure may join an open incident: decided under its ward's grouping lock.
		// Anything else is one statement, atomic by itself.
		return getCategory(input.report.category).sharedFailure
			? await db.transaction((tx) => groupOrCreate(tx, input))
			: await createIncident(db, input);
	} catch (err) {
		// The id is known already: a repeat (the answer was lost, two tabs, the phone and the
		// PC sending the same report), or another report under the same id.
		if (isUniqueViolation(err)) {
			const known = await compareWithStored(db, input);
			if (known) return known;
		}
		throw err;
	}
}

async function compareWithStored(db: Database, input: IngestInput): Promise<IngestResult | null> {
	const [stored] = await db.select().from(incidentReports).where(eq(incidentReports.id, input.reportId)).limit(1);
	if (!stored) return null;
	if (stored.wardId !== input.wardId) return { kind: 'not_found' };
	// Another person's report under this id is not "the same report", whatever it says.
	const same = stored.reporterId === input.reporter.id && sameReport(reportOfRow(stored), input.report);
	return same ? { kind: 'repeat', incidentId: stored.incidentId, wardId: stored.wardId } : { kind: 'conflict' };
}

/** The report's own row, as stored whatever incident it makes or joins. */
function reportRow(input: IngestInput, incidentId: string) {
	const { report, reporter, wardId, reportId, clockSkewMs } = input;
	const serverStartedAt = onServerClock(report.startedAt, clockSkewMs);
	return { ...reportColumns(report), id: reportId, incidentId, reporterId: reporter.id, wardId, clockSkewMs, serverStartedAt };
}

async function groupOrCreate(tx: Tx, input: IngestInput): Promise<IngestResult> {
	const { wardId, report } = input;
	await lockGrouping(tx, wardId, report.category);
	const startedAt = onServerClock(report.startedAt, input.clockSkewMs);
	const joined = await findGroupIncident(tx, wardId, report.category, startedAt);
	return joined ? joinIncident(tx, input, joined) : createIncident(tx, input);
}

/**
 * A new incident: the ward's people and timers read, then one statement writes the incident,
 * its report, its timeline (reported, and who was told), the routing decisions and the timers
 * that wait for an answer.
 */
async function createIncident(db: Database, input: IngestInput): Promise<IngestResult> {
	const { report, reporter, wardId, reportId, clockSkewMs } = input;
	const now = input.receivedAt ?? new Date();
	const row = reportRow(input, reportId);
	const context = await loadWardContext(db, wardId);
	// The report's `createdAt` is a device time; the incident's `created_at` is the server's.
	const { createdAt: _deviceTime, ...facts } = reportColumns(report);
	const incident = { ...facts, id: reportId, wardId };
	const plan = planRouting(incident, 'reported', now, context.audience);
	// A new incident has made no decision before: every one planned is made now.
	const recipients = plan.routing.recipients;
	const routed = plan.event(recipients);
	const timers = answerTimers(incident.complexity, timerSettings(context.timers), now);
	await writeTogether(db, [
		db.insert(incidents).values({
			...incident,
			startedAt: row.serverStartedAt,
			reportedAt: onServerClock(report.createdAt, clockSkewMs),
			createdBy: reporter.id,
			createdAt: now,
			updatedAt: now
		}),
		db.insert(incidentReports).values(row),
		// In order: the sequence numbers follow the rows.
		db.insert(incidentEvents).values([{ incidentId: reportId, type: 'reported', actorId: reporter.id, reportId, at: now }, ...(routed ? [routed] : [])]),
		plan.units.length ? db.insert(incidentUnits).values(plan.units) : null,
		plan.recipients.length ? db.insert(incidentRecipients).values(plan.recipients) : null,
		timers.length ? db.insert(jobs).values(timers.map((t) => ({ incidentId: reportId, kind: t.kind, runAt: t.runAt }))) : null
	]);

	const change: IncidentChange = {
		incidentId: reportId,
		wardId,
		provinceId: context.audience.province.unitId === wardId ? '' : context.audience.province.unitId,
		teamIds: plan.routing.teams,
		reporterIds: [reporter.id],
		version: 1,
		status: 'reported'
	};
	return { kind: 'created', incidentId: reportId, grouped: false, effects: { incidentIds: [], changes: [change], recipients: [{ incidentId: reportId, recipients }] } };
}

/**
 * Another desk's report of the same shared failure: a place in the open incident, its start
 * moved to the earliest report's, a timeline line, and nobody told again. One statement,
 * which also reads what the live update needs.
 */
async function joinIncident(tx: Tx, input: IngestInput, incidentId: string): Promise<IngestResult> {
	const row = reportRow(input, incidentId);
	const now = input.receivedAt ?? new Date();
	const moved = tx
		.update(incidents)
		.set({
			startedAt: sql`least(${incidents.startedAt}, ${row.serverStartedAt.toISOString()}::timestamptz)`,
			updatedAt: sql`now()`
		})
		.where(eq(incidents.id, incidentId))
		.returning({
			wardId: incidents.wardId,
			version: incidents.version,
			status: incidents.status,
			provinceId: sql`(select parent_id from units where id = ${incidents.wardId})`.as('province_id'),
			teamIds: sql`(select coalesce(json_agg(iu.unit_id order by iu.unit_id), '[]') from incident_units iu join units u on u.id = iu.unit_id where iu.incident_id = ${incidents.id} and u.kind = 'it_team')`.as('team_ids'),
			reporterIds: sql`(select coalesce(json_agg(distinct r.reporter_id), '[]') from incident_reports r where r.incident_id = ${incidents.id})`.as('reporter_ids')
		});
	const [live] = await writeTogether<LiveRow>(
		tx,
		[
			tx.insert(incidentReports).values(row),
			tx.insert(incidentEvents).values({ incidentId, type: 'report_grouped', actorId: row.reporterId, reportId: row.id, at: now })
		],
		moved
	);
	// The statement's parts share one snapshot: this report is not yet among the reporters it read.
	const reporterIds = live ? [...new Set([...list(live.reporter_ids), row.reporterId])] : [];
	const changes: IncidentChange[] = live
		? [{ incidentId, wardId: live.ward_id, provinceId: live.province_id ?? '', teamIds: list(live.team_ids), reporterIds, version: live.version, status: live.status }]
		: [];
	return { kind: 'created', incidentId, grouped: true, effects: { incidentIds: [], changes, recipients: [] } };
}

interface LiveRow {
	ward_id: string;
	version: number;
	status: string;
	province_id: string | null;
	team_ids: JsonList;
	reporter_ids: JsonList;
}

/**
 * Writes in one statement (data-modifying CTEs): one round trip, atomic by itself, and its
 * foreign keys checked when the whole statement ends, so a report may name the incident
 * written beside it. `answer` is the statement whose rows come back.
 */
async function writeTogether<Row = never>(db: Database, writes: (SQLWrapper | null)[], answer?: SQLWrapper): Promise<Row[]> {
	// `getSQL()`: a query builder put straight into `sql` would come wrapped in parentheses.
	const parts = writes.filter((w): w is SQLWrapper => w !== null).map((w, i) => sql`${sql.raw(`w${i}`)} as (${w.getSQL()})`);
	if (answer) parts.push(sql`answer as (${answer.getSQL()})`);
	const result = await db.execute(sql`with ${sql.join(parts, sql`, `)} ${answer ? sql`select * from answer` : sql`select 1`}`);
	return (result as unknown as { rows: Row[] }).rows;
}

/** A JSON list as the drivers hand it over (parsed, or as text). */
type JsonList = string[] | string;
const list = (value: JsonList): string[] => (typeof value === 'string' ? (JSON.parse(value) as string[]) : value);
