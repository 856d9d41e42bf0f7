import { afterEach, describe, expect, it } from 'vitest';
import { getCategory } from './incident-catalog';
import { reportSchema, sameReport, type Report, type ReportInput } from './report';
import { QR_PATH, QR_TEXT_MAX, decodeHandoff, encodeHandoff, handoffSupported, type QrHandoff } from './report-qr';

const ORIGIN = 'https://ungcuumotcua.nghean.gov.vn';
const REPORT_ID = '0192f0a4-7c1e-7b3a-9d2e-4f5a6b7c8d9e';
const USER_ID = '5b1e4c1a-8f3d-4e2b-9a6c-1d2e3f4a5b6c';
const WARD_ID = 'c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f';

/** 200 characters, as an officer types them: diacritics, double quotes, a line break. */
const DESCRIPTION_200 =
	'Từ 8h15 sáng nay các quầy không đăng nhập được vào hệ thống iGate, trang báo lỗi "Gateway Timeout". ' +
	'Đã khởi động lại máy tính và bộ định tuyến nhưng vẫn lỗi.\nNgười dân đang phải chờ ở cả năm quầy này.';

function report(overrides: Partial<Record<keyof ReportInput, unknown>> = {}): Report {
	return reportSchema.parse({
		category: 'provincial_system',
		complexity: 'complex',
		description: DESCRIPTION_200,
		affectedSystem: getCategory('provincial_system').affectedSystemVi,
		errorMessage: 'Gateway Timeout',
		scope: 'section',
		startedAt: '2026-11-25T08:15:00.000+07:00',
		impactLevel: 'stopped',
		impact: 'Toàn bộ hoạt động tiếp nhận hồ sơ đang bị dừng lại',
		createdAt: '2026-11-25T08:41:27.318+07:00',
		...overrides
	});
}

const NO_OPTIONAL_TEXT = { affectedSystem: undefined, errorMessage: undefined, impact: undefined };

function handoff(r: Report = report(), ids: Partial<Omit<QrHandoff, 'report'>> = {}): QrHandoff {
	return { reportId: REPORT_ID, userId: USER_ID, wardId: WARD_ID, report: r, ...ids };
}

/** The fragment of an encoded link, "#" included. */
async function fragmentOf(h: QrHandoff): Promise<string> {
	const url = await encodeHandoff(h, ORIGIN);
	return url.slice(url.indexOf('#'));
}

/** A hand-made `r1.` code around any bytes, to test what the encoder would never write. */
async function codeOfBytes(bytes: Uint8Array): Promise<string> {
	const deflated = await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
	return `#r1.${Buffer.from(deflated).toString('base64url')}`;
}

const codeOfJson = (value: unknown) => codeOfBytes(new TextEncoder().encode(JSON.stringify(value)));

/** The compact payload of a good code, as the format defines it. */
async function payloadOf(fragment: string): Promise<Record<string, unknown>> {
	const bytes = Buffer.from(fragment.replace(/^#r1\./, ''), 'base64url');
	const inflated = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
	return JSON.parse(inflated) as Record<string, unknown>;
}

async function decoded(fragment: string): Promise<QrHandoff> {
	const result = await decodeHandoff(fragment);
	if (!result.ok) throw new Error(`expected a good code, got '${result.reason}'`);
	return result.handoff;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The character at `index` replaced by the one whose 6 bits differ from it by `mask`. */
function withBitsFlipped(fragment: string, index: number, mask: number): string {
	const other = ALPHABET.charAt(ALPHABET.indexOf(fragment.charAt(index)) ^ mask);
	return fragment.slice(0, index) + other + fragment.slice(index + 1);
}

describe('encodeHandoff', () => {
	it('makes a link to the QR page with an r1 code in the fragment', async () => {
		const url = await encodeHandoff(handoff(), ORIGIN);
		expect(url.startsWith(`${ORIGIN}${QR_PATH}#r1.`)).toBe(true);
		expect(QR_PATH).toBe('/bao-cao/qr');
		expect(url.slice(`${ORIGIN}${QR_PATH}#r1.`.length)).toMatch(/^[A-Za-z0-9_-]+$/);
	});

	it('does not double the slash after an origin written with one', async () => {
		const url = await encodeHandoff(handoff(), `${ORIGIN}/`);
		expect(url.startsWith(`${ORIGIN}/bao-cao/qr#r1.`)).toBe(true);
	});

	it('stays under 700 characters for a typical report with a 200-character description', async () => {
		expect(DESCRIPTION_200).toHaveLength(200);
		const url = await encodeHandoff(handoff(), ORIGIN);
		// A scan from a screen across the desk stays reliable to about this size (QR version ~20).
		expect(url.length).toBeLessThan(700);
	});

	it('writes short keys, ids as bytes, numbers for the lists, epoch milliseconds, no absent field', async () => {
		const bare = report({ description: 'Máy in kẹt giấy', ...NO_OPTIONAL_TEXT });
		// The r1 format, frozen: a PC and a phone on different versions of the app must agree on it.
		expect(await payloadOf(await fragmentOf(handoff(bare)))).toEqual({
			i: 'AZLwpHweezqdLk9aa3yNng',
			u: 'Wx5MGo89TiuabB0uP0pbbA',
			w: 'x9jp8BorTD2OT1prfI2eDw',
			c: 'provincial_system',
			x: 1,
			d: 'Máy in kẹt giấy',
			p: 2,
			t: Date.UTC(2026, 10, 25, 1, 15, 0, 0),
			l: 2,
			a: Date.UTC(2026, 10, 25, 1, 41, 27, 318)
		});
		const full = await payloadOf(await fragmentOf(handoff()));
		expect([full.s, full.e, full.m]).toEqual([
			'Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh (iGate)',
			'Gateway Timeout',
			'Toàn bộ hoạt động tiếp nhận hồ sơ đang bị dừng lại'
		]);
	});

	it('numbers each value of the lists by its fixed position', async () => {
		const codes = async (overrides: Partial<Record<keyof ReportInput, unknown>>) => {
			const { x, p, l } = await payloadOf(await fragmentOf(handoff(report(overrides))));
			return [x, p, l];
		};
		expect(await codes({ category: 'printer_jam', complexity: 'simple', scope: 'desk', impactLevel: 'none' })).toEqual([0, 0, 0]);
		expect(await codes({ category: 'printer_jam', complexity: 'complex', scope: 'several', impactLevel: 'slowed' })).toEqual([1, 1, 1]);
		expect(await codes({ scope: 'section', impactLevel: 'stopped' })).toEqual([1, 2, 2]);
	});

	it('refuses to encode ids that are not UUIDs', async () => {
		await expect(encodeHandoff(handoff(report(), { reportId: 'abc' }), ORIGIN)).rejects.toThrow(RangeError);
		await expect(encodeHandoff(handoff(report(), { wardId: `${WARD_ID}0` }), ORIGIN)).rejects.toThrow(RangeError);
	});

	it('can make a link longer than any QR code holds, which the page must check for', async () => {
		expect(QR_TEXT_MAX).toBe(2953);
		// Letters in no pattern deflate cannot shorten: the worst case for the code's size.
		const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ';
		let seed = 1;
		const noise = (length: number) =>
			Array.from({ length }, () => {
				seed = (seed * 1103515245 + 12345) % 2 ** 31;
				return letters.charAt(seed % letters.length);
			}).join('');
		const url = await encodeHandoff(handoff(report({ description: `x${noise(1998)}x`, errorMessage: `x${noise(998)}x` })), ORIGIN);
		expect(url.length).toBeGreaterThan(QR_TEXT_MAX);
		// No camera could have read it, so the phone does not take it either.
		expect(await decodeHandoff(url.slice(url.indexOf('#')))).toEqual({ ok: false, reason: 'damaged' });
	});
});

describe('decodeHandoff', () => {
	const zoneBefore = process.env.TZ;
	afterEach(() => {
		if (zoneBefore === undefined) delete process.env.TZ;
		else process.env.TZ = zoneBefore;
	});

	it('gives back the ids and a report the server will find identical', async () => {
		const original = report();
		const back = await decoded(await fragmentOf(handoff(original)));
		expect(back.reportId).toBe(REPORT_ID);
		expect(back.userId).toBe(USER_ID);
		expect(back.wardId).toBe(WARD_ID);
		expect(sameReport(original, back.report)).toBe(true);
		expect(back.report.description).toBe(DESCRIPTION_200);
		expect(back.report.affectedSystem).toBe(original.affectedSystem);
		expect(back.report.errorMessage).toBe('Gateway Timeout');
		expect(back.report.impact).toBe(original.impact);
	});

	it('keeps absent optional fields absent', async () => {
		const bare = report(NO_OPTIONAL_TEXT);
		const back = await decoded(await fragmentOf(handoff(bare)));
		expect(sameReport(bare, back.report)).toBe(true);
		expect('affectedSystem' in back.report || 'errorMessage' in back.report || 'impact' in back.report).toBe(false);
	});

	it('keeps diacritics, quotes, backslashes, tabs and line breaks exactly', async () => {
		const description = 'Dòng 1: "Lỗi" \'ký số\' \\ C:\\Windows\r\nDòng 2:\tđã thử lại — vẫn lỗi 😞\n\nỞ Ủy ban phường';
		const original = report({ description, errorMessage: '{"error":"500 Internal\nServer Error"}', impact: 'Người dân “chờ lâu”' });
		const back = await decoded(await fragmentOf(handoff(original)));
		expect(back.report.description).toBe(description);
		expect(sameReport(original, back.report)).toBe(true);
	});

	it('keeps every millisecond of both times, and writes them with the phone’s own offset', async () => {
		// The PC wrote its times in Vietnam; the phone reads them on a trip abroad.
		const original = report({ startedAt: '2026-11-25T08:15:00.001+07:00', createdAt: '2026-11-25T08:15:00.999+07:00' });
		process.env.TZ = 'America/St_Johns';
		const back = await decoded(await fragmentOf(handoff(original)));
		expect(back.report.startedAt).toBe('2026-11-24T21:45:00.001-03:30');
		expect(back.report.createdAt).toBe('2026-11-24T21:45:00.999-03:30');
		expect(sameReport(original, back.report)).toBe(true);
	});

	it('refuses a report one millisecond off (the test above could not pass by accident)', async () => {
		const original = report();
		const back = await decoded(await fragmentOf(handoff(report({ createdAt: '2026-11-25T08:41:27.319+07:00' }))));
		expect(sameReport(original, back.report)).toBe(false);
	});

	it('reads the fragment with or without its "#"', async () => {
		const fragment = await fragmentOf(handoff());
		expect((await decoded(fragment.slice(1))).reportId).toBe(REPORT_ID);
		expect((await decoded(fragment)).reportId).toBe(REPORT_ID);
	});

	it("calls another site's code, a plain link, another version and nothing 'foreign'", async () => {
		const payload = (await fragmentOf(handoff())).slice('#r1.'.length);
		for (const fragment of [
			'',
			'#',
			'https://zalo.me/g/abcdef123',
			'#section-2',
			`#r2.${payload}`,
			`#R1.${payload}`,
			`r1${payload}`,
			`${ORIGIN}${QR_PATH}#r1.${payload}`
		]) {
			expect(await decodeHandoff(fragment), fragment).toEqual({ ok: false, reason: 'foreign' });
		}
	});

	it("calls a code with a character changed in the middle 'damaged', and never reads a changed report", async () => {
		const original = handoff();
		const fragment = await fragmentOf(original);
		const start = '#r1.'.length;
		const end = fragment.length;
		for (let index = start; index < end; index += 1) {
			for (const mask of [0b000001, 0b100000, 0b010101]) {
				const result = await decodeHandoff(withBitsFlipped(fragment, index, mask));
				// The last deflate byte ends in padding bits nobody reads (zlib writes them as 0):
				// a change there gives back the very same report, which is harmless.
				if (result.ok && index >= end - 8) {
					expect(result.handoff.reportId).toBe(original.reportId);
					expect(sameReport(original.report, result.handoff.report), `position ${index}`).toBe(true);
				} else {
					expect(result, `position ${index}, mask ${mask}`).toEqual({ ok: false, reason: 'damaged' });
				}
			}
		}
	});

	it("calls a last character changed only in bits base64 leaves unused 'damaged'", async () => {
		const fragment = await fragmentOf(handoff());
		// 639 characters: 479 bytes and 2 bits to spare, the lowest two of the last character.
		expect((fragment.length - '#r1.'.length) % 4).toBe(3);
		expect(await decodeHandoff(withBitsFlipped(fragment, fragment.length - 1, 0b000001))).toEqual({
			ok: false,
			reason: 'damaged'
		});
	});

	it("calls a code cut short, lengthened, or with characters a QR reader would not give 'damaged'", async () => {
		const fragment = await fragmentOf(handoff());
		const damaged = { ok: false, reason: 'damaged' };
		expect(await decodeHandoff('#r1.')).toEqual(damaged);
		for (const drop of [1, 2, 3, 4, 10, 100]) expect(await decodeHandoff(fragment.slice(0, -drop)), `-${drop}`).toEqual(damaged);
		// Node's inflate ignores bytes after the checksum; the decoder does not.
		for (const extra of ['AAAA', 'AA', 'Zm9v']) expect(await decodeHandoff(fragment + extra), `+${extra}`).toEqual(damaged);
		expect(await decodeHandoff(fragment.slice(0, 40) + '+' + fragment.slice(41))).toEqual(damaged);
		expect(await decodeHandoff(fragment.slice(0, 40) + ' ' + fragment.slice(40))).toEqual(damaged);
		expect(await decodeHandoff(fragment.slice(0, 40) + '%20' + fragment.slice(40))).toEqual(damaged);
		expect(await decodeHandoff(`${fragment}=`)).toEqual(damaged);
		expect(await decodeHandoff(`#r1.${Buffer.from('not deflated at all').toString('base64url')}`)).toEqual(damaged);
	});

	it("calls a code that inflates to something other than JSON text 'damaged'", async () => {
		const damaged = { ok: false, reason: 'damaged' };
		expect(await decodeHandoff(await codeOfBytes(new TextEncoder().encode('{"i": unfinished')))).toEqual(damaged);
		expect(await decodeHandoff(await codeOfBytes(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])))).toEqual(damaged);
	});

	it("calls a code that would inflate to megabytes, or longer than any QR code holds, 'damaged'", async () => {
		const bomb = await codeOfBytes(new Uint8Array(2 * 1024 * 1024).fill(0x20));
		expect(bomb.length).toBeLessThan(QR_TEXT_MAX);
		expect(await decodeHandoff(bomb)).toEqual({ ok: false, reason: 'damaged' });
		const huge = await codeOfBytes(crypto.getRandomValues(new Uint8Array(3000)));
		expect(huge.length).toBeGreaterThan(QR_TEXT_MAX);
		expect(await decodeHandoff(huge)).toEqual({ ok: false, reason: 'damaged' });
	});

	it("calls a well-formed code with a report the server would refuse 'invalid'", async () => {
		const invalid = { ok: false, reason: 'invalid' };
		const good = report();
		const encode = (r: Record<string, unknown>) => fragmentOf(handoff(r as Report));
		expect(await decodeHandoff(await encode({ ...good, category: 'printer_on_fire' }))).toEqual(invalid);
		expect(await decodeHandoff(await encode({ ...good, startedAt: '2026-11-25T08:41:27.319+07:00' }))).toEqual(invalid);
		expect(await decodeHandoff(await encode({ ...good, complexity: 'simple' }))).toEqual(invalid);
		expect(await decodeHandoff(await encode({ ...good, scope: 'building' }))).toEqual(invalid);
		expect(await decodeHandoff(await encode({ ...good, description: '   ' }))).toEqual(invalid);
		expect(await decodeHandoff(await encode({ ...good, description: 'x'.repeat(2001) }))).toEqual(invalid);
		expect(await decodeHandoff(await encode({ ...good, startedAt: '1999-12-31T23:00:00Z' }))).toEqual(invalid);
	});

	it("calls a code whose ids are not 16 bytes 'invalid'", async () => {
		const invalid = { ok: false, reason: 'invalid' };
		const payload = await payloadOf(await fragmentOf(handoff()));
		for (const ids of [
			{ i: 'not-a-uuid' },
			{ i: REPORT_ID },
			{ u: String(payload.u).slice(1) },
			{ u: `${String(payload.u)}A` },
			{ w: `${String(payload.w).slice(0, -1)}!` },
			{ w: '' },
			{ w: 7 }
		]) {
			expect(await decodeHandoff(await codeOfJson({ ...payload, ...ids })), JSON.stringify(ids)).toEqual(invalid);
		}
	});

	it('gives ids back in lower case with dashes, as the device makes them', async () => {
		const upper = await decoded(await fragmentOf(handoff(report(), { reportId: REPORT_ID.toUpperCase() })));
		expect(upper.reportId).toBe(REPORT_ID);
	});

	it("calls a payload of the wrong shape 'invalid'", async () => {
		const invalid = { ok: false, reason: 'invalid' };
		const payload = await payloadOf(await fragmentOf(handoff()));
		const { d: _d, ...withoutDescription } = payload;
		expect(await decodeHandoff(await codeOfJson(payload))).toMatchObject({ ok: true });
		expect(await decodeHandoff(await codeOfJson(withoutDescription))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, z: 1 }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, t: '2026-11-25T08:15:00+07:00' }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, t: 1.5 }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, x: 2 }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, p: -1 }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, l: 'stopped' }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson({ ...payload, a: 9e15 }))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson([payload]))).toEqual(invalid);
		expect(await decodeHandoff(await codeOfJson(null))).toEqual(invalid);
	});

	it('works in this runtime', () => {
		expect(handoffSupported()).toBe(true);
	});
});
