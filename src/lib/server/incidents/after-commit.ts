/**
 * What follows a committed change to an incident: every open screen that may see it is told
 * (live updates), and the routing decisions made in the transaction go to the notification
 * layer. Both run after the commit, so nobody hears of a change that was rolled back, and
 * neither may fail the request that made the change.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { incidents, units } from '../db/schema';
import { publishChange as publish } from '../live';
import { getNotifier, type AlertRequest } from '../notify/notifier';
import { reporterIdsOf } from './relations';
import { teamsOf } from './routing.service';

export interface ChangeEffects {
	incidentIds: string[];
	recipients: { incidentId: string; recipients: AlertRequest[] }[];
}

export const noEffects = (): ChangeEffects => ({ incidentIds: [], recipients: [] });

export async function afterCommit(db: Database, effects: ChangeEffects): Promise<void> {
	// Each step on its own: one failing must not keep the others from happening. Routing
	// decisions missed here are enqueued by the delivery runner's sweep.
	for (const { incidentId, recipients } of effects.recipients) {
		if (recipients.length) await getNotifier().notify(incidentId, recipients).catch((err) => console.error('Handing alerts over failed:', err));
	}
	for (const id of new Set(effects.incidentIds)) {
		await publishChange(db, id).catch((err) => console.error('Telling screens about an incident change failed:', err));
	}
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
