import { describe, it, expect } from 'vitest';
import { foldVietnamese, matchesQuery } from './text-fold';

describe('foldVietnamese', () => {
	it('drops tone and vowel marks and lower-cases', () => {
		expect(foldVietnamese('Đăng ký khai sinh')).toBe('dang ky khai sinh');
		expect(foldVietnamese('Ư ơ Ă â Ê ô')).toBe('u o a a e o');
		expect(foldVietnamese('Chứng thực bản sao từ bản chính')).toBe('chung thuc ban sao tu ban chinh');
	});

	it('maps đ and Đ, which do not decompose', () => {
		expect(foldVietnamese('đất đai ĐĂNG KÝ')).toBe('dat dai dang ky');
	});

	it('folds precomposed and combining input alike', () => {
		const combining = 'Hòa'.normalize('NFD');
		expect(foldVietnamese(combining)).toBe(foldVietnamese('Hòa'));
		// Old-style tone placement ("Hoà") and new-style ("Hòa") are the same word.
		expect(foldVietnamese('Thái Hoà')).toBe(foldVietnamese('Thái Hòa'));
	});

	it('collapses whitespace, tabs and newlines', () => {
		expect(foldVietnamese('  Giấy\tkhai\n\nsinh  ')).toBe('giay khai sinh');
	});
});

describe('matchesQuery', () => {
	const title = 'Đăng ký khai sinh';

	it('matches without diacritics and in any case', () => {
		expect(matchesQuery(title, 'dang ky khai sinh')).toBe(true);
		expect(matchesQuery(title, 'DANG KY')).toBe(true);
		expect(matchesQuery(title, 'đăng ký')).toBe(true);
	});

	it('needs every word, in any order, as a part of the text', () => {
		expect(matchesQuery(title, 'sinh dang')).toBe(true);
		expect(matchesQuery(title, 'khai tu')).toBe(false);
		expect(matchesQuery('Xác nhận thông tin cư trú', 'cu tru')).toBe(true);
	});

	it('matches everything for an empty or blank query', () => {
		expect(matchesQuery(title, '')).toBe(true);
		expect(matchesQuery(title, '   ')).toBe(true);
	});
});
