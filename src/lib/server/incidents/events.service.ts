/**
 * `POST /api/incidents/{id}/events`: one action on an incident (domain/lifecycle.ts decides
 * whether it is allowed). The incident's row is locked for the decision, so two people
 * acting at once are decided one after the other: the second is told who came first.
 * Every action becomes a timeline event with its actor, time and note, in the same
 * transaction as its effects (timers, routing, merge).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { decide, type IncidentEventBody, type LifecycleChanges } from '$lib/domain/lifecycle';
import type { RouteTrigger } from '$lib/domain/routing';
import { ANSWER_TIMER_KINDS, answerTimers, closeTimer } from '$lib/domain/timers';
import type { Database } from '../db';
import { incidentEvents, incidents, incidentUnits, users, type Incident, type User } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { ApiError } from '../http/api';
import { visibleIncidents, type Scope } from '../scope';
import { noEffects, type ChangeEffects } from './after-commit';
import type { Tx } from './grouping';
import { cancelTimers, scheduleTimers, wardTimerSettings } from './jobs.service';
import { mergeInto } from './merge';
import { incidentIdOf } from './read.service';
import { answeringUnit, factsOf, relationsOf, reporterIdsOf } from './relations';
import { NEWS_OCCURRENCE } from '../notify/alerts';
import { routeIncident } from './routing.service';

export interface EventInput {
	user: User;
	scope: Scope;
	/** The incident's id or any of its reports' ids (as in the path). */
	id: string;
	body: IncidentEventBody;
	now?: Date;
}

export interface EventResult {
	incidentId: string;
	/** The device sent this action before (outbox replay): nothing was done again. */
	repeat: boolean;
	effects: ChangeEffects;
}

/** Events that add to the record without changing what anyone decides on. */
const RECORD_ONLY: ReadonlySet<string> = new Set(['comment', 'outage_times']);

/** The types of event that record a person acting (what "who acted first" names). */
const ACTION_TYPES = [
	...['acknowledge', 'escalate', 'assign', 'reclassify', 'resolve', 'confirm', 'reopen', 'merge', 'withdraw'],
	...['auto_escalated', 'auto_closed']
];

export async function applyEvent(db: Database, input: EventInput): Promise<EventResult> {
	const replay = await findReplay(db, input);
	if (replay) return replay;
	const incidentId = await incidentIdOf(db, input.id);
	if (!incidentId) throw new ApiError(404, 'not_found');
	try {
		return await db.transaction((tx) => applyLocked(tx, input, incidentId));
	} catch (err) {
		// The same device action sent twice at once: the loser answers as a repeat.
		if (input.body.id && isUniqueViolation(err)) {
			const raced = await findReplay(db, input);
			if (raced) return raced;
		}
		throw err;
	}
}

async function findReplay(db: Database, { body, user, scope }: EventInput): Promise<EventResult | null> {
	if (!body.id) return null;
	const [done] = await db
		.select({ incidentId: incidentEvents.incidentId, actorId: incidentEvents.actorId, type: incidentEvents.type })
		.from(incidentEvents)
		.where(eq(incidentEvents.clientId, body.id))
		.limit(1);
	if (!done) return null;
	// An action on an incident the caller cannot see (another ward's) is not found, whoever
	// took it: a conflict would tell that the id was used there.
	if (!(await seesIncident(db, scope, done.incidentId))) throw new ApiError(404, 'not_found');
	if (done.actorId !== user.id || done.type !== body.type) throw new ApiError(409, 'event_conflict');
	return { incidentId: done.incidentId, repeat: true, effects: noEffects() };
}

async function seesIncident(db: Database, scope: Scope, incidentId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: incidents.id })
		.from(incidents)
		.where(and(eq(incidents.id, incidentId), visibleIncidents(scope)))
		.limit(1);
	return Boolean(row);
}

async function applyLocked(tx: Tx, input: EventInput, incidentId: string): Promise<EventResult> {
	const { user, scope, body } = input;
	const now = input.now ?? new Date();
	const [incident] = await tx
		.select()
		.from(incidents)
		.where(and(eq(incidents.id, incidentId), visibleIncidents(scope)))
		.limit(1)
		.for('update');
	if (!incident) throw new ApiError(404, 'not_found');

	const reporterIds = await reporterIdsOf(tx, incident.id);
	const relations = await relationsOf(tx, user, scope, incident, reporterIds);
	// Someone acted since this person looked: they decide again with what is true now.
	if (body.version !== undefined && body.version !== incident.version && !RECORD_ONLY.has(body.type)) {
		throw new ApiError(409, 'stale_version', await lastActor(tx, incident.id));
	}
	const facts = await factsOf(tx, incident, reporterIds, scope);
	const decision = decide(body.type, facts, relations, body.complexity);
	if (!decision.ok) {
		const params = decision.code === 'already_acknowledged' ? await lastActor(tx, incident.id) : {};
		throw new ApiError(decision.status, decision.code, params);
	}

	const effects = noEffects();
	effects.incidentIds.push(incident.id);
	const data: Record<string, unknown> = {};
	const set: Partial<Incident> = { status: decision.status, updatedAt: now };
	stampTimes(set, decision.changes, incident, user, now);
	const settings = await wardTimerSettings(tx, incident.wardId);
	// Routing is recorded after the action's own event, so the timeline reads in order.
	let routeAfter: { incident: Incident; trigger: RouteTrigger } | null = null;

	switch (body.type) {
		case 'acknowledge': {
			const unit = answeringUnit(scope);
			if (unit && !relations.has('team')) {
				await tx
					.insert(incidentUnits)
					.values({ incidentId: incident.id, unitId: unit, since: now, acknowledgedAt: now })
					.onConflictDoUpdate({ target: [incidentUnits.incidentId, incidentUnits.unitId], set: { acknowledgedAt: now } });
				data.unitId = unit;
			}
			await cancelTimers(tx, incident.id, ANSWER_TIMER_KINDS);
			break;
		}
		case 'escalate':
			await cancelTimers(tx, incident.id, ANSWER_TIMER_KINDS);
			routeAfter = { incident, trigger: 'escalated' };
			break;
		case 'assign': {
			await requireTeamMember(tx, incident.wardId, body.assigneeId!);
			set.assigneeId = body.assigneeId!;
			data.assigneeId = body.assigneeId;
			await cancelTimers(tx, incident.id, ANSWER_TIMER_KINDS);
			break;
		}
		case 'reclassify': {
			const complexity = body.complexity!;
			set.complexity = complexity;
			data.from = incident.complexity;
			data.to = complexity;
			await cancelTimers(tx, incident.id, ANSWER_TIMER_KINDS);
			// The complex path starts now: the leader and deputy are told, and the clock runs.
			if (complexity === 'complex') routeAfter = { incident: { ...incident, complexity }, trigger: 'reported' };
			if (!incident.acknowledgedAt) await scheduleTimers(tx, incident.id, answerTimers(complexity, settings, now));
			break;
		}
		case 'resolve':
			await cancelTimers(tx, incident.id, ANSWER_TIMER_KINDS);
			await scheduleTimers(tx, incident.id, [closeTimer(settings, now)]);
			break;
		case 'confirm':
			await cancelTimers(tx, incident.id, ['auto_close'], 'confirmed');
			break;
		case 'reopen':
			await cancelTimers(tx, incident.id, ['auto_close'], 'reopened');
			if (decision.status === 'reported') {
				await scheduleTimers(tx, incident.id, answerTimers(incident.complexity, settings, now));
			}
			break;
		case 'merge': {
			const target = await mergeInto(tx, incident, body.targetId!, scope, now);
			set.mergedInto = target;
			data.targetId = target;
			effects.incidentIds.push(target);
			break;
		}
		case 'withdraw':
			await cancelTimers(tx, incident.id, ['auto_escalate', 'remind_team', 'remind_leader', 'auto_close'], 'withdrawn');
			break;
		case 'outage_times': {
			const from = new Date(body.from!);
			const to = new Date(body.to!);
			// A device clock may be off a little; an end far in the future is a wrong clock.
			if (to.getTime() > now.getTime() + 10 * 60_000) throw new ApiError(400, 'validation_failed', { field: 'to', detail: 'in_future' });
			data.from = from.toISOString();
			data.to = to.toISOString();
			break;
		}
		case 'comment':
			break;
	}

	// A comment or a device's record changes nothing anyone decides on: others' view stays current.
	if (!RECORD_ONLY.has(body.type)) set.version = incident.version + 1;
	await tx.update(incidents).set(set).where(eq(incidents.id, incident.id));
	await tx.insert(incidentEvents).values({
		incidentId: body.type === 'merge' ? (set.mergedInto as string) : incident.id,
		type: body.type,
		actorId: user.id,
		note: body.note ?? null,
		data: Object.keys(data).length ? data : null,
		clientId: body.id ?? null,
		at: now
	});
	// The reporters hear back: taken up, escalated, fixed (not of their own doing).
	const news = reporterNews(body.type, decision.changes, incident);
	if (news) {
		const others = reporterIds.filter((id) => id !== user.id);
		// Tagged with the incident's new version: a second resolution after a reopen is news again.
		const reason = `${news}${NEWS_OCCURRENCE}${incident.version + 1}`;
		if (others.length) effects.recipients.push({ incidentId: incident.id, recipients: others.map((userId) => ({ userId, reason })) });
	}
	if (routeAfter) {
		const routed = await routeIncident(tx, routeAfter.incident, routeAfter.trigger, now);
		effects.recipients.push({ incidentId: incident.id, recipients: routed.recipients });
	}
	return { incidentId: incident.id, repeat: false, effects };
}

/** The response times a transition stamps; the first answer is kept, not overwritten. */
function stampTimes(set: Partial<Incident>, changes: LifecycleChanges, incident: Incident, user: User, now: Date): void {
	if (changes.acknowledge && !incident.acknowledgedAt) {
		set.acknowledgedAt = now;
		set.acknowledgedBy = user.id;
	}
	if (changes.escalate) set.escalatedAt = now;
	if (changes.resolve) set.resolvedAt = now;
	if (changes.close) set.closedAt = now;
	if (changes.reopen) {
		set.resolvedAt = null;
		set.closedAt = null;
	}
}

async function requireTeamMember(tx: Tx, wardId: string, userId: string): Promise<void> {
	const [member] = await tx
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.unitId, wardId), eq(users.role, 'ward_responder'), eq(users.active, true)))
		.limit(1);
	if (!member) throw new ApiError(400, 'assignee_invalid', { field: 'assigneeId' });
}

/** Who acted last and how, for "someone acted first" refusals. */
async function lastActor(tx: Tx, incidentId: string): Promise<{ name: string; action: string }> {
	const [row] = await tx
		.select({ name: users.fullName, type: incidentEvents.type })
		.from(incidentEvents)
		.leftJoin(users, eq(users.id, incidentEvents.actorId))
		.where(and(eq(incidentEvents.incidentId, incidentId), inArray(incidentEvents.type, ACTION_TYPES)))
		.orderBy(desc(incidentEvents.at), desc(incidentEvents.seq))
		.limit(1);
	// An empty name is the system (a timer); the message says so in the caller's language.
	return { name: row?.name ?? '', action: row?.type ?? '' };
}

function reporterNews(type: string, changes: LifecycleChanges, incident: Incident): string | null {
	if (type === 'escalate') return 'escalated_for_reporter';
	if (type === 'resolve') return 'resolved';
	if (changes.acknowledge && !incident.acknowledgedAt) return 'acknowledged';
	return null;
}
