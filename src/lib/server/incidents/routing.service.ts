/**
 * Routing in the database: gathers the people of the incident's ward, province and IT
 * teams, lets the domain rules (domain/routing.ts) decide, and records each decision —
 * once per person and reason, whatever repeats — with a timeline line saying who was told.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { route, type Audience, type Recipient, type RouteTrigger, type Routing } from '$lib/domain/routing';
import { incidentEvents, incidentRecipients, incidentUnits, units, users, type Incident } from '../db/schema';
import type { Database } from '../db';
import type { Tx } from './grouping';

type RoutedIncident = Pick<Incident, 'id' | 'wardId' | 'category' | 'complexity'>;

/** Everything routing and the timers need to know of a ward, read in one statement. */
export interface WardContext {
	audience: Audience;
	/** The ward's own timer settings (null: the defaults). */
	timers: { escalateAfterMinutes: number | null; remindAfterMinutes: number | null };
}

type JsonColumn<T> = T | string;
const parsed = <T>(value: JsonColumn<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The people of the ward's Response Team, its province's Working Group and the province's IT
 * teams, and the ward's timer settings: one round trip, since every report needs them all
 * (a province's hundreds of desks report through here).
 */
export async function loadWardContext(tx: Database, wardId: string): Promise<WardContext> {
	const active = (role: string, unit: SQL) => sql`u.unit_id = ${unit} and u.role = ${role} and u.active`;
	const result = await tx.execute(sql`
		select w.parent_id as "provinceId",
			w.escalate_after_minutes as "escalateAfterMinutes",
			w.remind_after_minutes as "remindAfterMinutes",
			(select coalesce(json_agg(json_build_object('id', u.id, 'isLeader', u.is_leader, 'isDeputy', u.is_deputy) order by u.id), '[]')
				from ${users} u where ${active('ward_responder', sql`w.id`)}) as "team",
			(select coalesce(json_agg(u.id order by u.id), '[]')
				from ${users} u where ${active('province_team', sql`w.parent_id`)}) as "province",
			(select coalesce(json_agg(json_build_object('unitId', t.id, 'categories', t.categories, 'members',
					(select coalesce(json_agg(u.id order by u.id), '[]') from ${users} u where ${active('vendor_team', sql`t.id`)})
				) order by t.id), '[]')
				from ${units} t where t.parent_id = w.parent_id and t.kind = 'it_team' and t.active) as "itTeams"
		from ${units} w where w.id = ${wardId}`);
	const [row] = (result as unknown as { rows: WardRow[] }).rows;
	const team = row ? parsed(row.team) : [];
	const timers = { escalateAfterMinutes: row?.escalateAfterMinutes ?? null, remindAfterMinutes: row?.remindAfterMinutes ?? null };
	if (!row?.provinceId) return { audience: { team, province: { unitId: wardId, members: [] }, itTeams: [] }, timers };
	return {
		audience: { team, province: { unitId: row.provinceId, members: parsed(row.province) }, itTeams: parsed(row.itTeams) },
		timers
	};
}

interface WardRow {
	provinceId: string | null;
	escalateAfterMinutes: number | null;
	remindAfterMinutes: number | null;
	team: JsonColumn<Audience['team']>;
	province: JsonColumn<string[]>;
	itTeams: JsonColumn<Audience['itTeams']>;
}

export async function loadAudience(tx: Tx, wardId: string): Promise<Audience> {
	return (await loadWardContext(tx, wardId)).audience;
}

type NewEvent = typeof incidentEvents.$inferInsert;

export interface RoutingOutcome {
	/** Decisions made now (a repeat of an earlier one is not among them). */
	recipients: Recipient[];
	noLeader: boolean;
}

/** What routing the incident for a trigger writes: the units it reached, the decisions, the timeline line. */
export interface RoutingPlan {
	units: (typeof incidentUnits.$inferInsert)[];
	recipients: (typeof incidentRecipients.$inferInsert)[];
	/** The timeline line saying who was told and why, for these recipients. */
	event(recipients: readonly Recipient[]): NewEvent | null;
	routing: Routing;
}

/** Decides, with the ward's people already read; writes nothing. */
export function planRouting(incident: RoutedIncident, trigger: RouteTrigger, at: Date, audience: Audience): RoutingPlan {
	const routing = route(trigger, incident, audience);
	// The units the escalation reached: the IT teams (they may see it from now on) and the
	// province (which sees its wards anyway; the row is where it takes the escalation up).
	const hasProvince = audience.province.unitId !== incident.wardId;
	const reached = trigger === 'escalated' && hasProvince ? [...routing.teams, audience.province.unitId] : routing.teams;
	// The timeline says who was told and why — and, plainly, when the ward has no leader.
	const noLeaderMatters = routing.noLeader && incident.complexity === 'complex' && trigger === 'reported';
	return {
		units: reached.map((unitId) => ({ incidentId: incident.id, unitId, since: at })),
		recipients: routing.recipients.map((r) => ({ ...r, incidentId: incident.id, at })),
		event: (recipients) =>
			recipients.length || noLeaderMatters
				? {
						incidentId: incident.id,
						type: 'routed',
						at,
						data: { trigger, noLeader: noLeaderMatters, recipients: recipients.map((r) => r.userId), teams: routing.teams }
					}
				: null,
		routing
	};
}

/**
 * Routes the incident for `trigger`; `at` is when (the server's clock, or a timer's due
 * time). The IT teams it reaches are recorded so that they can see it from now on. A
 * decision made before (a timer run twice, an escalation after a reopen) is not made again.
 */
export async function routeIncident(tx: Tx, incident: RoutedIncident, trigger: RouteTrigger, at: Date): Promise<RoutingOutcome> {
	const plan = planRouting(incident, trigger, at, await loadAudience(tx, incident.wardId));
	if (plan.units.length) await tx.insert(incidentUnits).values(plan.units).onConflictDoNothing();
	const inserted = plan.recipients.length
		? await tx
				.insert(incidentRecipients)
				.values(plan.recipients)
				.onConflictDoNothing()
				.returning({ userId: incidentRecipients.userId, unitId: incidentRecipients.unitId, reason: incidentRecipients.reason })
		: [];
	const recipients = inserted as Recipient[];
	const event = plan.event(recipients);
	if (event) await tx.insert(incidentEvents).values(event);
	return { recipients, noLeader: plan.routing.noLeader };
}

/** The IT teams an incident has reached, for scoping live updates. */
export async function teamsOf(tx: Database, incidentId: string): Promise<string[]> {
	const rows = await tx
		.select({ unitId: incidentUnits.unitId })
		.from(incidentUnits)
		.innerJoin(units, eq(units.id, incidentUnits.unitId))
		.where(and(eq(incidentUnits.incidentId, incidentId), sql`${units.kind} = 'it_team'`));
	return rows.map((r) => r.unitId);
}
