import { describe, it, expect } from 'vitest';
import { TIME_ZONE, formatDate, formatDateTime, formatTime, parseVietnamDateTime } from './datetime';

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

	it('reads a date and time typed the Vietnamese way as Vietnam time, whatever the device', () => {
		expect(parseVietnamDateTime('07/12/2026', '14:30')?.toISOString()).toBe('2026-12-07T07:30:00.000Z');
		// Day first: 12/07 is the twelfth of July, never December the seventh.
		expect(parseVietnamDateTime('12/07/2026', '23:12')?.toISOString()).toBe('2026-07-12T16:12:00.000Z');
		// What people type besides: one digit, dashes or dots, "14h30", "1430", a bare hour.
		expect(parseVietnamDateTime('7-12-2026', '14h30')?.toISOString()).toBe('2026-12-07T07:30:00.000Z');
		expect(parseVietnamDateTime(' 7.12.2026 ', '1430')?.toISOString()).toBe('2026-12-07T07:30:00.000Z');
		expect(parseVietnamDateTime('07/12/2026', '9h')?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
		// Just after midnight in Vietnam is the evening before in UTC.
		expect(parseVietnamDateTime('01/01/2027', '00:05')?.toISOString()).toBe('2026-12-31T17:05:00.000Z');
		// Round trip with what the app shows.
		expect(formatDateTime(parseVietnamDateTime('28/02/2026', '07:45')!)).toBe('28/02/2026 07:45');
	});

	it('refuses what is not a real date or time rather than guessing', () => {
		for (const [date, time] of [
			['31/02/2026', '10:00'],
			['07/13/2026', '10:00'],
			['00/12/2026', '10:00'],
			['07/12/26', '10:00'],
			['2026-12-07', '10:00'],
			['07/12/2026', '24:00'],
			['07/12/2026', '10:60'],
			['07/12/2026', '10:30 PM'],
			['07/12/2026', ''],
			['', '10:00']
		]) {
			expect(parseVietnamDateTime(date!, time!), `${date} ${time}`).toBeNull();
		}
	});
});
