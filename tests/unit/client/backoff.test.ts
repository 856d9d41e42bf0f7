/**
 * The retry delay after failed sends: exponential, with "equal jitter" (half fixed, half
 * random) and a cap. The random source is injected, so each bound is checked exactly.
 */
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, retryDelay } from '$lib/client/outbox/backoff';
import { retryAfter } from '$lib/client/outbox/transport';

const lowest = () => 0;
const highest = () => 1;
const middle = () => 0.5;

/** The ceiling for `attempts` failures, as the rule states it. */
const ceiling = (attempts: number) => Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));

describe('backoffDelay', () => {
	it('starts at the base delay after the first failure', () => {
		expect(backoffDelay(1, highest)).toBe(BACKOFF_BASE_MS);
		expect(backoffDelay(1, lowest)).toBe(BACKOFF_BASE_MS / 2);
	});

	it('doubles with each failure until the cap', () => {
		expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, highest))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
		for (let n = 2; n <= 7; n++) expect(backoffDelay(n, middle)).toBe(2 * backoffDelay(n - 1, middle));
	});

	it('stays within [ceiling / 2, ceiling] whatever the random draw', () => {
		for (let attempts = 1; attempts <= 12; attempts++) {
			for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999999]) {
				const delay = backoffDelay(attempts, () => r);
				expect(delay).toBeGreaterThanOrEqual(ceiling(attempts) / 2);
				expect(delay).toBeLessThanOrEqual(ceiling(attempts));
			}
		}
	});

	it('spreads devices apart: the draw moves the delay across the whole upper half', () => {
		expect(backoffDelay(4, () => 0.25)).toBe(10_000);
		expect(backoffDelay(4, () => 0.75)).toBe(14_000);
		const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(6)));
		expect(seen.size).toBeGreaterThan(1);
		for (const delay of seen) {
			expect(delay).toBeGreaterThanOrEqual(ceiling(6) / 2);
			expect(delay).toBeLessThanOrEqual(ceiling(6));
		}
	});

	it('never waits less after another failure below the cap, even with the unluckiest draws', () => {
		// Up to attempt 7 the ceiling doubles, so the lowest draw equals the previous highest.
		for (let n = 2; n <= 7; n++) expect(backoffDelay(n, lowest)).toBe(backoffDelay(n - 1, highest));
	});

	it('is capped, so a device offline all morning still retries every few minutes', () => {
		expect(backoffDelay(8, highest)).toBe(BACKOFF_CAP_MS); // 2 s × 2⁷ = 256 s > 240 s
		expect(backoffDelay(7, highest)).toBe(128_000);
		for (const attempts of [9, 20, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
			expect(backoffDelay(attempts, highest)).toBe(BACKOFF_CAP_MS);
			expect(backoffDelay(attempts, lowest)).toBe(BACKOFF_CAP_MS / 2);
		}
	});

	it('treats zero or negative counts as the first failure', () => {
		expect(backoffDelay(0, highest)).toBe(BACKOFF_BASE_MS);
		expect(backoffDelay(-3, highest)).toBe(BACKOFF_BASE_MS);
	});
});

describe('retryDelay and Retry-After', () => {
	it('waits what the server asked, spread over up to half as much again', () => {
		expect(retryDelay(3, 5_000, () => 0)).toBe(5_000);
		expect(retryDelay(3, 5_000, () => 0.999999)).toBe(7_500);
		// Without the server saying, the backoff.
		expect(retryDelay(3, undefined, () => 0)).toBe(backoffDelay(3, () => 0));
	});

	it('reads Retry-After as seconds or a date, never negative and never past the cap', () => {
		const now = Date.parse('2026-12-07T10:00:00Z');
		expect(retryAfter('5', now)).toBe(5_000);
		expect(retryAfter('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
		expect(retryAfter('Mon, 07 Dec 2026 09:00:00 GMT', now)).toBe(0);
		expect(retryAfter('86400', now)).toBe(4 * 60_000);
		expect(retryAfter('soon', now)).toBeUndefined();
		expect(retryAfter(null, now)).toBeUndefined();
	});
});
