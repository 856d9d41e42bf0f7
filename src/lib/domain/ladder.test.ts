import { describe, expect, it } from 'vitest';
import { climbs, nextChannel, retryDelayMs } from './ladder';

describe('the alert ladder', () => {
	it('starts with the quickest channel that reaches the person, then climbs push → ZNS → SMS → e-mail', () => {
		expect(nextChannel(['email', 'push', 'zns'])).toBe('push');
		expect(nextChannel(['email', 'push', 'zns'], 'push')).toBe('zns');
		expect(nextChannel(['email', 'push', 'zns'], 'zns')).toBe('email');
		expect(nextChannel(['email', 'push', 'zns'], 'email')).toBeNull();
		// No app installed, no ZNS: SMS first.
		expect(nextChannel(['sms', 'email'])).toBe('sms');
		expect(nextChannel([])).toBeNull();
	});

	it('climbs only for what must not wait: complex incidents, escalations, the leader’s reminder', () => {
		for (const reason of ['reported_complex', 'no_leader', 'escalated', 'reminder_leader']) expect(climbs(reason)).toBe(true);
		for (const reason of ['reported', 'reminder_team', 'acknowledged', 'resolved']) expect(climbs(reason)).toBe(false);
	});

	it('retries after 30 s, doubling, at most 30 minutes apart', () => {
		expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
		expect(retryDelayMs(20)).toBe(30 * 60_000);
	});
});
