import { describe, expect, it } from 'vitest';
import { getCategory } from './incident-catalog';
import { SMS_TEXT_MAX, formatStep2Text, shortStep2Text, smsHref, telHref, type Step2Input } from './step2-text';

/** 10:30 on 25/11/2026 in Vietnam. */
const NOW = new Date('2026-11-25T03:30:00Z');
const LINK = 'https://ungcuumotcua.nghean.gov.vn/su-co/0192f0a4-7c1e-7b3a-9d2e-4f5a6b7c8d9e';

/** The seed's network example: "Từ 8h15 sáng nay", intake stopped, two photos. */
function network(overrides: Partial<Step2Input> = {}): Step2Input {
	return {
		category: 'internet_section',
		complexity: 'complex',
		wardName: 'Phường Thái Hòa',
		description: 'Mất kết nối mạng toàn bộ Bộ phận Một cửa',
		scope: 'section',
		startedAt: '2026-11-25T08:15:00+07:00',
		impactLevel: 'stopped',
		impact: 'Toàn bộ hoạt động tiếp nhận hồ sơ đang bị dừng lại',
		reporterName: 'Nguyễn Thị Lan',
		link: LINK,
		attachmentCount: 2,
		...overrides
	};
}

/** The seed's iGate example, with the system and the error message filled in. */
function iGate(overrides: Partial<Step2Input> = {}): Step2Input {
	return {
		category: 'provincial_system',
		complexity: 'complex',
		wardName: 'Phường Thái Hòa',
		description: "Không thể đăng nhập vào hệ thống iGate, báo lỗi 'Gateway Timeout'",
		affectedSystem: getCategory('provincial_system').affectedSystemVi,
		errorMessage: 'Gateway Timeout',
		scope: 'section',
		startedAt: '2026-11-25T01:15:00Z', // 08:15 in Vietnam
		impactLevel: 'slowed',
		impact: 'Phải nhận hồ sơ giấy, người dân chờ lâu hơn',
		reporterName: 'Trần Văn Minh',
		link: LINK,
		...overrides
	};
}

/** A simple incident with nothing optional. */
function printer(overrides: Partial<Step2Input> = {}): Step2Input {
	return {
		category: 'printer_jam',
		complexity: 'simple',
		wardName: 'Phường Thái Hòa',
		description: 'Máy in quầy 3 bị kẹt giấy',
		scope: 'desk',
		startedAt: '2026-11-25T09:50:00+07:00',
		impactLevel: 'none',
		reporterName: 'Lê Thu Hà',
		...overrides
	};
}

describe('formatStep2Text', () => {
	it('writes the seed network example one fact per line, in the fixed order', () => {
		expect(formatStep2Text(network(), NOW)).toBe(
			[
				'[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
				'Loại: Mất kết nối Internet toàn bộ Bộ phận Một cửa',
				'Mô tả: Mất kết nối mạng toàn bộ Bộ phận Một cửa',
				'Phạm vi: Toàn bộ Bộ phận Một cửa',
				'Từ: 08:15 hôm nay',
				'Ảnh hưởng: Tiếp nhận hồ sơ đang bị dừng lại — Toàn bộ hoạt động tiếp nhận hồ sơ đang bị dừng lại',
				'Ảnh/video: 2 tệp',
				'Người báo: Nguyễn Thị Lan',
				LINK
			].join('\n')
		);
	});

	it('writes the seed iGate example with its system and quoted error message', () => {
		expect(formatStep2Text(iGate(), NOW)).toBe(
			[
				'[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
				'Loại: Hệ thống giải quyết TTHC cấp tỉnh (iGate) bị lỗi hoặc ngừng hoạt động',
				"Mô tả: Không thể đăng nhập vào hệ thống iGate, báo lỗi 'Gateway Timeout'",
				'Hệ thống: Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh (iGate)',
				'Thông báo lỗi: "Gateway Timeout"',
				'Phạm vi: Toàn bộ Bộ phận Một cửa',
				'Từ: 08:15 hôm nay',
				'Ảnh hưởng: Tiếp nhận hồ sơ bị chậm — Phải nhận hồ sơ giấy, người dân chờ lâu hơn',
				'Người báo: Trần Văn Minh',
				LINK
			].join('\n')
		);
	});

	it('leaves out every optional line that was not given', () => {
		expect(formatStep2Text(printer(), NOW)).toBe(
			[
				'[SỰ CỐ ĐƠN GIẢN] Phường Thái Hòa',
				'Loại: Máy in bị kẹt giấy',
				'Mô tả: Máy in quầy 3 bị kẹt giấy',
				'Phạm vi: Một quầy',
				'Từ: 09:50 hôm nay',
				'Ảnh hưởng: Chưa ảnh hưởng đến tiếp nhận hồ sơ',
				'Người báo: Lê Thu Hà'
			].join('\n')
		);
	});

	it('treats blank optional texts and zero attachments as not given', () => {
		const text = formatStep2Text(
			printer({ affectedSystem: '  ', errorMessage: '\n', impact: ' \t ', link: '', attachmentCount: 0 }),
			NOW
		);
		expect(text).toBe(formatStep2Text(printer(), NOW));
		expect(text).not.toMatch(/Hệ thống:|Thông báo lỗi:|Ảnh\/video:|—|http/);
	});

	it('names the scope and the impact level in words', () => {
		const line = (prefix: string, input: Step2Input) =>
			formatStep2Text(input, NOW)
				.split('\n')
				.find((l) => l.startsWith(prefix));
		expect(line('Phạm vi:', printer({ scope: 'desk' }))).toBe('Phạm vi: Một quầy');
		expect(line('Phạm vi:', printer({ scope: 'several' }))).toBe('Phạm vi: Một số quầy');
		expect(line('Phạm vi:', printer({ scope: 'section' }))).toBe('Phạm vi: Toàn bộ Bộ phận Một cửa');
		expect(line('Ảnh hưởng:', printer({ impactLevel: 'none' }))).toBe('Ảnh hưởng: Chưa ảnh hưởng đến tiếp nhận hồ sơ');
		expect(line('Ảnh hưởng:', printer({ impactLevel: 'slowed' }))).toBe('Ảnh hưởng: Tiếp nhận hồ sơ bị chậm');
		expect(line('Ảnh hưởng:', printer({ impactLevel: 'stopped' }))).toBe('Ảnh hưởng: Tiếp nhận hồ sơ đang bị dừng lại');
	});

	it('dates a start from the Vietnamese day before, across Vietnam midnight', () => {
		// 23:30 on 24/11 in Vietnam, read at 00:30 on 25/11 — the same UTC day, another Vietnam day.
		const text = formatStep2Text(printer({ startedAt: '2026-11-24T16:30:00Z' }), new Date('2026-11-24T17:30:00Z'));
		expect(text.split('\n')[4]).toBe('Từ: 23:30 24/11/2026');
	});

	it('says "today" by the Vietnam day even when UTC has another date', () => {
		// 00:10 and 06:50 on 25/11 in Vietnam are 24/11 in UTC.
		const text = formatStep2Text(printer({ startedAt: '2026-11-24T17:10:00Z' }), new Date('2026-11-24T23:50:00Z'));
		expect(text.split('\n')[4]).toBe('Từ: 00:10 hôm nay');
	});

	it('dates a start from an earlier month or year in full', () => {
		const text = formatStep2Text(printer({ startedAt: '2026-12-31T23:00:00+07:00' }), new Date('2027-01-01T08:00:00+07:00'));
		expect(text.split('\n')[4]).toBe('Từ: 23:00 31/12/2026');
	});

	it('keeps each fact on its own line when people type line breaks and runs of spaces', () => {
		const text = formatStep2Text(
			network({
				wardName: ' Phường\nThái Hòa ',
				description: 'Mất mạng\r\n\r\ntoàn bộ   Bộ phận\tMột cửa\n',
				errorMessage: 'ERR_CONNECTION\n  TIMED_OUT',
				impact: '\nNgười dân\nphải chờ',
				reporterName: 'Nguyễn\u00a0Thị  Lan'
			}),
			NOW
		);
		expect(text.split('\n')).toEqual([
			'[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
			'Loại: Mất kết nối Internet toàn bộ Bộ phận Một cửa',
			'Mô tả: Mất mạng toàn bộ Bộ phận Một cửa',
			'Thông báo lỗi: "ERR_CONNECTION TIMED_OUT"',
			'Phạm vi: Toàn bộ Bộ phận Một cửa',
			'Từ: 08:15 hôm nay',
			'Ảnh hưởng: Tiếp nhận hồ sơ đang bị dừng lại — Người dân phải chờ',
			'Ảnh/video: 2 tệp',
			'Người báo: Nguyễn Thị Lan',
			LINK
		]);
	});

	it('writes Vietnamese typed with combining marks in precomposed form', () => {
		// "Máy in hỏng" as Unikey's "Unicode tổ hợp" types it: a + U+0301, o + U+0309 + U+0309…
		const decomposed = 'Máy in hỏng'.normalize('NFD');
		expect(decomposed).not.toBe('Máy in hỏng');
		expect(formatStep2Text(printer({ description: decomposed }), NOW).split('\n')[2]).toBe('Mô tả: Máy in hỏng');
	});

	it('shows a category this version does not know by its id, without failing', () => {
		const text = formatStep2Text(printer({ category: 'printer_on_fire' }), NOW);
		expect(text.split('\n')[1]).toBe('Loại: printer_on_fire');
	});

	it('shows a start that is not a time as it was written, without failing', () => {
		expect(formatStep2Text(printer({ startedAt: 'sáng nay' }), NOW).split('\n')[4]).toBe('Từ: sáng nay');
	});

	it('leaves out a blank reporter name and keeps the title without a blank ward', () => {
		const lines = formatStep2Text(printer({ wardName: ' ', reporterName: '' }), NOW).split('\n');
		expect(lines[0]).toBe('[SỰ CỐ ĐƠN GIẢN]');
		expect(lines.some((l) => l.startsWith('Người báo'))).toBe(false);
	});

	it('puts the link last', () => {
		const lines = formatStep2Text(iGate({ attachmentCount: 5 }), NOW).split('\n');
		expect(lines.at(-1)).toBe(LINK);
		expect(lines.at(-2)).toBe('Người báo: Trần Văn Minh');
		expect(lines.at(-3)).toBe('Ảnh/video: 5 tệp');
	});
});

describe('shortStep2Text', () => {
	it('is seven UCS-2 SMS parts at most, under 480 characters', () => {
		expect(SMS_TEXT_MAX).toBe(469);
		expect(SMS_TEXT_MAX).toBeLessThan(480);
	});

	it('drops the system, the error message and the attachment count, and keeps the rest as it is', () => {
		expect(shortStep2Text(iGate({ attachmentCount: 3 }), NOW)).toBe(
			[
				'[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
				'Loại: Hệ thống giải quyết TTHC cấp tỉnh (iGate) bị lỗi hoặc ngừng hoạt động',
				"Mô tả: Không thể đăng nhập vào hệ thống iGate, báo lỗi 'Gateway Timeout'",
				'Phạm vi: Toàn bộ Bộ phận Một cửa',
				'Từ: 08:15 hôm nay',
				'Ảnh hưởng: Tiếp nhận hồ sơ bị chậm — Phải nhận hồ sơ giấy, người dân chờ lâu hơn',
				'Người báo: Trần Văn Minh',
				LINK
			].join('\n')
		);
	});

	it('is the full text when there is nothing optional to drop and it fits', () => {
		expect(shortStep2Text(printer(), NOW)).toBe(formatStep2Text(printer(), NOW));
	});

	it('cuts a 2000-character description with "…" and keeps every other line whole', () => {
		const words = 'Máy tính quầy số ba không vào được mạng nội bộ và Internet, đã khởi động lại modem. ';
		const description = words.repeat(30).slice(0, 2000);
		expect(description).toHaveLength(2000);
		const text = shortStep2Text(iGate({ description }), NOW);
		expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX);
		// Little room is left unused: the description takes what the other lines leave.
		expect(text.length).toBeGreaterThan(SMS_TEXT_MAX - 20);

		const lines = text.split('\n');
		const full = shortStep2Text(iGate(), NOW).split('\n');
		expect(lines).toHaveLength(full.length);
		expect(lines.filter((_, i) => i !== 2)).toEqual(full.filter((_, i) => i !== 2));

		const cutDescription = lines[2]!.replace(/^Mô tả: /, '');
		expect(cutDescription.endsWith('…')).toBe(true);
		const kept = cutDescription.slice(0, -1);
		expect(kept.length).toBeGreaterThan(100);
		// Cut between words, so no syllable is mangled into another one.
		expect(description.startsWith(kept)).toBe(true);
		expect(description.charAt(kept.length)).toBe(' ');
	});

	it('stays within the bound for every description length, and cuts only when it must', () => {
		const full = shortStep2Text(iGate({ description: '' }), NOW).length;
		for (let length = 1; length <= 2000; length += 37) {
			const description = 'ă'.repeat(length);
			const text = shortStep2Text(iGate({ description }), NOW);
			expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX);
			expect(text.includes(`Mô tả: ${description}\n`)).toBe(full + length <= SMS_TEXT_MAX);
		}
	});

	it('cuts a long impact text and leaves a short description whole', () => {
		const impact = 'Người dân phải chờ rất lâu. '.repeat(40);
		const text = shortStep2Text(iGate({ impact }), NOW);
		expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX);
		expect(text.length).toBeGreaterThan(SMS_TEXT_MAX - 20);
		const impactLine = text.split('\n').find((l) => l.startsWith('Ảnh hưởng:'))!;
		expect(impactLine.startsWith('Ảnh hưởng: Tiếp nhận hồ sơ bị chậm — Người dân phải chờ')).toBe(true);
		expect(impactLine.endsWith('…')).toBe(true);
		expect(text).toContain("Mô tả: Không thể đăng nhập vào hệ thống iGate, báo lỗi 'Gateway Timeout'\n");
	});

	it('gives the description the room and keeps the start of the impact when both are long', () => {
		const description = 'Không vào được iGate, trang báo lỗi hết thời gian chờ. '.repeat(40);
		const impact = 'Người dân phải chờ rất lâu. '.repeat(40);
		const text = shortStep2Text(iGate({ description, impact }), NOW);
		expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX);
		const [, , descriptionLine, , , impactLine] = text.split('\n');
		expect(impactLine!.length - 'Ảnh hưởng: Tiếp nhận hồ sơ bị chậm — '.length).toBeLessThanOrEqual(60);
		expect(impactLine!.endsWith('…')).toBe(true);
		expect(descriptionLine!.length - 'Mô tả: '.length).toBeGreaterThan(impactLine!.length - 'Ảnh hưởng: '.length);
		expect(descriptionLine!.endsWith('…')).toBe(true);
	});

	it('stays within the bound even with absurd names and links', () => {
		const long = 'x'.repeat(2000);
		for (const input of [
			iGate({ wardName: long }),
			iGate({ reporterName: long }),
			iGate({ link: `https://example.vn/${long}` }),
			iGate({ category: long, description: long, impact: long })
		]) {
			expect(shortStep2Text(input, NOW).length).toBeLessThanOrEqual(SMS_TEXT_MAX);
		}
	});

	it('never cuts an emoji in half', () => {
		const text = shortStep2Text(iGate({ description: '😀'.repeat(1000) }), NOW);
		expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX);
		expect(() => encodeURIComponent(text)).not.toThrow();
	});
});

describe('smsHref and telHref', () => {
	it('opens a message to the number with the text as body, in the spelling Android and iOS both read', () => {
		expect(smsHref('+84912345678', 'Mất mạng\nquầy 3 & 4')).toBe(
			'sms:+84912345678?&body=M%E1%BA%A5t%20m%E1%BA%A1ng%0Aqu%E1%BA%A7y%203%20%26%204'
		);
	});

	it('opens a message with no recipient when there is no number', () => {
		expect(smsHref(null, 'Mất mạng')).toBe('sms:?&body=M%E1%BA%A5t%20m%E1%BA%A1ng');
		expect(smsHref('', 'a')).toBe('sms:?&body=a');
	});

	it('carries the whole Step-2 text back exactly', () => {
		const text = shortStep2Text(iGate(), NOW);
		const href = smsHref('+84912345678', text);
		expect(decodeURIComponent(href.slice(href.indexOf('&body=') + '&body='.length))).toBe(text);
		// No character that would end the body or the URI early is left unescaped.
		expect(href.slice('sms:+84912345678?&body='.length)).not.toMatch(/[&?#=+\s]/);
	});

	it('does not fail on a lone surrogate from a bad paste', () => {
		expect(smsHref(null, 'a\uD800b')).toBe('sms:?&body=a%EF%BF%BDb');
	});

	it('dials the number in E.164, with any stray separators left out', () => {
		expect(telHref('+84912345678')).toBe('tel:+84912345678');
		expect(telHref('+84 238 3845 123')).toBe('tel:+842383845123');
		expect(smsHref('+84 912 345 678', 'a')).toBe('sms:+84912345678?&body=a');
	});
});
