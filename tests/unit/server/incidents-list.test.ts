/** `GET /api/incidents` and `GET /api/incidents/{id}`: scope, order, cursor paging, filters. */
import { describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { IncidentSummary } from '$lib/domain/incident';
import { reportSchema } from '$lib/domain/report';
import { incidents } from '$lib/server/db/schema';
import { ingestReport } from '$lib/server/incidents/ingest.service';
import { listIncidentsQuery, parseListQuery } from '$lib/server/incidents/list.service';
import * as listRoute from '../../../src/routes/api/incidents/+server';
import * as oneRoute from '../../../src/routes/api/incidents/[id]/+server';
import {
	call,
	errorOf,
	makeWardWithPeople,
	person,
	reportBody,
	type Person,
	type WardFixture,
	useIncidentRuntime
} from './incidents-fixture';
import { makeItTeam, makeWard } from './test-db';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();

const jam = reportSchema.parse(reportBody({ category: 'printer_jam', complexity: 'simple', scope: 'desk' }));

async function file(w: WardFixture, count: number, body = jam): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const reporter = w.desks[i % w.desks.length]!;
		const id = uuidv7();
		await ingestReport(t.db, { reportId: id, report: body, reporter: reporter.user, wardId: w.ward.id, clockSkewMs: null });
		ids.push(id);
	}
	return ids;
}

async function list(caller: Person | null, query = '') {
	return call(listRoute.GET, caller, { path: `/api/incidents${query}` });
}

async function listed(caller: Person, query = ''): Promise<{ items: IncidentSummary[]; next: string | null }> {
	const response = await list(caller, query);
	expect(response.status, await response.clone().text()).toBe(200);
	return (await response.json()) as { items: IncidentSummary[]; next: string | null };
}

describe('GET /api/incidents', () => {
	it('lists newest first and pages with an opaque cursor, never repeating or skipping', async () => {
		const w = await makeWardWithPeople(t.db, 2);
		const ids = await file(w, 7);
		// Several incidents in one instant: the id breaks the tie.
		await t.db.update(incidents).set({ createdAt: new Date('2026-11-25T02:00:00.123456Z') }).where(sql`true`);

		const seen: string[] = [];
		let query = '?limit=3';
		for (let page = 0; page < 5; page++) {
			const { items, next } = await listed(w.desks[0]!, query);
			seen.push(...items.map((i) => i.id));
			if (!next) break;
			query = `?limit=3&cursor=${encodeURIComponent(next)}`;
		}
		expect(seen).toEqual([...ids].sort().reverse());
	});

	it('orders by the time the server received the report', async () => {
		const w = await makeWardWithPeople(t.db, 1);
		const [older, newer] = await file(w, 2);
		await t.db.update(incidents).set({ createdAt: new Date(Date.now() - 60_000) }).where(eq(incidents.id, older!));
		const { items, next } = await listed(w.desks[0]!);
		expect(items.map((i) => i.id)).toEqual([newer, older]);
		expect(next).toBeNull();
		expect(items[0]).toMatchObject({ wardId: w.ward.id, wardName: w.ward.name, category: 'printer_jam', reportCount: 1, status: 'reported' });
	});

	it('shows a ward its own incidents, a province its wards’, the system administrator all, a vendor none yet', async () => {
		const a = await makeWardWithPeople(t.db, 1);
		const b = await makeWardWithPeople(t.db, 1);
		const sameProvinceWard = await makeWard(t.db, a.province.id);
		const [inA] = await file(a, 1);
		const [inB] = await file(b, 1);
		const sibling = { ...a, ward: sameProvinceWard, desks: [await person(t.db, { role: 'desk_officer', unitId: sameProvinceWard.id })] };
		const [inSibling] = await file(sibling, 1);

		const ids = async (caller: Person) => (await listed(caller)).items.map((i) => i.id).sort();
		expect(await ids(a.desks[0]!)).toEqual([inA]);
		expect(await ids(a.responder)).toEqual([inA]);
		expect(await ids(b.desks[0]!)).toEqual([inB]);
		const provinceTeam = await person(t.db, { role: 'province_team', unitId: a.province.id });
		const provinceAdmin = await person(t.db, { role: 'admin', unitId: a.province.id });
		expect(await ids(provinceTeam)).toEqual([inA, inSibling].sort());
		expect(await ids(provinceAdmin)).toEqual([inA, inSibling].sort());
		const systemAdmin = await person(t.db, { role: 'admin', unitId: null });
		expect(await ids(systemAdmin)).toEqual([inA, inB, inSibling].sort());
		const team = await makeItTeam(t.db, a.province.id, ['printer_jam']);
		const vendor = await person(t.db, { role: 'vendor_team', unitId: team.id });
		expect(await ids(vendor)).toEqual([]);
		expect(await errorOf(await list(null))).toMatchObject({ status: 401, code: 'unauthenticated' });

		// One incident: outside the scope it does not exist.
		const get = (caller: Person, id: string) => call(oneRoute.GET, caller, { path: `/api/incidents/${id}`, params: { id } });
		expect((await get(provinceTeam, inA!)).status).toBe(200);
		expect((await get(systemAdmin, inB!)).status).toBe(200);
		expect((await get(provinceTeam, inB!)).status).toBe(404);
		expect((await get(vendor, inA!)).status).toBe(404);
		expect((await get(b.desks[0]!, inA!)).status).toBe(404);
		expect((await get(b.desks[0]!, uuidv7())).status).toBe(404);
	});

	it('filters by status, category and since', async () => {
		const w = await makeWardWithPeople(t.db, 2);
		const [jamId] = await file(w, 1);
		const [netId] = await file(w, 1, reportSchema.parse(reportBody()));
		await t.db
			.update(incidents)
			.set({ status: 'resolved', updatedAt: new Date('2026-01-01T00:00:00Z') })
			.where(eq(incidents.id, jamId!));
		const desk = w.desks[0]!;
		const ids = async (query: string) => (await listed(desk, query)).items.map((i) => i.id);

		expect(await ids('?status=resolved')).toEqual([jamId]);
		expect(await ids('?status=reported,acknowledged')).toEqual([netId]);
		expect(await ids('?status=reported&status=resolved')).toHaveLength(2);
		expect(await ids('?category=internet_section')).toEqual([netId]);
		expect(await ids('?category=printer_jam&status=reported')).toEqual([]);
		expect(await ids(`?since=${encodeURIComponent('2026-06-01T00:00:00+07:00')}`)).toEqual([netId]);
		// An unencoded "+" arrives as a space; still read as the offset it was.
		expect(await ids('?since=2025-12-31T00:00:00+07:00')).toHaveLength(2);
		expect(await ids('?since=2026-06-01T00:00:00Z')).toEqual([netId]);
	});

	it('takes the groups the views use: open is what is still being answered, closed only “Đã đóng”', async () => {
		const w = await makeWardWithPeople(t.db, 1);
		const ids = await file(w, 6);
		const statuses = ['reported', 'acknowledged', 'escalated', 'resolved', 'closed', 'withdrawn'] as const;
		const byStatus = Object.fromEntries(statuses.map((status, i) => [status, ids[i]!]));
		for (const status of statuses) await t.db.update(incidents).set({ status }).where(eq(incidents.id, byStatus[status]!));
		const desk = w.desks[0]!;
		const statusesOf = async (query: string) => (await listed(desk, query)).items.map((i) => i.status).sort();

		expect(await statusesOf('?status=open')).toEqual(['acknowledged', 'escalated', 'reported']);
		expect(await statusesOf('?status=closed')).toEqual(['closed']);
		// Groups mix with statuses and repeat harmlessly.
		expect(await statusesOf('?status=open,resolved')).toEqual(['acknowledged', 'escalated', 'reported', 'resolved']);
		expect(await statusesOf('?status=open&status=reported')).toEqual(['acknowledged', 'escalated', 'reported']);
		// The inbox's "Đang mở" asks for exactly what it shows.
		expect(await statusesOf('?status=open')).toEqual(await statusesOf('?status=reported,acknowledged,escalated'));
	});

	it('writes the open group as constants, so the partial indexes of unfinished incidents can serve it', () => {
		const scope = { kind: 'system' } as const;
		const { sql: text, params } = listIncidentsQuery(t.db, scope, parseListQuery(new URLSearchParams('status=open'), uuidv7())).toSQL();
		expect(text).toContain(`"incidents"."status" in ('reported', 'acknowledged', 'escalated')`);
		expect(params).not.toContain('reported');
	});

	it('answers bad filters and a bad cursor with 400 and a clear message', async () => {
		const w = await makeWardWithPeople(t.db, 1);
		const desk = w.desks[0]!;
		for (const [query, field, message] of [
			['?since=h%C3%B4m-qua', 'since', 'Mốc thời gian cần lọc từ đó không hợp lệ.'],
			['?since=2026-13-45T00:00:00Z', 'since', 'Mốc thời gian cần lọc từ đó không hợp lệ.'],
			['?since=2026-11-25', 'since', 'Mốc thời gian cần lọc từ đó không hợp lệ.'],
			['?status=lost', 'status', 'Trạng thái cần lọc không hợp lệ.'],
			['?category=coffee_machine', 'category', 'Loại sự cố không hợp lệ.'],
			['?limit=0', 'limit', 'Số mục mỗi trang không hợp lệ.'],
			['?limit=1000', 'limit', 'Số mục mỗi trang không hợp lệ.']
		] as const) {
			const response = await list(desk, query);
			const body = (await response.clone().json()) as { error: { field?: string } };
			expect(await errorOf(response), query).toEqual({ status: 400, code: 'validation_failed', message });
			// Programs read the field's key beside the message.
			expect(body.error.field, query).toBe(field);
		}
		for (const cursor of ['garbage', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('{').toString('base64url')]) {
			expect(await errorOf(await list(desk, `?cursor=${cursor}`))).toMatchObject({ status: 400, code: 'bad_request' });
		}
	});
});
