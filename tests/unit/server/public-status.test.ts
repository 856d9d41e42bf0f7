/**
 * A ward's public status (`GET /api/public/wards/{slug}`): "normal", or "đang gặp sự cố"
 * since a time while an incident that stopped intake is open — and never a field beyond the
 * documented ones, whatever state its incidents are in. Cached for a few seconds, dropped at
 * once when the ward's incidents change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { PUBLIC_WARD_FIELDS } from '$lib/domain/notice';
import { incidents } from '$lib/server/db/schema';
import { getLiveHub, startLive, stopLive } from '$lib/server/live';
import { cachedPublicWard, clearPublicWardCache, forgetPublicWard } from '$lib/server/org/public-ward-cache';
import * as publicRoute from '../../../src/routes/api/public/wards/[slug]/+server';
import { act, done, file, makeWorld, SIMPLE, type World } from './escalation-fixture';
import { at, call, useIncidentRuntime } from './incidents-fixture';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();
let w: World;

beforeAll(async () => {
	await startLive(null);
	// As at server start: the ward's cached answer goes when its incidents change.
	getLiveHub().subscribe((change) => forgetPublicWard(change.wardId));
});
afterAll(() => stopLive());
beforeEach(async () => {
	clearPublicWardCache();
	w = await makeWorld(t.db);
});

async function publicAnswer(slug = w.ward.slug, query = ''): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
	const response = await call(publicRoute.GET, null, { path: `/api/public/wards/${slug}${query}`, params: { slug } });
	const text = await response.text();
	return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

const statusOf = async () => ((await publicAnswer()).body.ward as { status: unknown }).status;

const STOPPED = { impactLevel: 'stopped' as const, impact: 'Toàn bộ hoạt động tiếp nhận hồ sơ đang bị dừng lại' };

describe('a ward’s public status', () => {
	it('is normal, then "problem" since the incident started while it is open, and normal again once resolved', async () => {
		expect(await statusOf()).toEqual({ state: 'normal' });
		const incident = await file(w.desk, { ...STOPPED, startedAt: at(-20) });
		expect(await statusOf()).toEqual({ state: 'problem', since: new Date(incident.startedAt).toISOString() });
		await done(w.leader, incident.id, { type: 'acknowledge' });
		await done(w.leader, incident.id, { type: 'escalate' });
		expect(await statusOf()).toMatchObject({ state: 'problem' });
		await done(w.member, incident.id, { type: 'resolve', note: 'Đã khôi phục đường truyền' });
		expect(await statusOf()).toEqual({ state: 'normal' });
	});

	it('counts only incidents that stopped intake; of several, since the earliest start', async () => {
		await file(w.desk, { ...SIMPLE, impactLevel: 'slowed' });
		expect(await statusOf()).toEqual({ state: 'normal' });
		const later = await file(w.desk, { ...STOPPED, category: 'power_outage', description: 'Mất điện cả tầng', startedAt: at(-5) });
		const earlier = await file(w.desk2, { ...STOPPED, category: 'provincial_system', description: 'iGate báo lỗi', startedAt: at(-40) });
		expect(await statusOf()).toEqual({ state: 'problem', since: new Date(earlier.startedAt).toISOString() });
		await done(w.desk2, earlier.id, { type: 'withdraw' });
		expect(await statusOf()).toEqual({ state: 'problem', since: new Date(later.startedAt).toISOString() });
	});

	it('never answers beyond its documented fields, for incidents in any state', async () => {
		const description = 'Mất kết nối mạng toàn bộ Bộ phận Một cửa — máy chủ 10.0.0.5';
		const open = await file(w.desk, { ...STOPPED, description, errorMessage: 'ERR_CONNECTION_TIMED_OUT' });
		const shapes = async () => {
			const { body, text } = await publicAnswer();
			const ward = body.ward as Record<string, unknown>;
			expect(Object.keys(body)).toEqual(['ward']);
			expect(Object.keys(ward).sort()).toEqual([...PUBLIC_WARD_FIELDS].sort());
			expect(Object.keys(ward.notice as object).sort()).toEqual(['audio', 'estimatedWait', 'isDefault', 'text']);
			const status = ward.status as Record<string, unknown>;
			expect(Object.keys(status).sort()).toEqual(status.state === 'problem' ? ['since', 'state'] : ['state']);
			// Nothing internal, in any form.
			for (const secret of [description, 'ERR_CONNECTION', w.desk.user.fullName, w.leader.user.fullName, w.ward.id, open.id, 'Toàn bộ hoạt động']) {
				expect(text).not.toContain(secret);
			}
			return status.state;
		};
		expect(await shapes()).toBe('problem');
		await done(w.leader, open.id, { type: 'acknowledge' });
		expect(await shapes()).toBe('problem');
		await done(w.leader, open.id, { type: 'escalate' });
		expect(await shapes()).toBe('problem');
		await done(w.vendor, open.id, { type: 'resolve', note: 'Đã thay modem' });
		expect(await shapes()).toBe('normal');
		await done(w.desk, open.id, { type: 'confirm' });
		expect(await shapes()).toBe('normal');
		const withdrawn = await file(w.desk, { ...STOPPED, category: 'power_outage', description: 'Mất điện' });
		expect(await shapes()).toBe('problem');
		await done(w.desk, withdrawn.id, { type: 'withdraw' });
		expect(await shapes()).toBe('normal');
	});

	it('keeps an answer a few seconds, and drops it the moment the ward’s incidents change', async () => {
		const incident = await file(w.desk, STOPPED);
		expect(await statusOf()).toMatchObject({ state: 'problem' });
		// Changed behind the service's back (no live update): the cached answer stands…
		await t.db.update(incidents).set({ status: 'resolved' }).where(eq(incidents.id, incident.id));
		expect(await statusOf()).toMatchObject({ state: 'problem' });
		// …until the ward's next change is announced.
		forgetPublicWard(w.ward.id);
		expect(await statusOf()).toEqual({ state: 'normal' });
		const response = await call(publicRoute.GET, null, { path: `/api/public/wards/${w.ward.slug}`, params: { slug: w.ward.slug } });
		expect(response.headers.get('cache-control')).toBe('public, max-age=5');
	});

	it('a flood of polls costs one query per ward per few seconds, and unknown slugs are kept too', async () => {
		let selects = 0;
		const counting = new Proxy(t.db, {
			get(target, key, receiver) {
				if (key === 'select') selects++;
				return Reflect.get(target, key, receiver);
			}
		});
		const now = Date.now();
		for (let i = 0; i < 500; i++) await cachedPublicWard(counting, w.ward.slug, now + i);
		// One for the ward, one for its status.
		expect(selects).toBe(2);
		for (let i = 0; i < 500; i++) await cachedPublicWard(counting, 'khong-co-phuong-nay', now + i);
		expect(selects).toBe(3);
		// After the few seconds, asked again.
		await cachedPublicWard(counting, w.ward.slug, now + 6_000);
		expect(selects).toBe(5);
	});

	it('answers an unknown or hostile slug with a clear 404, and ignores query strings', async () => {
		for (const slug of ['khong-co-phuong-nay', '../../etc/passwd', "x' or 1=1 --", 'A'.repeat(5000), '%00']) {
			const { status, body } = await publicAnswer(slug);
			expect(status, slug).toBe(404);
			expect((body.error as { message: string }).message).toMatch(/Không tìm thấy/);
		}
		const plain = await publicAnswer();
		const hostile = await publicAnswer(w.ward.slug, `?status=x&__proto__[a]=1&${'q'.repeat(2000)}=1`);
		expect(hostile.status).toBe(200);
		expect(hostile.body).toEqual(plain.body);
	});

	it('stays out of reach of what other wards report', async () => {
		const other = await file(w.desk, STOPPED);
		const refused = await act(w.otherWardResponder, other.id, { type: 'resolve', note: 'x' });
		expect(refused.status).toBe(404);
		expect(await statusOf()).toMatchObject({ state: 'problem' });
	});
});
