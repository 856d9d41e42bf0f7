import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime } from './datetime';
import {
	DESCRIPTION_MAX,
	STARTED_AT_PICKS,
	reportSchema,
	sameReport,
	startedAtFor,
	toIsoWithOffset,
	type Report,
	type ReportInput
} from './report';

/** A printer jam reported at 09:15 Vietnam time, started at 08:00. */
function report(overrides: Partial<Record<keyof ReportInput, unknown>> = {}): Record<string, unknown> {
	return {
		category: 'printer_jam',
		complexity: 'simple',
		description: 'Máy in ở quầy 3 bị kẹt giấy, không in được biên nhận',
		scope: 'desk',
		startedAt: '2026-11-25T08:00:00.000+07:00',
		impactLevel: 'slowed',
		createdAt: '2026-11-25T09:15:00.000+07:00',
		...overrides
	};
}

/** The issues of a refused report as `field: message`, to compare whole. */
function issuesOf(input: unknown): string[] {
	const result = reportSchema.safeParse(input);
	if (result.success) return [];
	return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

function parse(input: unknown): Report {
	return reportSchema.parse(input);
}

describe('reportSchema', () => {
	it('accepts a complete report and keeps its fields', () => {
		const input = report({ affectedSystem: 'Hệ thống thông tin giải quyết TTHC tỉnh', impact: 'Người dân phải chờ' });
		expect(parse(input)).toEqual(input);
	});

	it('requires a description, and refuses one made of whitespace only', () => {
		expect(issuesOf(report({ description: ' \n\t  ' }))).toEqual(['description: description_required']);
		expect(issuesOf(report({ description: '' }))).toEqual(['description: description_required']);
		const { description: _omitted, ...withoutDescription } = report();
		expect(issuesOf(withoutDescription).map((i) => i.split(':')[0])).toEqual(['description']);
	});

	it('trims the description', () => {
		expect(parse(report({ description: '  Mất mạng  \n' })).description).toBe('Mất mạng');
	});

	it('refuses a start after the report was made, but accepts the same instant', () => {
		expect(issuesOf(report({ startedAt: '2026-11-25T09:15:00.001+07:00' }))).toEqual([
			'startedAt: started_after_report'
		]);
		expect(issuesOf(report({ startedAt: '2026-11-25T09:15:00.000+07:00' }))).toEqual([]);
	});

	it('compares start and report times as instants, whatever offsets they are written with', () => {
		// 08:30+07:00 is 01:30Z: before 02:00Z, though "08:30" sorts after "02:00" as text.
		expect(issuesOf(report({ startedAt: '2026-11-25T08:30:00+07:00', createdAt: '2026-11-25T02:00:00Z' }))).toEqual([]);
		// 02:30Z is after 09:00+07:00 (02:00Z), though "02:30" sorts before "09:00".
		expect(issuesOf(report({ startedAt: '2026-11-25T02:30:00Z', createdAt: '2026-11-25T09:00:00+07:00' }))).toEqual([
			'startedAt: started_after_report'
		]);
	});

	it('refuses times outside the years 2000–2100, and accepts the bounds themselves', () => {
		expect(issuesOf(report({ startedAt: '0000-06-01T00:00:00Z' }))).toEqual(['startedAt: time_out_of_range']);
		expect(issuesOf(report({ startedAt: '1999-12-31T23:59:59.999Z' }))).toEqual(['startedAt: time_out_of_range']);
		// 06:00 on 1 January 2000 in Vietnam is still 1999 in UTC.
		expect(issuesOf(report({ startedAt: '2000-01-01T06:00:00+07:00' }))).toEqual(['startedAt: time_out_of_range']);
		expect(issuesOf(report({ createdAt: '9999-12-31T23:59:59Z' }))).toEqual(['createdAt: time_out_of_range']);
		expect(issuesOf(report({ startedAt: '2101-01-01T00:00:00Z', createdAt: '2101-01-01T00:00:00Z' }))).toEqual([
			'startedAt: time_out_of_range',
			'createdAt: time_out_of_range'
		]);
		expect(issuesOf(report({ startedAt: '2000-01-01T00:00:00Z', createdAt: '2100-12-31T23:59:59.999Z' }))).toEqual([]);
	});

	it('refuses times without an offset, which each machine would read in its own zone', () => {
		const formatIssues = (input: unknown) =>
			(reportSchema.safeParse(input).error?.issues ?? []).filter((i) => i.code === 'invalid_format').map((i) => i.path.join('.'));
		expect(formatIssues(report({ startedAt: '2026-11-25T08:00:00' }))).toEqual(['startedAt']);
		expect(formatIssues(report({ createdAt: '25/11/2026 09:15' }))).toEqual(['createdAt']);
		expect(formatIssues(report({ startedAt: '2026-11-25T08:00:00+0700' }))).toEqual(['startedAt']);
	});

	it('refuses a category the catalog does not have', () => {
		expect(issuesOf(report({ category: 'printer_on_fire' }))).toEqual(['category: unknown_category']);
	});

	it('refuses "simple" on a category the catalog calls complex, and accepts raising a simple one', () => {
		expect(issuesOf(report({ category: 'power_outage', complexity: 'simple' }))).toEqual([
			'complexity: complexity_below_default'
		]);
		expect(issuesOf(report({ category: 'power_outage', complexity: 'complex' }))).toEqual([]);
		expect(issuesOf(report({ category: 'printer_jam', complexity: 'complex' }))).toEqual([]);
	});

	it('removes optional texts left blank and trims the others', () => {
		const parsed = parse(report({ affectedSystem: '   ', errorMessage: '', impact: '\n\t' }));
		expect(parsed.affectedSystem).toBeUndefined();
		expect(parsed.errorMessage).toBeUndefined();
		expect(parsed.impact).toBeUndefined();
		expect(parse(report({ errorMessage: '  Lỗi 0x80070005  ' })).errorMessage).toBe('Lỗi 0x80070005');
	});

	it('keeps HTML as the text it is (escaping is the page\'s job)', () => {
		const html = '<script>alert("x")</script> & <b>đậm</b> <img src=x onerror=alert(1)>';
		const parsed = parse(report({ description: html, errorMessage: '<div>500</div>' }));
		expect(parsed.description).toBe(html);
		expect(parsed.errorMessage).toBe('<div>500</div>');
	});

	it('refuses control characters in any text, but accepts line breaks and tabs', () => {
		expect(issuesOf(report({ description: 'Máy in\u0000 hỏng' }))).toEqual(['description: invalid_characters']);
		expect(issuesOf(report({ errorMessage: '\u001b[31mERROR\u001b[0m' }))).toEqual(['errorMessage: invalid_characters']);
		expect(issuesOf(report({ impact: 'x\u007f' }))).toEqual(['impact: invalid_characters']);
		expect(issuesOf(report({ description: 'Dòng 1\r\nDòng 2\tcột' }))).toEqual([]);
	});

	it('refuses a description that is too long, up to a 10 MB one', () => {
		expect(issuesOf(report({ description: 'ă'.repeat(DESCRIPTION_MAX) }))).toEqual([]);
		expect(issuesOf(report({ description: 'a'.repeat(DESCRIPTION_MAX + 1) })).map((i) => i.split(':')[0])).toEqual([
			'description'
		]);
		const result = reportSchema.safeParse(report({ description: 'a'.repeat(10 * 1024 * 1024) }));
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['description', 'too_big']]);
	});

	it('refuses fields it does not know and values outside the lists', () => {
		expect(reportSchema.safeParse({ ...report(), reporterId: 'someone-else' }).error?.issues[0]?.code).toBe(
			'unrecognized_keys'
		);
		expect(issuesOf(report({ scope: 'building' })).map((i) => i.split(':')[0])).toEqual(['scope']);
		expect(issuesOf(report({ impactLevel: 'catastrophic' })).map((i) => i.split(':')[0])).toEqual(['impactLevel']);
	});
});

describe('sameReport', () => {
	it('is true for the same report written with other offsets', () => {
		const a = parse(report());
		const b = parse(report({ startedAt: '2026-11-25T01:00:00Z', createdAt: '2026-11-25T02:15:00.000Z' }));
		expect(sameReport(a, b)).toBe(true);
	});

	it('treats a blank optional text and a missing one as the same', () => {
		const { impact: _omitted, ...without } = report({ impact: 'x' });
		expect(sameReport(parse(report({ impact: '  ', affectedSystem: '' })), parse(without))).toBe(true);
	});

	it('is false when any field differs, times by a single millisecond', () => {
		const a = parse(report());
		expect(sameReport(a, parse(report({ description: 'Máy in ở quầy 4 bị kẹt giấy' })))).toBe(false);
		expect(sameReport(a, parse(report({ startedAt: '2026-11-25T08:00:00.001+07:00' })))).toBe(false);
		expect(sameReport(a, parse(report({ createdAt: '2026-11-25T09:15:01.000+07:00' })))).toBe(false);
		expect(sameReport(a, parse(report({ impact: 'Không in được' })))).toBe(false);
		expect(sameReport(a, parse(report({ complexity: 'complex' })))).toBe(false);
		expect(sameReport(a, parse(report({ scope: 'section' })))).toBe(false);
	});
});

describe('startedAtFor', () => {
	const now = new Date('2026-11-25T03:30:00Z'); // 10:30 in Vietnam

	it('gives now for "just now" and a quarter of an hour earlier for "15 minutes"', () => {
		expect(startedAtFor('just_now', now).getTime()).toBe(now.getTime());
		expect(now.getTime() - startedAtFor('minutes_15', now).getTime()).toBe(15 * 60 * 1000);
	});

	it('gives 07:00 Vietnam time of the same day for "start of the morning"', () => {
		const opening = startedAtFor('start_of_morning', now);
		expect(opening.toISOString()).toBe('2026-11-25T00:00:00.000Z');
		expect(formatDateTime(opening)).toBe('25/11/2026 07:00');
	});

	it('takes the Vietnamese date, not the UTC one, late in the evening', () => {
		// 23:59 in Vietnam on the 25th is still the 25th there (16:59Z).
		expect(startedAtFor('start_of_morning', new Date('2026-11-25T16:59:00Z')).toISOString()).toBe(
			'2026-11-25T00:00:00.000Z'
		);
	});

	it('gives now before the morning opening, never a time in the future', () => {
		for (const iso of ['2026-11-25T17:30:00Z', '2026-11-24T23:59:59.999Z']) {
			const early = new Date(iso); // 00:30 and 06:59:59.999 in Vietnam
			expect(startedAtFor('start_of_morning', early).getTime()).toBe(early.getTime());
		}
		const atOpening = new Date('2026-11-25T00:00:00Z');
		expect(startedAtFor('start_of_morning', atOpening).getTime()).toBe(atOpening.getTime());
	});

	it('is never after now and never more than a day before, for any pick at any minute of a day', () => {
		const start = Date.parse('2026-11-24T12:00:00Z');
		for (let minute = 0; minute < 24 * 60; minute += 7) {
			const at = new Date(start + minute * 60_000);
			for (const pick of STARTED_AT_PICKS) {
				const picked = startedAtFor(pick, at).getTime();
				expect(picked).toBeLessThanOrEqual(at.getTime());
				expect(at.getTime() - picked).toBeLessThan(24 * 60 * 60 * 1000);
			}
		}
	});
});

describe('toIsoWithOffset', () => {
	const zoneBefore = process.env.TZ;
	afterEach(() => {
		if (zoneBefore === undefined) delete process.env.TZ;
		else process.env.TZ = zoneBefore;
	});

	it('writes the device time with its offset in Vietnam', () => {
		process.env.TZ = 'Asia/Ho_Chi_Minh';
		expect(toIsoWithOffset(new Date('2026-11-25T02:15:00.000Z'))).toBe('2026-11-25T09:15:00.000+07:00');
		// Past local midnight the local date is the next day.
		expect(toIsoWithOffset(new Date('2026-12-31T17:05:09.045Z'))).toBe('2027-01-01T00:05:09.045+07:00');
	});

	it.each([
		['Asia/Ho_Chi_Minh', '+07:00'],
		['UTC', '+00:00'],
		['Asia/Kolkata', '+05:30'],
		['Asia/Kathmandu', '+05:45'],
		['America/St_Johns', '-03:30'],
		['America/Los_Angeles', '-08:00']
	])('round-trips to the same instant in %s (%s in winter)', (zone, winterOffset) => {
		process.env.TZ = zone;
		const winter = new Date('2026-01-15T10:20:30.456Z');
		expect(toIsoWithOffset(winter).endsWith(winterOffset)).toBe(true);
		for (const iso of ['2026-01-15T10:20:30.456Z', '2026-07-01T23:59:59.999Z', '2026-03-08T10:30:00.000Z', '2000-02-29T00:00:00.000Z']) {
			const date = new Date(iso);
			const written = toIsoWithOffset(date);
			expect(Date.parse(written), written).toBe(date.getTime());
			// …and in the form the report schema takes.
			expect(issuesOf(report({ startedAt: written, createdAt: written }))).toEqual([]);
		}
	});
});
