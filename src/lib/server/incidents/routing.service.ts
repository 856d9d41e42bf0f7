/**
 * Routing in the database: gathers the people of the incident's ward, province and IT
 * teams, lets the domain rules (domain/routing.ts) decide, and records each decision —
 * once per person and reason, whatever repeats — with a timeline line saying who was told.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { route, type Audience, type Recipient, type RouteTrigger } from '$lib/domain/routing';
import { incidentEvents, incidentRecipients, incidentUnits, units, users, type Incident } from '../db/schema';
import type { Database } from '../db';
import type { Tx } from './grouping';

type RoutedIncident = Pick<Incident, 'id' | 'wardId' | 'category' | 'complexity'>;

export async function loadAudience(tx: Tx, wardId: string): Promise<Audience> {
	const [ward] = await tx.select({ parentId: units.parentId }).from(units).where(eq(units.id, wardId)).limit(1);
	const provinceId = ward?.parentId ?? null;
	const team = await tx
		.select({ id: users.id, isLeader: users.isLeader, isDeputy: users.isDeputy })
		.from(users)
		.where(and(eq(users.unitId, wardId), eq(users.role, 'ward_responder'), eq(users.active, true)));
	if (!provinceId) return { team, province: { unitId: wardId, members: [] }, itTeams: [] };

	const [provinceMembers, teams] = await Promise.all([
		tx
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.unitId, provinceId), eq(users.role, 'province_team'), eq(users.active, true))),
		tx
			.select({ id: units.id, categories: units.categories })
			.from(units)
			.where(and(eq(units.parentId, provinceId), eq(units.kind, 'it_team'), eq(units.active, true)))
	]);
	const teamMembers = teams.length
		? await tx
				.select({ id: users.id, unitId: users.unitId })
				.from(users)
				.where(
					and(
						inArray(
							users.unitId,
							teams.map((t) => t.id)
						),
						eq(users.role, 'vendor_team'),
						eq(users.active, true)
					)
				)
		: [];
	return {
		team,
		province: { unitId: provinceId, members: provinceMembers.map((m) => m.id) },
		itTeams: teams.map((t) => ({
			unitId: t.id,
			categories: t.categories,
			members: teamMembers.filter((m) => m.unitId === t.id).map((m) => m.id)
		}))
	};
}

export interface RoutingOutcome {
	/** Decisions made now (a repeat of an earlier one is not among them). */
	recipients: Recipient[];
	noLeader: boolean;
}

/**
 * Routes the incident for `trigger`; `at` is when (the server's clock, or a timer's due
 * time). The IT teams it reaches are recorded so that they can see it from now on.
 */
export async function routeIncident(tx: Tx, incident: RoutedIncident, trigger: RouteTrigger, at: Date): Promise<RoutingOutcome> {
	const audience = await loadAudience(tx, incident.wardId);
	const routing = route(trigger, incident, audience);

	// The units the escalation reached: the IT teams (they may see it from now on) and the
	// province (which sees its wards anyway; the row is where it takes the escalation up).
	const hasProvince = audience.province.unitId !== incident.wardId;
	const reached = trigger === 'escalated' && hasProvince ? [...routing.teams, audience.province.unitId] : routing.teams;
	if (reached.length) {
		await tx
			.insert(incidentUnits)
			.values(reached.map((unitId) => ({ incidentId: incident.id, unitId, since: at })))
			.onConflictDoNothing();
	}
	const inserted = routing.recipients.length
		? await tx
				.insert(incidentRecipients)
				.values(routing.recipients.map((r) => ({ ...r, incidentId: incident.id, at })))
				.onConflictDoNothing()
				.returning({ userId: incidentRecipients.userId, unitId: incidentRecipients.unitId, reason: incidentRecipients.reason })
		: [];
	const recipients = inserted as Recipient[];

	// The timeline says who was told and why — and, plainly, when the ward has no leader.
	const noLeaderMatters = routing.noLeader && incident.complexity === 'complex' && trigger === 'reported';
	if (recipients.length || noLeaderMatters) {
		await tx.insert(incidentEvents).values({
			incidentId: incident.id,
			type: 'routed',
			at,
			data: {
				trigger,
				noLeader: noLeaderMatters,
				recipients: recipients.map((r) => r.userId),
				teams: routing.teams
			}
		});
	}
	return { recipients, noLeader: routing.noLeader };
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
