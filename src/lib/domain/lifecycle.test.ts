import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, type IncidentStatus } from './incident';
import type { Complexity } from './incident-catalog';
import {
	DEVICE_EVENTS,
	EVENT_TYPES,
	NOTE_MAX,
	availableActions,
	decide,
	incidentEventSchema,
	mayAttempt,
	type Decision,
	type EventType,
	type IncidentFacts,
	type LifecycleChanges,
	type RefusalCode,
	type Relation
} from './lifecycle';

/** An incident of Phường Thái Hòa: complex (the section's Internet is down) unless told otherwise. */
function facts(status: IncidentStatus, overrides: Partial<IncidentFacts> = {}): IncidentFacts {
	return {
		status,
		complexity: 'complex',
		acted: false,
		acknowledged: false,
		escalated: false,
		unitAcknowledged: false,
		merged: false,
		...overrides
	};
}

const rel = (...relations: Relation[]): ReadonlySet<Relation> => new Set(relations);

/** The people around an incident, as the server would describe them. */
const WHO = {
	/** Nguyễn Thị Lan, desk officer, one of several reporters. */
	reporter: rel('reporter'),
	/** Nguyễn Thị Lan, who filed the first and only report. */
	sole_reporter: rel('reporter', 'sole_reporter'),
	/** Lê Minh Tuấn, a member of the ward's Response Team. */
	team: rel('team'),
	/** Trần Văn Hùng, the team's leader (a leader is always also a team member). */
	lead: rel('team', 'lead'),
	/** Phạm Thu Hà, of the Provincial Working Group. */
	province: rel('province'),
	/** Hoàng Đức Anh, of the IT enterprise team. */
	vendor: rel('vendor'),
	/** Another desk officer of the ward, who did not report it. */
	colleague: rel('colleague'),
	/** An administrator, or someone unrelated to the incident. */
	nobody: rel()
} as const;
type Who = keyof typeof WHO;
const WHO_ORDER: readonly Who[] = ['reporter', 'sole_reporter', 'team', 'lead', 'province', 'vendor', 'colleague', 'nobody'];

const ok = (status: IncidentStatus, changes: LifecycleChanges = {}): Decision => ({ ok: true, status, changes });
const conflict = (code: RefusalCode): Decision => ({ ok: false, status: 409, code });
const FORBIDDEN: Decision = { ok: false, status: 403, code: 'event_forbidden' };
const NOT_NOW = conflict('event_not_allowed');

describe('who may attempt each action', () => {
	/**
	 * Per type, a situation in which the action would be possible for whoever is allowed it,
	 * so that a refusal there can only be the permission.
	 */
	const POSSIBLE: Record<EventType, { facts: IncidentFacts; complexity?: Complexity }> = {
		// Escalated by the timer before anyone answered: the ward, the province and the IT team may all take it up.
		acknowledge: { facts: facts('escalated', { acted: true, escalated: true }) },
		escalate: { facts: facts('reported') },
		assign: { facts: facts('reported') },
		comment: { facts: facts('acknowledged', { acted: true, acknowledged: true }) },
		reclassify: { facts: facts('reported'), complexity: 'simple' },
		// Escalated, so that an IT team may resolve it too.
		resolve: { facts: facts('escalated', { acted: true, acknowledged: true, escalated: true }) },
		confirm: { facts: facts('resolved', { acted: true, acknowledged: true }) },
		reopen: { facts: facts('resolved', { acted: true, acknowledged: true }) },
		merge: { facts: facts('reported') },
		withdraw: { facts: facts('reported') },
		outage_times: { facts: facts('acknowledged', { acted: true, acknowledged: true }) }
	};

	/**
	 * The rules, written out: 'ok' = accepted, '403' = forbidden to this person, any other
	 * value = the 409 the person gets although they may attempt it.
	 */
	type Cell = 'ok' | '403' | RefusalCode;
	// prettier-ignore
	const EXPECTED: Record<EventType, readonly Cell[]> = {
		//            reporter           sole   team   lead   province vendor colleague nobody
		acknowledge: ['403',             '403', 'ok',  'ok',  'ok',    'ok',  '403',    '403'],
		escalate:    ['403',             '403', '403', 'ok',  'ok',    '403', '403',    '403'],
		assign:      ['403',             '403', '403', 'ok',  '403',   '403', '403',    '403'],
		comment:     ['ok',              'ok',  'ok',  'ok',  'ok',    'ok',  '403',    '403'],
		reclassify:  ['403',             '403', '403', 'ok',  'ok',    '403', '403',    '403'],
		resolve:     ['403',             '403', 'ok',  'ok',  'ok',    'ok',  '403',    '403'],
		confirm:     ['ok',              'ok',  '403', '403', '403',   '403', '403',    '403'],
		reopen:      ['ok',              'ok',  'ok',  'ok',  'ok',    '403', '403',    '403'],
		merge:       ['403',             '403', '403', 'ok',  'ok',    '403', '403',    '403'],
		withdraw:    ['withdraw_shared', 'ok',  '403', '403', '403',   '403', '403',    '403'],
		// A device adds the times of an outage its officer lived through, reporter or not.
		outage_times: ['ok',             'ok',  'ok',  'ok',  '403',   '403', 'ok',     '403']
	};

	const rows = EVENT_TYPES.flatMap((type) => WHO_ORDER.map((who, i) => ({ type, who, cell: EXPECTED[type][i]! })));

	it('has a row for every event type and a column for every kind of person', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual([...EVENT_TYPES].sort());
		for (const type of EVENT_TYPES) expect(EXPECTED[type]).toHaveLength(WHO_ORDER.length);
		expect(rows).toHaveLength(EVENT_TYPES.length * WHO_ORDER.length);
	});

	it.each(rows)('$type by $who: $cell', ({ type, who, cell }) => {
		const { facts: situation, complexity } = POSSIBLE[type];
		const decision = decide(type, situation, WHO[who], complexity);
		expect(mayAttempt(type, WHO[who])).toBe(cell !== '403');
		if (cell === '403') expect(decision).toEqual(FORBIDDEN);
		else if (cell === 'ok') expect(decision.ok).toBe(true);
		else expect(decision).toEqual(conflict(cell));
	});

	it('refuses with 403 before looking at the state', () => {
		// Nothing could be done to a withdrawn incident anyway; an admin still hears "forbidden", not "not now".
		for (const type of EVENT_TYPES) expect(decide(type, facts('withdrawn'), WHO.nobody, 'simple')).toEqual(FORBIDDEN);
		expect(decide('assign', facts('closed'), WHO.vendor)).toEqual(FORBIDDEN);
	});

	it('grants a person holding several relations what any of them allows', () => {
		// A team member who also filed the report may both confirm and resolve.
		const both = rel('reporter', 'team');
		expect(mayAttempt('confirm', both)).toBe(true);
		expect(mayAttempt('resolve', both)).toBe(true);
		expect(mayAttempt('assign', both)).toBe(false);
		expect(decide('confirm', facts('resolved', { acknowledged: true, acted: true }), both)).toEqual(ok('closed', { close: true }));
	});
});

describe('where each action leads from each state', () => {
	/** Facts as they are in each state of a complex incident the leader answered before escalating. */
	const IN: Record<IncidentStatus, IncidentFacts> = {
		reported: facts('reported'),
		acknowledged: facts('acknowledged', { acted: true, acknowledged: true }),
		escalated: facts('escalated', { acted: true, acknowledged: true, escalated: true }),
		resolved: facts('resolved', { acted: true, acknowledged: true }),
		closed: facts('closed', { acted: true, acknowledged: true }),
		withdrawn: facts('withdrawn')
	};

	/** Per type, someone allowed to attempt it, and what they get from each status. */
	const TABLE: Record<EventType, { who: Who; complexity?: Complexity; from: Record<IncidentStatus, Decision> }> = {
		acknowledge: {
			who: 'team',
			from: {
				reported: ok('acknowledged', { acknowledge: true }),
				acknowledged: conflict('already_acknowledged'),
				escalated: conflict('already_acknowledged'),
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		escalate: {
			who: 'lead',
			from: {
				// The leader escalating is also the ward's answer.
				reported: ok('escalated', { escalate: true, acknowledge: true }),
				acknowledged: ok('escalated', { escalate: true }),
				escalated: NOT_NOW,
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		assign: {
			who: 'lead',
			from: {
				reported: ok('acknowledged', { acknowledge: true }),
				acknowledged: ok('acknowledged'),
				escalated: ok('escalated'),
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		comment: {
			who: 'reporter',
			from: {
				reported: ok('reported'),
				acknowledged: ok('acknowledged'),
				escalated: ok('escalated'),
				resolved: ok('resolved'),
				closed: ok('closed'),
				withdrawn: ok('withdrawn')
			}
		},
		reclassify: {
			who: 'lead',
			complexity: 'simple',
			from: {
				reported: ok('reported'),
				acknowledged: ok('acknowledged'),
				escalated: NOT_NOW,
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		resolve: {
			who: 'team',
			from: {
				reported: ok('resolved', { resolve: true, acknowledge: true }),
				acknowledged: ok('resolved', { resolve: true }),
				escalated: ok('resolved', { resolve: true }),
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		confirm: {
			who: 'reporter',
			from: {
				reported: NOT_NOW,
				acknowledged: NOT_NOW,
				escalated: NOT_NOW,
				resolved: ok('closed', { close: true }),
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		reopen: {
			who: 'reporter',
			from: {
				reported: NOT_NOW,
				acknowledged: NOT_NOW,
				escalated: NOT_NOW,
				resolved: ok('acknowledged', { reopen: true }),
				closed: ok('acknowledged', { reopen: true }),
				withdrawn: NOT_NOW
			}
		},
		merge: {
			who: 'lead',
			from: {
				reported: ok('closed', { close: true }),
				acknowledged: ok('closed', { close: true }),
				escalated: ok('closed', { close: true }),
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		withdraw: {
			who: 'sole_reporter',
			from: {
				reported: ok('withdrawn', { close: true }),
				acknowledged: NOT_NOW,
				escalated: NOT_NOW,
				resolved: NOT_NOW,
				closed: NOT_NOW,
				withdrawn: NOT_NOW
			}
		},
		outage_times: {
			who: 'colleague',
			from: {
				reported: ok('reported'),
				acknowledged: ok('acknowledged'),
				escalated: ok('escalated'),
				resolved: ok('resolved'),
				closed: ok('closed'),
				withdrawn: NOT_NOW
			}
		}
	};

	const rows = EVENT_TYPES.flatMap((type) =>
		INCIDENT_STATUSES.map((status) => ({ type, status, who: TABLE[type].who, expected: TABLE[type].from[status] }))
	);

	it('covers every type from every status', () => {
		expect(rows).toHaveLength(EVENT_TYPES.length * INCIDENT_STATUSES.length);
		expect(INCIDENT_STATUSES).toEqual(['reported', 'acknowledged', 'escalated', 'resolved', 'closed', 'withdrawn']);
	});

	it.each(rows)('$type by $who from $status', ({ type, status, who, expected }) => {
		expect(decide(type, IN[status], WHO[who], TABLE[type].complexity)).toEqual(expected);
	});

	describe('acknowledge', () => {
		it('by the team, of a new incident: acknowledged, with the answer stamped', () => {
			expect(decide('acknowledge', facts('reported'), WHO.team)).toEqual(ok('acknowledged', { acknowledge: true }));
			expect(decide('acknowledge', facts('reported', { complexity: 'simple' }), WHO.lead)).toEqual(
				ok('acknowledged', { acknowledge: true })
			);
		});

		it('by the team, when someone already acknowledged: 409 already_acknowledged', () => {
			const answered = facts('acknowledged', { acted: true, acknowledged: true });
			expect(decide('acknowledge', answered, WHO.team)).toEqual(conflict('already_acknowledged'));
			expect(decide('acknowledge', answered, WHO.lead)).toEqual(conflict('already_acknowledged'));
		});

		it('by the team, of an incident the timer escalated before anyone answered: stays escalated, answer stamped', () => {
			const byTimer = facts('escalated', { acted: true, escalated: true });
			expect(decide('acknowledge', byTimer, WHO.team)).toEqual(ok('escalated', { acknowledge: true }));
			expect(decide('acknowledge', byTimer, WHO.lead)).toEqual(ok('escalated', { acknowledge: true }));
			// The province having taken it up does not stand for the ward's answer.
			expect(decide('acknowledge', { ...byTimer, unitAcknowledged: true }, WHO.lead)).toEqual(
				ok('escalated', { acknowledge: true })
			);
		});

		it.each(['province', 'vendor'] as const)('by the %s: takes it up for its unit, without stamping the ward’s answer', (who) => {
			expect(decide('acknowledge', facts('escalated', { acted: true, escalated: true }), WHO[who])).toEqual(ok('escalated'));
			// Even after the ward answered: each unit takes up the escalation for itself.
			expect(
				decide('acknowledge', facts('escalated', { acted: true, acknowledged: true, escalated: true }), WHO[who])
			).toEqual(ok('escalated'));
			for (const status of ['resolved', 'closed', 'withdrawn'] as const) {
				expect(decide('acknowledge', facts(status), WHO[who])).toEqual(NOT_NOW);
			}
		});

		it('an IT team only once escalated; the province at any open time (it hears at once when the ward has no leader)', () => {
			for (const status of ['reported', 'acknowledged'] as const) {
				expect(decide('acknowledge', facts(status), WHO.vendor)).toEqual(NOT_NOW);
				expect(decide('acknowledge', facts(status), WHO.province)).toEqual(ok(status));
			}
		});

		it.each(['province', 'vendor'] as const)('by the %s, when their unit already acknowledged: 409 already_acknowledged', (who) => {
			const taken = facts('escalated', { acted: true, acknowledged: true, escalated: true, unitAcknowledged: true });
			expect(decide('acknowledge', taken, WHO[who])).toEqual(conflict('already_acknowledged'));
		});
	});

	describe('escalate', () => {
		it('a complex incident, from reported (no answer yet) and from acknowledged', () => {
			expect(decide('escalate', facts('reported'), WHO.lead)).toEqual(ok('escalated', { escalate: true, acknowledge: true }));
			expect(decide('escalate', facts('acknowledged', { acted: true, acknowledged: true }), WHO.lead)).toEqual(
				ok('escalated', { escalate: true })
			);
			// The province, told at once about a ward without leader, may escalate too.
			expect(decide('escalate', facts('reported'), WHO.province)).toEqual(ok('escalated', { escalate: true }));
		});

		it('a simple incident: 409 escalate_simple (reclassify it first)', () => {
			expect(decide('escalate', facts('reported', { complexity: 'simple' }), WHO.lead)).toEqual(conflict('escalate_simple'));
			expect(
				decide('escalate', facts('acknowledged', { complexity: 'simple', acted: true, acknowledged: true }), WHO.province)
			).toEqual(conflict('escalate_simple'));
		});

		it('not twice, and not once resolved', () => {
			expect(decide('escalate', facts('escalated', { escalated: true, acted: true }), WHO.lead)).toEqual(NOT_NOW);
			expect(decide('escalate', facts('resolved', { complexity: 'simple', acknowledged: true }), WHO.lead)).toEqual(NOT_NOW);
		});
	});

	describe('assign', () => {
		it('from reported: handing it over is answering it', () => {
			expect(decide('assign', facts('reported', { complexity: 'simple' }), WHO.lead)).toEqual(
				ok('acknowledged', { acknowledge: true })
			);
		});

		it('from acknowledged or escalated: stays where it is', () => {
			expect(decide('assign', facts('acknowledged', { acknowledged: true, acted: true }), WHO.lead)).toEqual(
				ok('acknowledged')
			);
			expect(decide('assign', facts('escalated', { acknowledged: true, escalated: true, acted: true }), WHO.lead)).toEqual(
				ok('escalated')
			);
			// Escalated by the timer before anyone answered: the assignment is the ward's answer.
			expect(decide('assign', facts('escalated', { escalated: true, acted: true }), WHO.lead)).toEqual(
				ok('escalated', { acknowledge: true })
			);
		});
	});

	describe('comment', () => {
		it('is possible in every state and never moves the incident', () => {
			for (const status of INCIDENT_STATUSES) {
				expect(decide('comment', facts(status), WHO.vendor)).toEqual(ok(status));
				expect(decide('comment', facts(status), WHO.sole_reporter)).toEqual(ok(status));
			}
		});
	});

	describe('reclassify', () => {
		it('to the other complexity, from reported or acknowledged, without moving it', () => {
			expect(decide('reclassify', facts('reported', { complexity: 'simple' }), WHO.lead, 'complex')).toEqual(ok('reported'));
			expect(
				decide('reclassify', facts('acknowledged', { acknowledged: true, acted: true }), WHO.province, 'simple')
			).toEqual(ok('acknowledged'));
		});

		it('to the same complexity: 409 same_complexity', () => {
			expect(decide('reclassify', facts('reported', { complexity: 'simple' }), WHO.lead, 'simple')).toEqual(
				conflict('same_complexity')
			);
			expect(decide('reclassify', facts('reported', { complexity: 'complex' }), WHO.lead, 'complex')).toEqual(
				conflict('same_complexity')
			);
		});

		it('not once escalated, in either direction', () => {
			const escalated = facts('escalated', { acknowledged: true, escalated: true, acted: true });
			expect(decide('reclassify', escalated, WHO.lead, 'simple')).toEqual(NOT_NOW);
			expect(decide('reclassify', escalated, WHO.province, 'simple')).toEqual(NOT_NOW);
			expect(decide('reclassify', escalated, WHO.lead, 'complex')).toEqual(NOT_NOW);
		});
	});

	describe('resolve', () => {
		it('stamps the answer when nobody had acknowledged', () => {
			// A desk printer fixed by the team member who walked over, before anyone pressed "acknowledge".
			expect(decide('resolve', facts('reported', { complexity: 'simple' }), WHO.team)).toEqual(
				ok('resolved', { resolve: true, acknowledge: true })
			);
			expect(decide('resolve', facts('escalated', { escalated: true, acted: true }), WHO.province)).toEqual(
				ok('resolved', { resolve: true, acknowledge: true })
			);
		});

		it('does not stamp the answer again when it was acknowledged', () => {
			expect(decide('resolve', facts('acknowledged', { acknowledged: true, acted: true }), WHO.lead)).toEqual(
				ok('resolved', { resolve: true })
			);
		});

		it('by an IT team: only what was escalated to it', () => {
			expect(decide('resolve', facts('escalated', { acknowledged: true, escalated: true, acted: true }), WHO.vendor)).toEqual(
				ok('resolved', { resolve: true })
			);
			expect(decide('resolve', facts('escalated', { escalated: true, acted: true }), WHO.vendor)).toEqual(
				ok('resolved', { resolve: true, acknowledge: true })
			);
			expect(decide('resolve', facts('reported'), WHO.vendor)).toEqual(NOT_NOW);
			expect(decide('resolve', facts('acknowledged', { acknowledged: true, acted: true }), WHO.vendor)).toEqual(NOT_NOW);
		});

		it('by the province, also before escalation (a ward without leader)', () => {
			expect(decide('resolve', facts('reported'), WHO.province)).toEqual(ok('resolved', { resolve: true, acknowledge: true }));
		});
	});

	describe('confirm', () => {
		it('only from resolved, and it closes', () => {
			for (const status of INCIDENT_STATUSES) {
				const expected = status === 'resolved' ? ok('closed', { close: true }) : NOT_NOW;
				expect(decide('confirm', facts(status, { acknowledged: true, acted: true }), WHO.sole_reporter)).toEqual(expected);
			}
		});
	});

	describe('reopen', () => {
		it('not a duplicate merged into another incident (its reports live on there)', () => {
			expect(decide('reopen', facts('closed', { merged: true, acknowledged: true, acted: true }), WHO.lead)).toEqual(NOT_NOW);
		});

		it.each(['resolved', 'closed'] as const)('from %s: back to where the response had got', (status) => {
			expect(decide('reopen', facts(status, { acknowledged: true, escalated: true, acted: true }), WHO.reporter)).toEqual(
				ok('escalated', { reopen: true })
			);
			expect(decide('reopen', facts(status, { acknowledged: true, acted: true }), WHO.team)).toEqual(
				ok('acknowledged', { reopen: true })
			);
			// Escalated by the timer, never acknowledged by the ward: escalated wins.
			expect(decide('reopen', facts(status, { escalated: true, acted: true }), WHO.province)).toEqual(
				ok('escalated', { reopen: true })
			);
			expect(decide('reopen', facts(status), WHO.lead)).toEqual(ok('reported', { reopen: true }));
		});

		it('not from an open or withdrawn incident', () => {
			for (const status of ['reported', 'acknowledged', 'escalated', 'withdrawn'] as const) {
				expect(decide('reopen', facts(status), WHO.reporter)).toEqual(NOT_NOW);
			}
		});
	});

	describe('merge', () => {
		it('closes an open duplicate', () => {
			for (const status of ['reported', 'acknowledged', 'escalated'] as const) {
				expect(decide('merge', facts(status), WHO.province)).toEqual(ok('closed', { close: true }));
			}
			for (const status of ['resolved', 'closed', 'withdrawn'] as const) {
				expect(decide('merge', facts(status), WHO.lead)).toEqual(NOT_NOW);
			}
		});
	});

	describe('withdraw', () => {
		it('by the sole reporter, before anyone acted', () => {
			expect(decide('withdraw', facts('reported'), WHO.sole_reporter)).toEqual(ok('withdrawn', { close: true }));
			// The leader who filed the report himself may take it back too.
			expect(decide('withdraw', facts('reported'), rel('reporter', 'sole_reporter', 'team', 'lead'))).toEqual(
				ok('withdrawn', { close: true })
			);
		});

		it('only from reported', () => {
			for (const status of ['acknowledged', 'escalated', 'resolved', 'closed', 'withdrawn'] as const) {
				expect(decide('withdraw', facts(status), WHO.sole_reporter)).toEqual(NOT_NOW);
			}
		});

		it('not by one of several reporters: 409 withdraw_shared', () => {
			expect(decide('withdraw', facts('reported'), WHO.reporter)).toEqual(conflict('withdraw_shared'));
			expect(decide('withdraw', facts('reported', { acted: true }), WHO.reporter)).toEqual(conflict('withdraw_shared'));
		});

		it('not after someone else acted (a comment, an assignment…): 409 withdraw_after_action', () => {
			expect(decide('withdraw', facts('reported', { acted: true }), WHO.sole_reporter)).toEqual(
				conflict('withdraw_after_action')
			);
		});
	});
});

describe('availableActions', () => {
	/** What decide accepts, asked type by type (reclassify towards the other complexity), but what a device records by itself. */
	const accepted = (situation: IncidentFacts, relations: ReadonlySet<Relation>) =>
		EVENT_TYPES.filter(
			(type) =>
				!DEVICE_EVENTS.has(type) &&
				decide(type, situation, relations, situation.complexity === 'simple' ? 'complex' : 'simple').ok
		);

	it('never offers a button for what a device records by itself, though it is accepted', () => {
		const colleague = WHO.colleague;
		expect(decide('outage_times', facts('reported'), colleague).ok).toBe(true);
		expect(availableActions(facts('reported'), colleague)).toEqual([]);
		expect(availableActions(facts('reported'), WHO.lead)).not.toContain('outage_times');
	});

	const cases: { name: string; facts: IncidentFacts; who: ReadonlySet<Relation>; expected: EventType[] }[] = [
		{
			name: 'the leader, on a new complex incident',
			facts: facts('reported'),
			who: WHO.lead,
			expected: ['acknowledge', 'escalate', 'assign', 'comment', 'reclassify', 'resolve', 'merge']
		},
		{
			name: 'the leader, on a new simple incident (no escalation)',
			facts: facts('reported', { complexity: 'simple' }),
			who: WHO.lead,
			expected: ['acknowledge', 'assign', 'comment', 'reclassify', 'resolve', 'merge']
		},
		{
			name: 'a team member, on an incident the leader acknowledged',
			facts: facts('acknowledged', { complexity: 'simple', acknowledged: true, acted: true }),
			who: WHO.team,
			expected: ['comment', 'resolve']
		},
		{
			name: 'the desk officer who reported it, once resolved',
			facts: facts('resolved', { acknowledged: true, acted: true }),
			who: WHO.sole_reporter,
			expected: ['comment', 'confirm', 'reopen']
		},
		{
			name: 'the desk officer who reported it, before anyone acted',
			facts: facts('reported', { complexity: 'simple' }),
			who: WHO.sole_reporter,
			expected: ['comment', 'withdraw']
		},
		{
			name: 'the desk officer who reported it, once the team commented',
			facts: facts('reported', { complexity: 'simple', acted: true }),
			who: WHO.sole_reporter,
			expected: ['comment']
		},
		{
			name: 'the IT team, on an escalation it has not taken up',
			facts: facts('escalated', { acknowledged: true, escalated: true, acted: true }),
			who: WHO.vendor,
			expected: ['acknowledge', 'comment', 'resolve']
		},
		{
			name: 'the IT team, once it took the escalation up',
			facts: facts('escalated', { acknowledged: true, escalated: true, acted: true, unitAcknowledged: true }),
			who: WHO.vendor,
			expected: ['comment', 'resolve']
		},
		{
			name: 'the province, on a resolved escalation',
			facts: facts('resolved', { acknowledged: true, escalated: true, acted: true }),
			who: WHO.province,
			expected: ['comment', 'reopen']
		},
		...INCIDENT_STATUSES.map((status) => ({
			name: `an administrator, on a ${status} incident`,
			facts: facts(status, { acted: true }),
			who: WHO.nobody,
			expected: [] as EventType[]
		}))
	];

	it.each(cases)('$name', ({ facts: situation, who, expected }) => {
		expect(availableActions(situation, who)).toEqual(expected);
		expect(accepted(situation, who)).toEqual(expected);
	});
});

describe('incidentEventSchema', () => {
	const ID = '0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40';
	const ASSIGNEE = '5d2e8c14-7a3b-4f6e-a1c9-2b8d4e6f0a13';
	const TARGET = '9e4a1b7c-2d5f-4c8e-b3a6-7f1d0e2c5b84';

	/** The issues of a refused body as `field: message`, to compare whole. */
	function issuesOf(input: unknown): string[] {
		const result = incidentEventSchema.safeParse(input);
		if (result.success) return [];
		return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
	}

	it('accepts a bare acknowledgement, and a full one', () => {
		expect(incidentEventSchema.parse({ type: 'acknowledge' })).toEqual({ type: 'acknowledge' });
		expect(incidentEventSchema.parse({ id: ID, type: 'acknowledge', note: 'Đang xuống quầy 3', version: 4 })).toEqual({
			id: ID,
			type: 'acknowledge',
			note: 'Đang xuống quầy 3',
			version: 4
		});
	});

	it.each(['comment', 'resolve', 'reopen'] as const)('requires a note for %s, and a blank one does not count', (type) => {
		expect(issuesOf({ type })).toEqual(['note: note_required']);
		expect(issuesOf({ type, note: '' })).toEqual(['note: note_required']);
		expect(issuesOf({ type, note: ' \n\t ' })).toEqual(['note: note_required']);
		expect(issuesOf({ type, note: 'Đã thay hộp mực' })).toEqual([]);
	});

	it.each(['acknowledge', 'escalate', 'confirm', 'withdraw'] as const)('does not require a note for %s', (type) => {
		expect(issuesOf({ type })).toEqual([]);
	});

	it('requires the assignee of an assignment, as a UUID', () => {
		expect(issuesOf({ type: 'assign' })).toEqual(['assigneeId: required']);
		expect(issuesOf({ type: 'assign', assigneeId: 'ungcuu' })).toEqual(['assigneeId: invalid_id']);
		expect(incidentEventSchema.parse({ type: 'assign', assigneeId: ASSIGNEE })).toEqual({ type: 'assign', assigneeId: ASSIGNEE });
	});

	it('requires the new complexity of a reclassification, one of the catalog’s', () => {
		expect(issuesOf({ type: 'reclassify' })).toEqual(['complexity: required']);
		expect(issuesOf({ type: 'reclassify', complexity: 'medium' }).map((i) => i.split(':')[0])).toEqual(['complexity']);
		expect(incidentEventSchema.parse({ type: 'reclassify', complexity: 'complex' })).toEqual({
			type: 'reclassify',
			complexity: 'complex'
		});
	});

	it('requires the surviving incident of a merge', () => {
		expect(issuesOf({ type: 'merge' })).toEqual(['targetId: required']);
		expect(issuesOf({ type: 'merge', targetId: 'INC-42' })).toEqual(['targetId: invalid_id']);
		expect(issuesOf({ type: 'merge', targetId: TARGET })).toEqual([]);
	});

	it('requires both times of an outage, with offsets, the end after the start', () => {
		expect(issuesOf({ type: 'outage_times' })).toEqual(['from: required', 'to: required']);
		expect(issuesOf({ type: 'outage_times', from: '2026-12-07T08:05:00+07:00', to: '2026-12-07 08:40' })).toEqual(['to: invalid_time']);
		expect(issuesOf({ type: 'outage_times', from: '2026-12-07T08:40:00+07:00', to: '2026-12-07T08:05:00+07:00' })).toEqual([
			'to: end_before_start'
		]);
		expect(issuesOf({ type: 'outage_times', from: '2026-12-07T08:05:00+07:00', to: '2026-12-07T08:40:00+07:00' })).toEqual([]);
	});

	it('refuses an unknown type, and a missing one', () => {
		expect(issuesOf({ type: 'delete' })).toEqual(['type: invalid_value']);
		expect(issuesOf({ type: 'auto_escalated' })).toEqual(['type: invalid_value']);
		expect(issuesOf({})).toEqual(['type: invalid_value']);
	});

	it('refuses unknown fields', () => {
		const result = incidentEventSchema.safeParse({ type: 'acknowledge', status: 'closed' });
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => i.code)).toEqual(['unrecognized_keys']);
		expect(issuesOf({ type: 'comment', note: 'x', actorId: ASSIGNEE })).toHaveLength(1);
	});

	it('trims the note, and turns a blank one into no note', () => {
		expect(incidentEventSchema.parse({ type: 'comment', note: '  Đã báo nhà mạng VNPT \n' }).note).toBe('Đã báo nhà mạng VNPT');
		expect(incidentEventSchema.parse({ type: 'acknowledge', note: '   ' }).note).toBeUndefined();
		expect(incidentEventSchema.parse({ type: 'acknowledge', note: '' }).note).toBeUndefined();
	});

	it(`accepts a note of ${NOTE_MAX} characters, not one more`, () => {
		expect(NOTE_MAX).toBe(2000);
		expect(issuesOf({ type: 'comment', note: 'ạ'.repeat(NOTE_MAX) })).toEqual([]);
		expect(issuesOf({ type: 'comment', note: 'ạ'.repeat(NOTE_MAX + 1) }).map((i) => i.split(':')[0])).toEqual(['note']);
	});

	it('refuses control characters in the note, keeps tabs and line breaks', () => {
		expect(issuesOf({ type: 'comment', note: 'Lỗi\u0000' })).toEqual(['note: invalid_characters']);
		expect(issuesOf({ type: 'comment', note: 'Lỗi\u001b[31m' })).toEqual(['note: invalid_characters']);
		expect(issuesOf({ type: 'comment', note: 'Lỗi\u007f' })).toEqual(['note: invalid_characters']);
		expect(incidentEventSchema.parse({ type: 'comment', note: 'Dòng 1\r\n\tDòng 2' }).note).toBe('Dòng 1\r\n\tDòng 2');
	});

	it('takes the version as a positive integer', () => {
		expect(issuesOf({ type: 'acknowledge', version: 1 })).toEqual([]);
		for (const version of [0, -1, 1.5, '3', null]) {
			expect(issuesOf({ type: 'acknowledge', version })).toEqual(['version: invalid_value']);
		}
	});

	it('takes the device-made id as a UUID', () => {
		expect(issuesOf({ type: 'acknowledge', id: ID })).toEqual([]);
		expect(issuesOf({ type: 'acknowledge', id: 'abc' })).toEqual(['id: invalid_id']);
		expect(issuesOf({ type: 'acknowledge', id: `${ID}0` })).toEqual(['id: invalid_id']);
		expect(issuesOf({ type: 'acknowledge', id: 42 })).toEqual(['id: invalid_id']);
	});
});
