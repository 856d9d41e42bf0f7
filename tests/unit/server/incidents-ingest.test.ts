/** `PUT /api/incidents/{id}`: idempotent create, conflicts, validation, clock skew, who may report. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { IncidentDetail } from '$lib/domain/incident';
import { incidentReports, incidents } from '$lib/server/db/schema';
import { clockSkewMs, MAX_CLOCK_SKEW_MS, onServerClock } from '$lib/server/incidents/clock';
import * as route from '../../../src/routes/api/incidents/[id]/+server';
import {
	at,
	call,
	errorOf,
	JSON_HEADERS,
	makeWardWithPeople,
	NOW,
	person,
	reportBody,
	type Person,
	type WardFixture,
	useIncidentRuntime
} from './incidents-fixture';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();

let w: WardFixture;
let desk: Person;
beforeEach(async () => {
	w = await makeWardWithPeople(t.db, 2);
	desk = w.desks[0]!;
});

function put(caller: Person | null, id: string, body: unknown, headers: Record<string, string> = {}) {
	return call(route.PUT, caller, {
		method: 'PUT',
		path: `/api/incidents/${id}`,
		params: { id },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		headers: { ...JSON_HEADERS, ...headers }
	});
}

/** The incident a PUT answered with, read as its reporter's device would read it. */
async function incidentOf(response: Response, caller: Person = desk): Promise<IncidentDetail> {
	const { incident } = (await response.json()) as { incident: { id: string } };
	const read = await call(route.GET, caller, { path: `/api/incidents/${incident.id}`, params: { id: incident.id } });
	return ((await read.json()) as { incident: IncidentDetail }).incident;
}

describe('PUT /api/incidents/{id}', () => {
	it('creates with 201, then answers an identical repeat with 200 and the same incident', async () => {
		const id = uuidv7();
		const body = reportBody({ affectedSystem: 'Đường truyền FPT', errorMessage: '' });
		const first = await put(desk, id, body);
		expect(first.status).toBe(201);
		// The answer is what the device needs, nothing read back.
		expect(await first.clone().json()).toEqual({ incident: { id } });
		const created = await incidentOf(first);
		expect(created).toMatchObject({
			id,
			wardId: w.ward.id,
			status: 'reported',
			version: 1,
			category: 'internet_section',
			complexity: 'complex',
			description: body.description,
			affectedSystem: 'Đường truyền FPT',
			scope: 'section',
			impactLevel: 'stopped',
			reportIds: [id],
			reporters: [{ id: desk.user.id, fullName: desk.user.fullName }],
			attachments: []
		});
		// Blank optional text is "not given": absent, not "" and not null.
		expect(created).not.toHaveProperty('errorMessage');
		expect(Date.parse(created.startedAt)).toBe(Date.parse(body.startedAt));
		expect(Date.parse(created.createdAt)).toBe(Date.parse(body.createdAt));
		// Received now, by the server's clock (the report itself was made at NOW on the device).
		expect(Math.abs(Date.now() - Date.parse(created.receivedAt))).toBeLessThan(10_000);
		// Then who was told (escalation.test.ts checks whom).
		expect(created.timeline).toEqual([
			expect.objectContaining({ type: 'reported', actor: { id: desk.user.id, fullName: desk.user.fullName }, reportId: id }),
			expect.objectContaining({ type: 'routed', actor: null })
		]);

		// The same report again, times spelled in UTC this time: identical.
		const again = await put(desk, id, {
			...body,
			startedAt: new Date(body.startedAt).toISOString(),
			createdAt: new Date(body.createdAt).toISOString()
		});
		expect(again.status).toBe(200);
		expect((await incidentOf(again)).id).toBe(id);
		expect(await t.db.select().from(incidentReports)).toHaveLength(1);
		expect(await t.db.select().from(incidents)).toHaveLength(1);
	});

	it('answers 409 incident_conflict when the same id comes with other content, and keeps the first', async () => {
		const id = uuidv7();
		expect((await put(desk, id, reportBody())).status).toBe(201);
		const conflict = await put(desk, id, reportBody({ description: 'Nội dung khác' }));
		expect(await errorOf(conflict)).toMatchObject({ status: 409, code: 'incident_conflict' });
		const [row] = await t.db.select().from(incidentReports).where(eq(incidentReports.id, id));
		expect(row!.description).toBe(reportBody().description);
		// Another officer sending the same id and fields is not a repeat of this report either.
		expect((await put(w.desks[1]!, id, reportBody())).status).toBe(409);
	});

	it('answers 404 when the id is another ward’s report, whatever the body: its existence is not told', async () => {
		const id = uuidv7();
		expect((await put(desk, id, reportBody())).status).toBe(201);
		const elsewhere = await makeWardWithPeople(t.db, 1);
		const stranger = elsewhere.desks[0]!;
		for (const body of [reportBody(), reportBody({ description: 'Nội dung khác' })]) {
			expect(await errorOf(await put(stranger, id, body))).toMatchObject({ status: 404, code: 'not_found' });
		}
		expect(await t.db.select().from(incidentReports).where(eq(incidentReports.id, id))).toHaveLength(1);
	});

	it('refuses an empty description, a start after the report, an unknown category, with clear messages', async () => {
		const cases: [object, string, string][] = [
			[{ description: '   ' }, 'description_required', 'Hãy mô tả sự cố'],
			[{ startedAt: at(5), createdAt: at(0) }, 'started_after_report', 'Giờ bắt đầu'],
			[{ category: 'coffee_machine' }, 'unknown_category', 'không có trong danh mục'],
			[{ category: 'internet_section', complexity: 'simple' }, 'complexity_below_default', 'phức tạp']
		];
		for (const [override, code, words] of cases) {
			const refused = await errorOf(await put(desk, uuidv7(), { ...reportBody(), ...override }));
			expect(refused, code).toMatchObject({ status: 400, code });
			expect(refused.message).toContain(words);
		}
		const unknownField = await errorOf(await put(desk, uuidv7(), { ...reportBody(), priority: 'urgent' }));
		expect(unknownField).toMatchObject({ status: 400, code: 'unknown_field' });
		const missing = await errorOf(await put(desk, uuidv7(), { ...reportBody(), startedAt: undefined }));
		expect(missing).toMatchObject({ status: 400, code: 'validation_failed' });
		expect(missing.message).toBe('Thời điểm bắt đầu bị thiếu hoặc sai kiểu dữ liệu.');
		expect(await t.db.select().from(incidents)).toHaveLength(0);
	});

	it('stores HTML in the text verbatim, as text', async () => {
		const id = uuidv7();
		const description = '<script>alert("x")</script><b>Mất mạng</b> & <img src=x onerror=alert(1)>';
		const response = await put(desk, id, reportBody({ description, impact: '<i>dừng tiếp nhận</i>' }));
		expect(response.status).toBe(201);
		const incident = await incidentOf(response);
		expect(incident.description).toBe(description);
		expect(incident.impact).toBe('<i>dừng tiếp nhận</i>');
	});

	it('answers 10 MB of text with a clear 413, not a 500, and nothing is stored', async () => {
		const huge = JSON.stringify(reportBody({ description: 'x'.repeat(10 * 1024 * 1024) }));
		const refused = await errorOf(await put(desk, uuidv7(), huge, { 'content-length': String(huge.length) }));
		expect(refused).toMatchObject({ status: 413, code: 'body_too_large' });
		expect(refused.message).toContain('KB');
		// Just over the field's own limit, but within the body limit: the field is named.
		const long = await errorOf(await put(desk, uuidv7(), reportBody({ description: 'x'.repeat(2001) })));
		expect(long).toMatchObject({ status: 400, code: 'validation_failed' });
		expect(long.message).toBe('Mô tả quá dài.');
		expect(await t.db.select().from(incidents)).toHaveLength(0);
	});

	it('refuses control characters and a body that is not JSON', async () => {
		expect(await errorOf(await put(desk, uuidv7(), reportBody({ description: 'a\u0000b' })))).toMatchObject({
			status: 400,
			code: 'invalid_characters'
		});
		expect(await errorOf(await put(desk, uuidv7(), '{"category":'))).toMatchObject({ status: 400, code: 'invalid_json' });
	});

	it('answers a malformed id with 400 invalid_id', async () => {
		const refused = await errorOf(await put(desk, 'not-a-uuid', reportBody()));
		expect(refused).toEqual({ status: 400, code: 'invalid_id', message: 'Mã sự cố không hợp lệ (phải là một UUID).' });
	});

	it('accepts any RFC 4122 UUID, v4 as well as v7', async () => {
		expect((await put(desk, crypto.randomUUID(), reportBody())).status).toBe(201);
	});

	it('records the receive time and the device clock skew from X-Device-Time', async () => {
		const skewed = uuidv7();
		// The device's clock is 3 minutes behind the server's.
		const deviceTime = new Date(Date.now() - 3 * 60_000).toISOString();
		expect((await put(desk, skewed, reportBody(), { 'x-device-time': deviceTime })).status).toBe(201);
		const plain = uuidv7();
		expect((await put(desk, plain, reportBody({ category: 'printer_jam', complexity: 'simple' }))).status).toBe(201);
		const garbled = uuidv7();
		expect((await put(desk, garbled, reportBody({ category: 'printer_paper', complexity: 'simple' }), { 'x-device-time': 'hôm qua' })).status).toBe(201);

		const rows = await t.db.select().from(incidentReports);
		const byId = new Map(rows.map((r) => [r.id, r]));
		const skew = byId.get(skewed)!.clockSkewMs!;
		expect(skew).toBeGreaterThanOrEqual(3 * 60_000);
		expect(skew).toBeLessThan(3 * 60_000 + 5_000);
		expect(Math.abs(byId.get(skewed)!.receivedAt.getTime() - Date.now())).toBeLessThan(10_000);
		expect(byId.get(plain)!.clockSkewMs).toBeNull();
		expect(byId.get(garbled)!.clockSkewMs).toBeNull();
		// The report keeps the device's own times; the incident's are on the server's clock.
		expect(byId.get(skewed)!.startedAt.getTime()).toBe(Date.parse(reportBody().startedAt));
		const [incident] = await t.db.select().from(incidents).where(eq(incidents.id, skewed));
		expect(incident!.startedAt.getTime() - Date.parse(reportBody().startedAt)).toBe(skew);
	});

	it('refuses a start or report time outside the years 2000–2100 with a clear 400, never a 500', async () => {
		const cases: [object, string][] = [
			[{ startedAt: '0000-06-01T00:00:00Z' }, 'startedAt'],
			[{ startedAt: '1999-12-31T23:59:59.999Z' }, 'startedAt'],
			[{ createdAt: '9999-12-31T23:59:59Z' }, 'createdAt'],
			[{ startedAt: '2101-01-01T00:00:00Z', createdAt: '2101-01-01T00:00:00Z' }, 'startedAt']
		];
		for (const [override, field] of cases) {
			const refused = await put(desk, uuidv7(), { ...reportBody(), ...override });
			expect(refused.status, JSON.stringify(override)).toBe(400);
			expect(((await refused.json()) as { error: object }).error).toMatchObject({
				code: 'time_out_of_range',
				field,
				message: 'Thời điểm không hợp lệ (phải trong khoảng năm 2000–2100).'
			});
		}
		expect(await t.db.select().from(incidents)).toHaveLength(0);
		// The bounds themselves are fine.
		const edge = reportBody({ startedAt: '2000-01-01T00:00:00Z', createdAt: '2100-12-31T23:59:59.999Z' });
		expect((await put(desk, uuidv7(), edge)).status).toBe(201);
	});

	it('ignores an X-Device-Time that is not a real instant within ten years of the server clock', async () => {
		const wild = ['9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2026-02-30T08:00:00Z', new Date(Date.now() - 11 * 365 * 86_400_000).toISOString()];
		for (const deviceTime of wild) {
			const id = uuidv7();
			const response = await put(desk, id, reportBody({ category: 'printer_jam', complexity: 'simple' }), { 'x-device-time': deviceTime });
			expect(response.status, deviceTime).toBe(201);
			const [row] = await t.db.select().from(incidentReports).where(eq(incidentReports.id, id));
			expect(row!.clockSkewMs, deviceTime).toBeNull();
			expect(row!.serverStartedAt.getTime()).toBe(Date.parse(reportBody().startedAt));
		}
		// A clock years off but within ten years still counts: the skew is recorded and used.
		const id = uuidv7();
		const nineYearsBehind = new Date(Date.now() - 9 * 365 * 86_400_000).toISOString();
		expect((await put(desk, id, reportBody(), { 'x-device-time': nineYearsBehind })).status).toBe(201);
		const [row] = await t.db.select().from(incidentReports).where(eq(incidentReports.id, id));
		expect(Math.abs(row!.clockSkewMs! - 9 * 365 * 86_400_000)).toBeLessThan(10_000);
	});

	it('never shifts a time by more than ten years, whatever skew it is given', () => {
		const tenYears = MAX_CLOCK_SKEW_MS;
		expect(onServerClock(at(0), -1e15).getTime()).toBe(Date.parse(at(0)) - tenYears);
		expect(onServerClock(at(0), 1e15).getTime()).toBe(Date.parse(at(0)) + tenYears);
		expect(clockSkewMs('9999-12-31T23:59:59Z', NOW)).toBeNull();
		expect(clockSkewMs('2026-11-25T02:29:00Z', NOW)).toBe(60_000);
	});

	it('answers 401 session_mismatch when X-Expected-User names someone else, and stores nothing', async () => {
		const other = w.desks[1]!;
		const refused = await errorOf(await put(desk, uuidv7(), reportBody(), { 'x-expected-user': other.user.id }));
		expect(refused).toMatchObject({ status: 401, code: 'session_mismatch' });
		expect(await t.db.select().from(incidents)).toHaveLength(0);
		// Naming the signed-in user (in any case) is fine.
		const ok = await put(desk, uuidv7(), reportBody(), { 'x-expected-user': desk.user.id.toUpperCase() });
		expect(ok.status).toBe(201);
	});

	it('lets desk officers and ward responders report; others get 403, anonymous callers 401', async () => {
		expect((await put(w.responder, uuidv7(), reportBody())).status).toBe(201);
		const provinceTeam = await person(t.db, { role: 'province_team', unitId: w.province.id });
		const wardAdmin = await person(t.db, { role: 'admin', unitId: w.ward.id });
		const systemAdmin = await person(t.db, { role: 'admin', unitId: null });
		for (const caller of [provinceTeam, wardAdmin, systemAdmin]) {
			expect(await errorOf(await put(caller, uuidv7(), reportBody()))).toMatchObject({ status: 403, code: 'forbidden' });
		}
		expect(await errorOf(await put(null, uuidv7(), reportBody()))).toMatchObject({ status: 401, code: 'unauthenticated' });
	});

	it('answers in English for an English-speaking caller', async () => {
		const response = await call(route.PUT, desk, {
			method: 'PUT',
			path: `/api/incidents/x`,
			params: { id: uuidv7() },
			body: JSON.stringify(reportBody({ description: '' })),
			headers: JSON_HEADERS,
			locale: 'en'
		});
		expect((await errorOf(response)).message).toBe('Describe the incident (it cannot be left empty).');
	});
});
