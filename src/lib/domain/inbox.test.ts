import { describe, expect, it } from 'vitest';
import type { IncidentStatus } from './incident';
import { inboxOrder, severity } from './inbox';

const item = (
	id: string,
	impactLevel: 'none' | 'slowed' | 'stopped',
	complexity: 'simple' | 'complex',
	createdAt: string,
	status: IncidentStatus = 'reported'
) => ({ id, impactLevel, complexity, createdAt, status });

describe('inbox order', () => {
	it('puts intake stopped first, then slowed, then not affected; complex before simple at the same impact', () => {
		expect(severity(item('a', 'stopped', 'simple', ''))).toBeGreaterThan(severity(item('b', 'slowed', 'complex', '')));
		expect(severity(item('a', 'slowed', 'complex', ''))).toBeGreaterThan(severity(item('b', 'slowed', 'simple', '')));
		const ordered = inboxOrder([
			item('printer', 'slowed', 'simple', '2026-11-25T02:00:00Z'),
			item('internet', 'stopped', 'complex', '2026-11-25T01:00:00Z'),
			item('igate', 'slowed', 'complex', '2026-11-25T01:30:00Z'),
			item('paper', 'none', 'simple', '2026-11-25T03:00:00Z')
		]);
		expect(ordered.map((i) => i.id)).toEqual(['internet', 'igate', 'printer', 'paper']);
	});

	it('newest first among equals, and a stable order for the same instant', () => {
		const ordered = inboxOrder([
			item('a', 'slowed', 'simple', '2026-11-25T01:00:00Z'),
			item('c', 'slowed', 'simple', '2026-11-25T02:00:00Z'),
			item('b', 'slowed', 'simple', '2026-11-25T02:00:00Z')
		]);
		expect(ordered.map((i) => i.id)).toEqual(['c', 'b', 'a']);
	});

	it('at the same severity, what nobody has answered yet comes first', () => {
		const ordered = inboxOrder([
			item('taken', 'slowed', 'simple', '2026-11-25T02:00:00Z', 'acknowledged'),
			item('waiting', 'slowed', 'simple', '2026-11-25T01:00:00Z')
		]);
		expect(ordered.map((i) => i.id)).toEqual(['waiting', 'taken']);
	});
});
