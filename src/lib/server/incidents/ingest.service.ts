/**
 * `PUT /api/incidents/{id}`: the device-made report id is the idempotency key. The first
 * send creates (a new incident, or a place in an open one — grouping.ts); a repeat with the
 * same fields is answered as before; the same id with other fields is a conflict, never an
 * overwrite.
 */
import { eq, sql } from 'drizzle-orm';
import { getCategory } from '$lib/domain/incident-catalog';
import { sameReport, type Report } from '$lib/domain/report';
import type { Database } from '../db';
import { answerTimers } from '$lib/domain/timers';
import { incidentEvents, incidentReports, incidents, type Incident, type User } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import type { ChangeEffects } from './after-commit';
import { onServerClock } from './clock';
import { findGroupIncident, lockGrouping, type Tx } from './grouping';
import { scheduleTimers, wardTimerSettings } from './jobs.service';
import { reportColumns, reportOfRow } from './report-row';
import { routeIncident } from './routing.service';

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
	| { kind: 'repeat'; incidentId: string }
	| { kind: 'conflict' };

export async function ingestReport(db: Database, input: IngestInput): Promise<IngestResult> {
	const known = await compareWithStored(db, input);
	if (known) return known;
	try {
		return await db.transaction((tx) => insertReport(tx, input));
	} catch (err) {
		// The same id sent twice at once (two tabs, or the phone and the PC): the loser of the
		// insert race answers as a repeat of the winner.
		if (isUniqueViolation(err)) {
			const raced = await compareWithStored(db, input);
			if (raced) return raced;
		}
		throw err;
	}
}

async function compareWithStored(db: Database, input: IngestInput): Promise<IngestResult | null> {
	const [stored] = await db.select().from(incidentReports).where(eq(incidentReports.id, input.reportId)).limit(1);
	if (!stored) return null;
	// Another person's report under this id is not "the same report", whatever it says.
	const same = stored.reporterId === input.reporter.id && sameReport(reportOfRow(stored), input.report);
	return same ? { kind: 'repeat', incidentId: stored.incidentId } : { kind: 'conflict' };
}

async function insertReport(tx: Tx, input: IngestInput): Promise<IngestResult> {
	const { report, reporter, wardId, reportId, clockSkewMs } = input;
	const startedAt = onServerClock(report.startedAt, clockSkewMs);
	const shared = getCategory(report.category).sharedFailure;

	let joined: string | null = null;
	if (shared) {
		await lockGrouping(tx, wardId, report.category);
		joined = await findGroupIncident(tx, wardId, report.category, startedAt);
	}
	const columns = reportColumns(report);

	const now = input.receivedAt ?? new Date();
	let created: Incident | undefined;
	if (!joined) {
		// The report's `createdAt` is a device time; the incident's `created_at` is the server's.
		const { createdAt: _deviceTime, ...facts } = columns;
		[created] = await tx
			.insert(incidents)
			.values({
				...facts,
				id: reportId,
				wardId,
				startedAt,
				reportedAt: onServerClock(report.createdAt, clockSkewMs),
				createdBy: reporter.id,
				createdAt: now,
				updatedAt: now
			})
			.returning();
	}
	const incidentId = joined ?? reportId;
	await tx.insert(incidentReports).values({
		...columns,
		id: reportId,
		incidentId,
		reporterId: reporter.id,
		wardId,
		clockSkewMs,
		serverStartedAt: startedAt
	});
	if (joined) {
		await tx
			.update(incidents)
			.set({
				startedAt: sql`least(${incidents.startedAt}, ${startedAt.toISOString()}::timestamptz)`,
				updatedAt: sql`now()`
			})
			.where(eq(incidents.id, joined));
	}
	await tx.insert(incidentEvents).values({
		incidentId,
		type: joined ? 'report_grouped' : 'reported',
		actorId: reporter.id,
		reportId,
		at: now
	});
	const effects: ChangeEffects = { incidentIds: [incidentId], recipients: [] };
	if (created) {
		// A new incident: the right people are told, and the clock for an answer starts.
		const routed = await routeIncident(tx, created, 'reported', now);
		effects.recipients.push({ incidentId, recipients: routed.recipients });
		await scheduleTimers(tx, incidentId, answerTimers(created.complexity, await wardTimerSettings(tx, wardId), now));
	}
	return { kind: 'created', incidentId, grouped: joined !== null, effects };
}
