import { describe, it, expect } from 'vitest';
import { formatPhoneVN, normalizePhone, phoneSchema, toZaloPhone } from './phone';

describe('normalizePhone', () => {
	it.each([
		['0912 345 678', '+84912345678'],
		['0912.345.678', '+84912345678'],
		['0912-345-678', '+84912345678'],
		['+84 912 345 678', '+84912345678'],
		['84912345678', '+84912345678'],
		['0084 912 345 678', '+84912345678'],
		['+84 0912 345 678', '+84912345678'],
		['  0362 123 456 ', '+84362123456'],
		['0583 123 456', '+84583123456'],
		['0707 123 456', '+84707123456'],
		['0868 123 456', '+84868123456'],
		['(0238) 3 845 123', '+842383845123'],
		['024 3825 1234', '+842438251234']
	])('reads %s as %s', (input, expected) => {
		expect(normalizePhone(input)).toBe(expected);
	});

	it('keeps a foreign number written in international form', () => {
		expect(normalizePhone('+1 (212) 555-0100')).toBe('+12125550100');
		expect(normalizePhone('+49 30 1234567')).toBe('+49301234567');
	});

	it.each([
		['', 'empty'],
		['abc', 'letters'],
		['0912 345 67a', 'a letter among digits'],
		['091234567', 'too short for a mobile'],
		['09123456789', 'too long for a mobile'],
		['0123 456 789', 'no such prefix'],
		['0238 384 512', 'too short for a landline'],
		['912345678', 'no leading 0 or country code'],
		['+84 123 456 789', 'a +84 number of no Vietnamese shape'],
		['+1234567', 'seven digits abroad'],
		['+1234567890123456', 'sixteen digits abroad'],
		['+0912345678', 'a country code cannot start with 0'],
		['0912 345 678 ext 2', 'an extension']
	])('refuses %j (%s)', (input) => {
		expect(normalizePhone(input)).toBeNull();
	});
});

describe('formatPhoneVN', () => {
	it('groups a mobile 4-3-3', () => {
		expect(formatPhoneVN('+84912345678')).toBe('0912 345 678');
	});

	it('groups a landline after its area code', () => {
		expect(formatPhoneVN('+842383845123')).toBe('0238 3845 123');
		expect(formatPhoneVN('+842438251234')).toBe('024 3825 1234');
		expect(formatPhoneVN('+842838221234')).toBe('028 3822 1234');
	});

	it('returns a foreign number as given', () => {
		expect(formatPhoneVN('+12125550100')).toBe('+12125550100');
	});

	it('round-trips with normalizePhone', () => {
		for (const shown of ['0912 345 678', '0238 3845 123', '024 3825 1234']) {
			expect(formatPhoneVN(normalizePhone(shown) ?? '')).toBe(shown);
		}
	});
});

describe('toZaloPhone', () => {
	it('drops the plus', () => {
		expect(toZaloPhone('+84912345678')).toBe('84912345678');
	});

	it('also accepts a number still in national form', () => {
		expect(toZaloPhone('0912 345 678')).toBe('84912345678');
	});
});

describe('phoneSchema', () => {
	it('outputs E.164', () => {
		expect(phoneSchema.parse('0912.345.678')).toBe('+84912345678');
	});

	it("reports 'invalid_phone' for a bad number or a non-string", () => {
		for (const input of ['12345', 12345]) {
			const result = phoneSchema.safeParse(input);
			expect(result.success).toBe(false);
			expect(result.error?.issues.map((i) => i.message)).toEqual(['invalid_phone']);
		}
	});
});
