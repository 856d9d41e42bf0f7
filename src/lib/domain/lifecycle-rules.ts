/**
 * The incident lifecycle (DESIGN.md §5): who may do what to an incident, from which state,
 * and where it leads. Pure, so that the server decides with it and the phone can grey out
 * a button the server would refuse anyway; free of zod (the event body's schema is in
 * lifecycle.ts), so a page offering actions does not load it.
 *
 *   reported → acknowledged → escalated → resolved → closed
 *
 * Auto-escalation may go straight from reported to escalated; a resolved incident closes on
 * the reporter's confirmation or after a few days without objection; reopen takes it back.
 * Withdrawn is the reporter taking it back before anyone acted.
 */
import type { Complexity } from './incident-catalog';
import type { IncidentStatus } from './incident';

export const EVENT_TYPES = [
	'acknowledge',
	'escalate',
	'assign',
	'comment',
	'reclassify',
	'resolve',
	'confirm',
	'reopen',
	'merge',
	'withdraw',
	// A device's own record of a lost connection (its real start and end), added to the
	// outage already reported instead of a second report: offered when the network is back.
	'outage_times'
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const NOTE_MAX = 2000;

/**
 * How the actor stands towards this incident; a person may hold several relations (a team
 * member who also filed a report).
 */
export type Relation =
	/** Filed one of its reports. */
	| 'reporter'
	/** Filed its first report and is its only reporter. */
	| 'sole_reporter'
	/** A Response Team member of its ward. */
	| 'team'
	/** The ward's leader or deputy — or any team member while the ward has no active leader. */
	| 'lead'
	/** The Provincial Working Group of its province. */
	| 'province'
	/** An IT enterprise team it was escalated to. */
	| 'vendor'
	/** A desk officer of its ward (who may have lived through the same outage). */
	| 'colleague';

export interface IncidentFacts {
	status: IncidentStatus;
	complexity: Complexity;
	/** Somebody other than its reporters has acted (acknowledged, assigned, commented…). */
	acted: boolean;
	acknowledged: boolean;
	escalated: boolean;
	/** The actor's IT team or province already acknowledged the escalation. */
	unitAcknowledged: boolean;
	/** Merged into another incident as a duplicate: it lives on there, not here. */
	merged: boolean;
}

export type Decision =
	| { ok: true; status: IncidentStatus; changes: LifecycleChanges }
	| { ok: false; status: 403 | 409; code: RefusalCode };

export type RefusalCode =
	| 'event_forbidden'
	| 'event_not_allowed'
	| 'already_acknowledged'
	| 'escalate_simple'
	| 'same_complexity'
	| 'withdraw_after_action'
	| 'withdraw_shared';

/** Which response times the transition stamps (kept for response figures). */
export interface LifecycleChanges {
	acknowledge?: true;
	escalate?: true;
	resolve?: true;
	close?: true;
	/** The resolution no longer stands. */
	reopen?: true;
}

const OPEN: readonly IncidentStatus[] = ['reported', 'acknowledged', 'escalated'];
const isOpen = (s: IncidentStatus) => OPEN.includes(s);

/** Who may take each action at all (the state is checked after). */
const ALLOWED: Record<EventType, readonly Relation[]> = {
	acknowledge: ['team', 'lead', 'province', 'vendor'],
	escalate: ['lead', 'province'],
	assign: ['lead'],
	comment: ['reporter', 'team', 'lead', 'province', 'vendor'],
	reclassify: ['lead', 'province'],
	resolve: ['team', 'lead', 'province', 'vendor'],
	confirm: ['reporter'],
	reopen: ['reporter', 'team', 'lead', 'province'],
	merge: ['lead', 'province'],
	withdraw: ['reporter'],
	outage_times: ['reporter', 'colleague', 'team', 'lead']
};

/** Recorded by a device on its own, never offered as a button. */
export const DEVICE_EVENTS: ReadonlySet<EventType> = new Set(['outage_times']);

export function mayAttempt(type: EventType, relations: ReadonlySet<Relation>): boolean {
	return ALLOWED[type].some((r) => relations.has(r));
}

const refuse = (status: 403 | 409, code: RefusalCode): Decision => ({ ok: false, status, code });
const to = (status: IncidentStatus, changes: LifecycleChanges = {}): Decision => ({ ok: true, status, changes });
const notNow = refuse(409, 'event_not_allowed');

/** Decides one action. `status` is where the incident goes (often where it is). */
export function decide(type: EventType, facts: IncidentFacts, relations: ReadonlySet<Relation>, complexity?: Complexity): Decision {
	if (!mayAttempt(type, relations)) return refuse(403, 'event_forbidden');
	const { status } = facts;
	const ward = relations.has('team') || relations.has('lead');
	switch (type) {
		case 'acknowledge':
			if (!isOpen(status)) return notNow;
			if (ward) {
				if (facts.acknowledged) return refuse(409, 'already_acknowledged');
				// Escalated by the timer before anyone answered: the ward answers now.
				return to(status === 'reported' ? 'acknowledged' : status, { acknowledge: true });
			}
			// An IT team takes up what was escalated to it; the province may say "we are on it"
			// at any time (it hears at once of a complex incident in a ward with no leader).
			if (!relations.has('province') && status !== 'escalated') return notNow;
			if (facts.unitAcknowledged) return refuse(409, 'already_acknowledged');
			return to(status);
		case 'escalate':
			if (status !== 'reported' && status !== 'acknowledged') return notNow;
			if (facts.complexity !== 'complex') return refuse(409, 'escalate_simple');
			// The ward's leader escalating is the ward's answer too.
			return to('escalated', ward && !facts.acknowledged ? { escalate: true, acknowledge: true } : { escalate: true });
		case 'assign':
			if (!isOpen(status)) return notNow;
			// Handing it to someone is answering it.
			return to(status === 'reported' ? 'acknowledged' : status, facts.acknowledged ? {} : { acknowledge: true });
		case 'comment':
			return to(status);
		case 'reclassify':
			if (status !== 'reported' && status !== 'acknowledged') return notNow;
			if (complexity === facts.complexity) return refuse(409, 'same_complexity');
			return to(status);
		case 'resolve':
			if (!isOpen(status)) return notNow;
			// An IT team resolves what reached it; the ward may fix a simple one before answering.
			if (relations.has('vendor') && !ward && !relations.has('province') && status !== 'escalated') return notNow;
			return to('resolved', facts.acknowledged ? { resolve: true } : { resolve: true, acknowledge: true });
		case 'confirm':
			if (status !== 'resolved') return notNow;
			return to('closed', { close: true });
		case 'reopen':
			if ((status !== 'resolved' && status !== 'closed') || facts.merged) return notNow;
			return to(facts.escalated ? 'escalated' : facts.acknowledged ? 'acknowledged' : 'reported', { reopen: true });
		case 'merge':
			if (!isOpen(status)) return notNow;
			return to('closed', { close: true });
		case 'outage_times':
			// What the outage really lasted stays worth knowing after the fix, not after a withdrawal.
			if (status === 'withdrawn' || facts.merged) return notNow;
			return to(status);
		case 'withdraw':
			if (status !== 'reported') return notNow;
			if (!relations.has('sole_reporter')) return refuse(409, 'withdraw_shared');
			if (facts.acted) return refuse(409, 'withdraw_after_action');
			return to('withdrawn', { close: true });
	}
}

/** Which actions to offer this person now: exactly those `decide` would accept, but a device's own records. */
export function availableActions(facts: IncidentFacts, relations: ReadonlySet<Relation>): EventType[] {
	return EVENT_TYPES.filter((type) => {
		if (DEVICE_EVENTS.has(type)) return false;
		const complexity = type === 'reclassify' ? (facts.complexity === 'simple' ? 'complex' : 'simple') : undefined;
		return decide(type, facts, relations, complexity).ok;
	});
}
