/**
 * What each escalation timer does when it comes due (domain/timers.ts). Each checks, under
 * the incident's row lock, that it is still needed — an answer may have come a moment
 * before — and otherwise ends as 'skipped'.
 */
import { eq } from 'drizzle-orm';
import type { RouteTrigger } from '$lib/domain/routing';
import { incidentEvents, incidents, type Job } from '../db/schema';
import type { ChangeEffects } from './after-commit';
import type { Tx } from './grouping';
import type { JobHandler } from './jobs.service';
import { NEWS_OCCURRENCE } from '../notify/alerts';
import { reporterIdsOf } from './relations';
import { routeIncident } from './routing.service';

/** A handler that adds what it changed to `effects`, for the runner's after-commit work. */
export function timerHandler(effects: ChangeEffects): JobHandler {
	return async (tx, job, now) => {
		const [incident] = await tx.select().from(incidents).where(eq(incidents.id, job.incidentId)).limit(1).for('update');
		if (!incident || incident.mergedInto) return 'skipped';
		const unanswered = incident.status === 'reported' && !incident.acknowledgedAt;

		switch (job.kind) {
			case 'auto_escalate': {
				if (!unanswered || incident.complexity !== 'complex') return 'skipped';
				await tx
					.update(incidents)
					.set({ status: 'escalated', escalatedAt: now, version: incident.version + 1, updatedAt: now })
					.where(eq(incidents.id, incident.id));
				await systemEvent(tx, job, 'auto_escalated', now);
				await routeAndRecord(tx, effects, incident, 'escalated', now);
				// The reporters hear that their report went up to the province.
				const reporters = await reporterIdsOf(tx, incident.id);
				const reason = `escalated_for_reporter${NEWS_OCCURRENCE}${incident.version + 1}`;
				effects.recipients.push({ incidentId: incident.id, recipients: reporters.map((userId) => ({ userId, reason })) });
				return 'done';
			}
			case 'remind_team':
			case 'remind_leader': {
				if (!unanswered) return 'skipped';
				await systemEvent(tx, job, 'reminded', now, { who: job.kind === 'remind_team' ? 'team' : 'leader' });
				await routeAndRecord(tx, effects, incident, job.kind === 'remind_team' ? 'reminder_team' : 'reminder_leader', now);
				await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, incident.id));
				return 'done';
			}
			case 'auto_close': {
				if (incident.status !== 'resolved') return 'skipped';
				await tx
					.update(incidents)
					.set({ status: 'closed', closedAt: now, version: incident.version + 1, updatedAt: now })
					.where(eq(incidents.id, incident.id));
				await systemEvent(tx, job, 'auto_closed', now);
				effects.incidentIds.push(incident.id);
				return 'done';
			}
			default:
				return 'skipped';
		}
	};
}

async function systemEvent(tx: Tx, job: Job, type: string, at: Date, data?: Record<string, unknown>): Promise<void> {
	await tx.insert(incidentEvents).values({ incidentId: job.incidentId, type, actorId: null, at, data: { ...data, timer: job.kind } });
}

async function routeAndRecord(
	tx: Tx,
	effects: ChangeEffects,
	incident: Parameters<typeof routeIncident>[1],
	trigger: RouteTrigger,
	now: Date
): Promise<void> {
	const routed = await routeIncident(tx, incident, trigger, now);
	effects.incidentIds.push(incident.id);
	effects.recipients.push({ incidentId: incident.id, recipients: routed.recipients });
}
