/**
 * Merging a duplicate: two incidents turned out to be one failure. The duplicate's reports,
 * files and timeline move to the incident it duplicates, so nothing of it is lost and every
 * reporter follows the surviving incident; the duplicate keeps only a pointer to it.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { incidentAttachments, incidentEvents, incidentReports, incidents, type Incident } from '../db/schema';
import { ApiError } from '../http/api';
import { visibleIncidents, type Scope } from '../scope';
import type { Tx } from './grouping';
import { cancelTimers } from './jobs.service';
import { incidentIdOf } from './read.service';

const OPEN = ['reported', 'acknowledged', 'escalated'] as const;

/** Moves `duplicate` into `targetRef` (an incident or report id); returns the target's id. */
export async function mergeInto(
	tx: Tx,
	duplicate: Incident,
	targetRef: string,
	scope: Scope,
	now: Date
): Promise<string> {
	const targetId = await incidentIdOf(tx, targetRef);
	const [target] = targetId
		? await tx
				.select()
				.from(incidents)
				.where(and(eq(incidents.id, targetId), visibleIncidents(scope), isNull(incidents.mergedInto)))
				.limit(1)
				.for('update')
		: [];
	if (!target) throw new ApiError(404, 'not_found', { field: 'targetId' });
	// Only an open incident of the same ward can absorb a duplicate.
	if (target.id === duplicate.id || target.wardId !== duplicate.wardId || !OPEN.includes(target.status as (typeof OPEN)[number])) {
		throw new ApiError(409, 'merge_target_invalid', { field: 'targetId' });
	}

	await Promise.all([
		tx.update(incidentReports).set({ incidentId: target.id }).where(eq(incidentReports.incidentId, duplicate.id)),
		tx.update(incidentAttachments).set({ incidentId: target.id }).where(eq(incidentAttachments.incidentId, duplicate.id)),
		tx.update(incidentEvents).set({ incidentId: target.id }).where(eq(incidentEvents.incidentId, duplicate.id))
	]);
	await cancelTimers(tx, duplicate.id, ['auto_escalate', 'remind_team', 'remind_leader', 'auto_close'], 'merged');
	// The earlier start of the two is when the failure began.
	const startedAt = duplicate.startedAt < target.startedAt ? duplicate.startedAt : target.startedAt;
	await tx.update(incidents).set({ startedAt, updatedAt: now }).where(eq(incidents.id, target.id));
	return target.id;
}
