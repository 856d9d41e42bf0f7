/**
 * How a person stands towards an incident (domain/lifecycle.ts `Relation`) and the facts the
 * lifecycle decides on, read inside the transaction that holds the incident's row lock.
 */
import { and, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { IncidentFacts, Relation } from '$lib/domain/lifecycle';
import { incidentEvents, incidentReports, incidentUnits, users, type Incident, type User } from '../db/schema';
import type { Scope } from '../scope';
import type { Database } from '../db';

export async function reporterIdsOf(tx: Database, incidentId: string): Promise<string[]> {
	const rows = await tx
		.selectDistinct({ id: incidentReports.reporterId })
		.from(incidentReports)
		.where(eq(incidentReports.incidentId, incidentId));
	return rows.map((r) => r.id);
}

async function wardHasLeader(tx: Database, wardId: string): Promise<boolean> {
	const [row] = await tx
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.unitId, wardId), eq(users.isLeader, true), eq(users.active, true), eq(users.role, 'ward_responder')))
		.limit(1);
	return Boolean(row);
}

/** The caller's relations; the scope has already shown the incident is visible to them. */
export async function relationsOf(
	tx: Database,
	user: User,
	scope: Scope,
	incident: Incident,
	reporterIds: readonly string[]
): Promise<Set<Relation>> {
	const relations = new Set<Relation>();
	if (reporterIds.includes(user.id)) {
		relations.add('reporter');
		if (reporterIds.length === 1 && incident.createdBy === user.id) relations.add('sole_reporter');
	}
	if (user.role === 'ward_responder' && scope.kind === 'ward' && scope.wardId === incident.wardId) {
		relations.add('team');
		if (user.isLeader || user.isDeputy || !(await wardHasLeader(tx, incident.wardId))) relations.add('lead');
	}
	if (user.role === 'desk_officer' && scope.kind === 'ward' && scope.wardId === incident.wardId) relations.add('colleague');
	if (user.role === 'province_team' && scope.kind === 'province') relations.add('province');
	if (user.role === 'vendor_team' && scope.kind === 'vendor') relations.add('vendor');
	return relations;
}

/** The unit through which a province or IT team member answers an escalation. */
export function answeringUnit(scope: Scope): string | null {
	if (scope.kind === 'province') return scope.provinceId;
	if (scope.kind === 'vendor') return scope.teamId;
	return null;
}

const PEOPLE_ACTIONS = ['acknowledge', 'assign', 'comment', 'reclassify', 'escalate', 'resolve'];

export async function factsOf(tx: Database, incident: Incident, reporterIds: readonly string[], scope: Scope): Promise<IncidentFacts> {
	const unit = answeringUnit(scope);
	const [[someoneActed], [unitRow]] = await Promise.all([
		tx
			.select({ id: incidentEvents.id })
			.from(incidentEvents)
			.where(
				and(
					eq(incidentEvents.incidentId, incident.id),
					inArray(incidentEvents.type, PEOPLE_ACTIONS),
					isNotNull(incidentEvents.actorId),
					reporterIds.length ? notInArray(incidentEvents.actorId, [...reporterIds]) : sql`true`
				)
			)
			.limit(1),
		unit
			? tx
					.select({ at: incidentUnits.acknowledgedAt })
					.from(incidentUnits)
					.where(and(eq(incidentUnits.incidentId, incident.id), eq(incidentUnits.unitId, unit)))
					.limit(1)
			: Promise.resolve([])
	]);
	return {
		status: incident.status,
		complexity: incident.complexity,
		acted: Boolean(someoneActed) || incident.acknowledgedAt !== null || incident.escalatedAt !== null,
		acknowledged: incident.acknowledgedAt !== null,
		escalated: incident.escalatedAt !== null,
		unitAcknowledged: Boolean(unitRow?.at),
		merged: incident.mergedInto !== null
	};
}
