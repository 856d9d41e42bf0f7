import { describe, it, expect } from 'vitest';
import { TIME_ZONE, formatDate, formatDateTime, formatTime } from './datetime';

describe('datetime', () => {
	it('shows a UTC instant in Vietnam time, date first', () => {
		expect(formatDateTime(new Date('2025-01-05T01:05:00Z'))).toBe('05/01/2025 08:05');
	});

	it('moves to the next day and year when UTC evening is past midnight in Vietnam', () => {
		expect(formatDateTime('2025-12-31T17:30:00Z')).toBe('01/01/2026 00:30');
	});

	it('uses 00 rather than 24 for the midnight hour', () => {
		expect(formatTime('2025-06-30T17:05:00Z')).toBe('00:05');
	});

	it('accepts an ISO string with an offset and epoch milliseconds', () => {
		expect(formatDateTime('2025-01-05T08:15:00+07:00')).toBe('05/01/2025 08:15');
		expect(formatDateTime(Date.UTC(2025, 0, 5, 13, 45))).toBe('05/01/2025 20:45');
	});

	it('formats the date and the time alone', () => {
		const instant = '2025-03-09T16:59:00Z';
		expect(formatDate(instant)).toBe('09/03/2025');
		expect(formatTime(instant)).toBe('23:59');
	});

	it('refuses an invalid date instead of printing "Invalid Date"', () => {
		expect(() => formatDateTime('not a date')).toThrow(RangeError);
	});

	it('names the zone', () => {
		expect(TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
	});
});
