/**
 * What follows a committed change to an incident: every open screen that may see it is told
 * (live updates), and the routing decisions made in the transaction go to the notification
 * layer. Both run after the commit, so nobody hears of a change that was rolled back, and
 * neither may fail the request that made the change.
 *
 * A new report does not even wait for them (`followUp`): the desk's answer is the commit,
 * and a hundred desks reporting at once are not held behind each other's alerts. Nothing is
 * lost if the process stops first: the delivery runner's sweep enqueues every recorded
 * decision that has no delivery, and screens refetch whenever their stream reopens.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { incidents, units } from '../db/schema';
import { publishChange as publish, type IncidentChange } from '../live';
import { getNotifier, type AlertRequest } from '../notify/notifier';
import { reporterIdsOf } from './relations';
import { teamsOf } from './routing.service';

export interface ChangeEffects {
	/** Incidents whose live update is read from the database after the commit. */
	incidentIds: string[];
	/** Live updates already known in full (a new report knows everything it changed). */
	changes?: IncidentChange[];
	recipients: { incidentId: string; recipients: AlertRequest[] }[];
}

export const noEffects = (): ChangeEffects => ({ incidentIds: [], recipients: [] });

export async function afterCommit(db: Database, effects: ChangeEffects): Promise<void> {
	// Each step on its own: one failing must not keep the others from happening. Routing
	// decisions missed here are enqueued by the delivery runner's sweep.
	for (const { incidentId, recipients } of effects.recipients) {
		if (recipients.length) await getNotifier().notify(incidentId, recipients).catch((err) => console.error('Handing alerts over failed:', err));
	}
	for (const change of effects.changes ?? []) await publish(change);
	for (const id of new Set(effects.incidentIds)) {
		await publishChange(db, id).catch((err) => console.error('Telling screens about an incident change failed:', err));
	}
}

const following = new Set<Promise<void>>();

/** Runs `afterCommit` once the current request has been answered; never throws. */
export function followUp(db: Database, effects: ChangeEffects): void {
	const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
		.then(() => afterCommit(db, effects))
		.catch((err) => console.error('Work after a commit failed:', err))
		.finally(() => following.delete(run));
	following.add(run);
}

/** Resolves when every follow-up started so far has finished (a clean shutdown, tests). */
export async function followUpsSettled(): Promise<void> {
	while (following.size) await Promise.all([...following]);
}

async function publishChange(db: Database, incidentId: string): Promise<void> {
	const [row] = await db
		.select({ incident: incidents, provinceId: units.parentId })
		.from(incidents)
		.innerJoin(units, eq(units.id, incidents.wardId))
		.where(eq(incidents.id, incidentId))
		.limit(1);
	if (!row) return;
	const [teamIds, reporterIds] = await Promise.all([teamsOf(db, incidentId), reporterIdsOf(db, incidentId)]);
	await publish({
		incidentId,
		wardId: row.incident.wardId,
		provinceId: row.provinceId ?? '',
		teamIds,
		reporterIds,
		version: row.incident.version,
		status: row.incident.status
	});
}
