/**
 * Routing, timers and the lifecycle through the real routes and database: who is told about
 * a report, auto-escalation after N minutes (exactly once), the whole path from report to
 * closed, concurrent answers, and that nobody outside the incident's reach sees it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { incidentEvents, incidentReports, incidents, jobs, units, users } from '$lib/server/db/schema';
import { runTimersOnce } from '$lib/server/jobs/runner';
import { startLive, stopLive } from '$lib/server/live';
import { setNotifier, type AlertRequest } from '$lib/server/notify/notifier';

import * as listRoute from '../../../src/routes/api/incidents/+server';
import * as unitRoute from '../../../src/routes/api/units/[id]/+server';
import { ingestReport } from '$lib/server/incidents/ingest.service';
import { NETWORK_AND_PROVINCIAL_CATEGORY_IDS } from '$lib/domain/incident-catalog';
import { reportSchema } from '$lib/domain/report';
import { createHash } from 'node:crypto';
import * as attachmentRoute from '../../../src/routes/api/incidents/[id]/attachments/[attachmentId]/+server';
import { call, errorOf, png, reportBody, useIncidentRuntime } from './incidents-fixture';
import { onPostgres, withTwoProcesses } from './test-db';
import { act, decisions, detail, done, file, makeWorld, minutesAfter, read, SIMPLE, type World } from './escalation-fixture';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();
const handedOver: { incidentId: string; recipients: readonly AlertRequest[] }[] = [];

beforeAll(async () => {
	await startLive(null);
	setNotifier({ notify: async (incidentId, recipients) => void handedOver.push({ incidentId, recipients }) });
});
afterAll(async () => {
	setNotifier(null);
	await stopLive();
});

let w: World;
beforeEach(async () => {
	w = await makeWorld(t.db);
	handedOver.length = 0;
});

const timeline = async (id: string) =>
	(await t.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, id))).map((e) => e.type);

describe('routing of a new report', () => {
	it('a complex report reaches the leader and deputy at once, and the notification layer gets the same decisions', async () => {
		const incident = await file(w.desk);
		expect(await decisions(t.db, incident.id)).toEqual(
			[`${w.leader.user.id}:reported_complex`, `${w.deputy.user.id}:reported_complex`].sort()
		);
		expect(handedOver).toHaveLength(1);
		expect(handedOver[0]!.recipients.map((r) => r.userId).sort()).toEqual([w.leader.user.id, w.deputy.user.id].sort());
		const seen = await detail(w.leader, incident.id);
		expect(seen.recipients.map((r) => r.fullName).sort()).toEqual(['Trần Văn Hùng', 'Đỗ Văn Nam']);
		expect(seen.actions).toEqual(expect.arrayContaining(['acknowledge', 'escalate', 'assign']));
	});

	it('a simple report reaches the whole Response Team and nobody beyond the ward', async () => {
		const incident = await file(w.desk, SIMPLE);
		expect(await decisions(t.db, incident.id)).toEqual(
			[w.leader, w.deputy, w.member].map((p) => `${p.user.id}:reported`).sort()
		);
	});

	it('a ward with no active leader sends a complex report to every team member and the province, and says why', async () => {
		await t.db.update(users).set({ isLeader: false }).where(eq(users.id, w.leader.user.id));
		const incident = await file(w.desk);
		expect(await decisions(t.db, incident.id)).toEqual(
			[w.leader, w.deputy, w.member, w.provinceTeam].map((p) => `${p.user.id}:no_leader`).sort()
		);
		const routed = (await detail(w.member, incident.id)).timeline.find((e) => e.type === 'routed');
		expect(routed?.data).toMatchObject({ noLeader: true });
		// Without a leader, any team member may escalate.
		expect((await detail(w.member, incident.id)).actions).toContain('escalate');
	});

	it('a second report grouped into the incident tells nobody again', async () => {
		const first = await file(w.desk);
		const second = await file(w.desk2);
		expect(second.id).toBe(first.id);
		expect(await decisions(t.db, first.id)).toHaveLength(2);
	});
});

describe('timers', () => {
	it('no acknowledgement → escalated by itself after 10 minutes; the province and the covering IT team are told exactly once', async () => {
		const incident = await file(w.desk);
		expect(await runTimersOnce(t.db, minutesAfter(9))).toBe(0);
		expect((await detail(w.leader, incident.id)).status).toBe('reported');

		expect(await runTimersOnce(t.db, minutesAfter(10.1))).toBe(1);
		const escalated = await detail(w.leader, incident.id);
		expect(escalated.status).toBe('escalated');
		expect(escalated.escalatedAt).toBeDefined();
		expect(escalated.timeline.map((e) => e.type)).toEqual(['reported', 'routed', 'auto_escalated', 'routed']);
		expect(await decisions(t.db, incident.id)).toEqual(
			[
				`${w.leader.user.id}:reported_complex`,
				`${w.deputy.user.id}:reported_complex`,
				`${w.provinceTeam.user.id}:escalated`,
				`${w.vendor.user.id}:escalated`
			].sort()
		);
		// The reporter hears that the report went up to the province.
		expect(handedOver.flatMap((h) => h.recipients).filter((r) => r.reason.startsWith('escalated_for_reporter'))).toEqual([
			{ userId: w.desk.user.id, reason: 'escalated_for_reporter#2' }
		]);
		// The team that does not cover the category is neither told nor let in.
		expect((await read(w.otherVendor, incident.id)).status).toBe(404);
		expect((await detail(w.vendor, incident.id)).reached.map((u) => u.name)).toEqual(['Nghệ An', 'Tổ Đối ứng mạng']);

		// Later passes find nothing more to do; a late leader's escalate is refused, not doubled.
		expect(await runTimersOnce(t.db, minutesAfter(60))).toBe(0);
		const late = await act(w.leader, incident.id, { type: 'escalate' });
		expect(late.status).toBe(409);
		expect(await decisions(t.db, incident.id)).toHaveLength(4);
	});

	it('an acknowledgement before N minutes stops the timer: no escalation', async () => {
		const incident = await file(w.desk);
		await done(w.deputy, incident.id, { type: 'acknowledge', version: 1 });
		expect(await runTimersOnce(t.db, minutesAfter(11))).toBe(0);
		const seen = await detail(w.desk, incident.id);
		expect(seen.status).toBe('acknowledged');
		expect(seen.acknowledgedBy?.fullName).toBe('Đỗ Văn Nam');
		expect(await decisions(t.db, incident.id)).toHaveLength(2);
		const [job] = await t.db.select().from(jobs).where(eq(jobs.incidentId, incident.id));
		expect(job?.outcome).toBe('cancelled');
	});

	it("reads the ward's own timer setting when it has one", async () => {
		await t.db.update(units).set({ escalateAfterMinutes: 3 }).where(eq(units.id, w.ward.id));
		const incident = await file(w.desk);
		expect(await runTimersOnce(t.db, minutesAfter(3.1))).toBe(1);
		expect((await detail(w.leader, incident.id)).status).toBe('escalated');
	});

	it('a simple incident nobody answers: the team is reminded after 15 minutes, the leader again after 30', async () => {
		const incident = await file(w.desk, SIMPLE);
		await runTimersOnce(t.db, minutesAfter(16));
		await runTimersOnce(t.db, minutesAfter(31));
		expect(await decisions(t.db, incident.id)).toEqual(
			[
				...[w.leader, w.deputy, w.member].map((p) => `${p.user.id}:reported`),
				...[w.leader, w.deputy, w.member].map((p) => `${p.user.id}:reminder_team`),
				...[w.leader, w.deputy].map((p) => `${p.user.id}:reminder_leader`)
			].sort()
		);
		expect((await timeline(incident.id)).filter((type) => type === 'reminded')).toHaveLength(2);
	});

	it('a resolved incident nobody objects to closes itself after 3 days', async () => {
		const incident = await file(w.desk, SIMPLE);
		await done(w.member, incident.id, { type: 'resolve', note: 'Đã gỡ giấy kẹt, in thử được' });
		expect(await runTimersOnce(t.db, minutesAfter(2 * 24 * 60))).toBe(0);
		expect(await runTimersOnce(t.db, minutesAfter(3 * 24 * 60 + 1))).toBe(1);
		const closed = await detail(w.desk, incident.id);
		expect(closed.status).toBe('closed');
		expect(closed.timeline.at(-1)).toMatchObject({ type: 'auto_closed', actor: null });
	});

	it('survives a restart: timers are rows, found by any later runner', async () => {
		const incident = await file(w.desk);
		const [job] = await t.db.select().from(jobs).where(eq(jobs.incidentId, incident.id));
		expect(job).toMatchObject({ kind: 'auto_escalate', finishedAt: null });
		expect(await runTimersOnce(t.db, minutesAfter(11))).toBe(1);
	});
});

describe('the lifecycle, end to end', () => {
	it('report → acknowledge → escalate → the IT team acknowledges and resolves → the reporter confirms → closed', async () => {
		const incident = await file(w.desk);
		// Before escalation the IT team cannot see it.
		expect((await read(w.vendor, incident.id)).status).toBe(404);
		let now = await done(w.leader, incident.id, { type: 'acknowledge', version: 1 });
		expect(now).toMatchObject({ status: 'acknowledged', version: 2 });
		now = await done(w.leader, incident.id, { type: 'escalate', version: 2, note: 'Mất mạng cả Bộ phận' });
		expect(now.status).toBe('escalated');
		expect(now.reached.map((u) => u.name)).toEqual(['Nghệ An', 'Tổ Đối ứng mạng']);

		const listed = async () => {
			const response = await call(listRoute.GET, w.vendor, { path: '/api/incidents' });
			return ((await response.json()) as { items: { id: string; unitAcknowledgedAt?: string }[] }).items;
		};
		expect((await listed()).map((i) => [i.id, i.unitAcknowledgedAt])).toEqual([[incident.id, undefined]]);
		const vendorView = await detail(w.vendor, incident.id);
		expect(vendorView.actions).toEqual(expect.arrayContaining(['acknowledge', 'comment', 'resolve']));
		await done(w.vendor, incident.id, { type: 'acknowledge' });
		expect((await listed())[0]?.unitAcknowledgedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
		await done(w.provinceTeam, incident.id, { type: 'comment', note: 'Tổ Công tác tỉnh đang theo dõi' });
		now = await done(w.vendor, incident.id, { type: 'resolve', note: 'Đã thay thiết bị chuyển mạch' });
		expect(now.status).toBe('resolved');

		const deskView = await detail(w.desk, incident.id);
		expect(deskView.actions).toEqual(expect.arrayContaining(['confirm', 'reopen', 'comment']));
		now = await done(w.desk, incident.id, { type: 'confirm' });
		expect(now.status).toBe('closed');
		expect(now.closedAt).toBeDefined();
		expect(now.timeline.map((e) => `${e.type}:${e.actor?.fullName ?? '-'}`)).toEqual([
			'reported:Nguyễn Thị Lan',
			'routed:-',
			'acknowledge:Trần Văn Hùng',
			'escalate:Trần Văn Hùng',
			'routed:-',
			'acknowledge:Hoàng Đức Anh',
			'comment:Phạm Thu Hà',
			'resolve:Hoàng Đức Anh',
			'confirm:Nguyễn Thị Lan'
		]);
		const [row] = await t.db.select().from(incidents).where(eq(incidents.id, incident.id));
		for (const stamp of [row!.acknowledgedAt, row!.escalatedAt, row!.resolvedAt, row!.closedAt]) expect(stamp).toBeInstanceOf(Date);
	});

	it('two people acknowledging at once: one wins, the other is told who acted first', async () => {
		const incident = await file(w.desk, SIMPLE);
		const [a, b] = await Promise.all([
			act(w.leader, incident.id, { type: 'acknowledge', version: 1 }),
			act(w.member, incident.id, { type: 'acknowledge', version: 1 })
		]);
		const statuses = [a.status, b.status].sort();
		expect(statuses).toEqual([201, 409]);
		const loser = a.status === 409 ? a : b;
		const winner = a.status === 409 ? 'Lê Minh Tuấn' : 'Trần Văn Hùng';
		const error = await errorOf(loser);
		expect(error.code).toBe('stale_version');
		expect(error.message).toContain(winner);
		// Without a version the refusal still names who answered.
		const again = await errorOf(await act(w.deputy, incident.id, { type: 'acknowledge' }));
		expect(again).toMatchObject({ status: 409, code: 'already_acknowledged' });
		expect(again.message).toContain(winner);
		expect((await timeline(incident.id)).filter((type) => type === 'acknowledge')).toHaveLength(1);
	});

	it('a device replaying the same action (same id) changes nothing the second time', async () => {
		const incident = await file(w.desk, SIMPLE);
		const id = uuidv7();
		expect((await act(w.member, incident.id, { id, type: 'comment', note: 'Đang xuống quầy 2' })).status).toBe(201);
		expect((await act(w.member, incident.id, { id, type: 'comment', note: 'Đang xuống quầy 2' })).status).toBe(200);
		expect((await timeline(incident.id)).filter((type) => type === 'comment')).toHaveLength(1);
		// Someone else's action under that id is a conflict, not a replay.
		expect((await errorOf(await act(w.leader, incident.id, { id, type: 'comment', note: 'x' }))).code).toBe('event_conflict');
	});

	it("a device id used on another ward's incident is not found, not a conflict that tells it was used", async () => {
		const incident = await file(w.desk, SIMPLE);
		const id = uuidv7();
		expect((await act(w.member, incident.id, { id, type: 'comment', note: 'Đang xuống quầy 2' })).status).toBe(201);
		for (const outsider of [w.otherWardResponder, w.otherProvinceTeam, w.vendor]) {
			expect(await errorOf(await act(outsider, incident.id, { id, type: 'comment', note: 'x' }))).toMatchObject({ status: 404, code: 'not_found' });
		}
	});

	it('assign: to a team member only; it counts as the answer', async () => {
		const incident = await file(w.desk, SIMPLE);
		const refused = await act(w.leader, incident.id, { type: 'assign', assigneeId: w.desk.user.id });
		expect(await errorOf(refused)).toMatchObject({ status: 400, code: 'assignee_invalid' });
		const assigned = await done(w.leader, incident.id, { type: 'assign', assigneeId: w.member.user.id });
		expect(assigned).toMatchObject({ status: 'acknowledged', assignee: { fullName: 'Lê Minh Tuấn' } });
		// A plain member may not hand work out.
		expect((await act(w.member, incident.id, { type: 'assign', assigneeId: w.leader.user.id })).status).toBe(403);
	});

	it('reclassify to complex starts the complex path: the leader is told and the escalation clock runs', async () => {
		const incident = await file(w.desk, SIMPLE);
		await done(w.leader, incident.id, { type: 'reclassify', complexity: 'complex', version: 1 });
		expect(await decisions(t.db, incident.id)).toEqual(
			expect.arrayContaining([`${w.leader.user.id}:reported_complex`, `${w.deputy.user.id}:reported_complex`])
		);
		expect(await runTimersOnce(t.db, minutesAfter(11))).toBe(1);
		expect((await detail(w.leader, incident.id)).status).toBe('escalated');
		// A simple incident cannot be escalated as it is.
		const other = await file(w.desk2, SIMPLE);
		expect((await errorOf(await act(w.leader, other.id, { type: 'escalate' }))).code).toBe('escalate_simple');
	});

	it('withdraw: by the reporter before anyone acted; refused after', async () => {
		const first = await file(w.desk, SIMPLE);
		expect((await act(w.leader, first.id, { type: 'withdraw' })).status).toBe(403);
		expect((await done(w.desk, first.id, { type: 'withdraw' })).status).toBe('withdrawn');
		const [job] = await t.db.select().from(jobs).where(eq(jobs.incidentId, first.id)).limit(1);
		expect(job?.outcome).toBe('withdrawn');

		const second = await file(w.desk, SIMPLE);
		await done(w.member, second.id, { type: 'comment', note: 'Tôi xuống ngay' });
		expect((await errorOf(await act(w.desk, second.id, { type: 'withdraw' }))).code).toBe('withdraw_after_action');
	});

	it('reopen after a fix that did not hold goes back to where it was, with a reason', async () => {
		const incident = await file(w.desk, SIMPLE);
		await done(w.member, incident.id, { type: 'acknowledge' });
		await done(w.member, incident.id, { type: 'resolve', note: 'Đã gỡ giấy' });
		expect((await errorOf(await act(w.desk, incident.id, { type: 'reopen' }))).code).toBe('note_required');
		const reopened = await done(w.desk, incident.id, { type: 'reopen', note: 'Máy in lại kẹt giấy' });
		expect(reopened.status).toBe('acknowledged');
		expect(reopened.resolvedAt).toBeUndefined();
	});

	it('merge: the duplicate’s reports, files and timeline move to the incident it duplicates', async () => {
		const kept = await file(w.desk, SIMPLE);
		const duplicate = await file(w.desk2, { ...SIMPLE, description: 'Máy in quầy 1 kẹt giấy' });
		const merged = await done(w.leader, duplicate.id, { type: 'merge', targetId: kept.id });
		expect(merged.id).toBe(kept.id);
		expect(merged.reportIds.sort()).toEqual([kept.id, duplicate.id].sort());
		expect(merged.reporters.map((r) => r.fullName).sort()).toEqual(['Nguyễn Thị Lan', 'Võ Thị Mai']);
		expect(merged.timeline.map((e) => e.type)).toContain('merge');
		const reports = await t.db.select().from(incidentReports).where(eq(incidentReports.incidentId, kept.id));
		expect(reports).toHaveLength(2);
		// The duplicate's id now opens the surviving incident; the list shows one.
		expect((await detail(w.desk2, duplicate.id)).id).toBe(kept.id);
		const list = await call(listRoute.GET, w.leader, { path: '/api/incidents' });
		expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
		// Into itself, or into another ward's incident: refused.
		const third = await file(w.desk, { ...SIMPLE, description: 'Máy in quầy 3' });
		expect((await errorOf(await act(w.leader, third.id, { type: 'merge', targetId: third.id }))).code).toBe('merge_target_invalid');
	});

	it('outage times: a desk that lived through a reported outage adds its real start and end, changing nothing anyone decides on', async () => {
		const outage = await file(w.desk, {
			category: 'internet_section',
			complexity: 'complex',
			description: 'Mất mạng cả Bộ phận',
			scope: 'section',
			impactLevel: 'stopped'
		});
		const times = { type: 'outage_times', from: '2026-12-07T08:05:00+07:00', to: '2026-12-07T08:41:00+07:00' } as const;
		// Another desk officer of the ward, who did not report it: a colleague.
		const now = await done(w.desk2, outage.id, { ...times, version: outage.version });
		expect(now).toMatchObject({ status: outage.status, version: outage.version });
		const event = now.timeline.find((e) => e.type === 'outage_times')!;
		expect(event.actor?.fullName).toBe('Võ Thị Mai');
		expect(event.data).toEqual({ from: '2026-12-07T01:05:00.000Z', to: '2026-12-07T01:41:00.000Z' });
		// Never offered as a button: a device records it when the network is back.
		expect(now.actions).not.toContain('outage_times');

		// Not for those who did not live through it; another ward does not even see the incident.
		expect((await errorOf(await act(w.provinceTeam, outage.id, times))).code).toBe('event_forbidden');
		expect((await act(w.otherWardResponder, outage.id, times)).status).toBe(404);
		// An end before the start, or later than now by more than a clock's error: refused, named.
		const backwards = await errorOf(await act(w.desk2, outage.id, { ...times, from: times.to, to: times.from }));
		expect(backwards).toMatchObject({ status: 400, code: 'validation_failed' });
		expect(backwards.message).toBe('Thời điểm có mạng lại không hợp lệ.');
		const future = new Date(Date.now() + 3_600_000).toISOString();
		expect((await errorOf(await act(w.desk2, outage.id, { ...times, to: future }))).status).toBe(400);
	});
});

describe('reach: nobody sees what they should not (404)', () => {
	it('every incident endpoint answers 404 to another ward, another province and an IT team it never reached', async () => {
		const incident = await file(w.desk);
		for (const outsider of [w.otherWardResponder, w.otherProvinceTeam, w.vendor, w.otherVendor]) {
			expect((await read(outsider, incident.id)).status).toBe(404);
			expect((await act(outsider, incident.id, { type: 'comment', note: 'x' })).status).toBe(404);
		}
		const unknown = uuidv7();
		expect((await act(w.leader, unknown, { type: 'acknowledge' })).status).toBe(404);
		expect((await act(w.leader, 'not-a-uuid', { type: 'acknowledge' })).status).toBe(404);
		// The province sees every incident of its wards.
		expect((await read(w.provinceTeam, incident.id)).status).toBe(200);
	});

	it('an attachment is 404 to an IT team until the incident reached it, then viewable; never to another team', async () => {
		const incident = await file(w.desk);
		const bytes = png(2048);
		const attachmentId = uuidv7();
		const query = new URLSearchParams({ name: 'man-hinh-loi.png', type: 'image/png', sha256: createHash('sha256').update(bytes).digest('hex') });
		const put = await call(attachmentRoute.PUT, w.desk, {
			method: 'PUT',
			path: `/api/incidents/${incident.id}/attachments/${attachmentId}?${query}`,
			params: { id: incident.id, attachmentId },
			body: bytes as BodyInit,
			headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) }
		});
		expect(put.status).toBe(201);
		const get = (who: typeof w.vendor) =>
			call(attachmentRoute.GET, who, {
				path: `/api/incidents/${incident.id}/attachments/${attachmentId}`,
				params: { id: incident.id, attachmentId }
			});
		expect((await get(w.vendor)).status).toBe(404);
		await done(w.leader, incident.id, { type: 'escalate' });
		expect((await get(w.vendor)).status).toBe(200);
		expect((await get(w.otherVendor)).status).toBe(404);
		expect((await get(w.otherProvinceTeam)).status).toBe(404);
	});

	it("an IT team sees an escalated incident's ward (its leader's phone, its hotline) only once the incident reached it", async () => {
		const unit = () => call(unitRoute.GET, w.vendor, { path: `/api/units/${w.ward.id}`, params: { id: w.ward.id } });
		const incident = await file(w.desk);
		expect((await unit()).status).toBe(404);
		await done(w.leader, incident.id, { type: 'escalate' });
		const response = await unit();
		expect(response.status).toBe(200);
		const body = (await response.json()) as { unit: { people: { fullName: string }[] } };
		expect(body.unit.people.map((p) => p.fullName)).toContain('Trần Văn Hùng');
		expect((await call(unitRoute.GET, w.otherVendor, { path: `/api/units/${w.ward.id}`, params: { id: w.ward.id } })).status).toBe(404);
	});

	it('a transition the role may not take on a visible incident is 403 with a Vietnamese message', async () => {
		const incident = await file(w.desk);
		const refused = await errorOf(await act(w.desk, incident.id, { type: 'acknowledge' }));
		expect(refused).toMatchObject({ status: 403, code: 'event_forbidden' });
		expect(refused.message).toMatch(/không có quyền/);
		const bad = await act(w.leader, incident.id, { type: 'fly' as never });
		expect(bad.status).toBe(400);
	});
});

describe.runIf(onPostgres)('two job runners on one PostgreSQL (PostgreSQL only)', () => {
	it('each due timer fires once: ten incidents, two processes racing, ten escalations and one routing each', async () => {
		await withTwoProcesses('jobs', async (one, two) => {
		const world = await makeWorld(one);
		const ids: string[] = [];
		for (let i = 0; i < 10; i++) {
			const id = uuidv7();
			const result = await ingestReport(one, {
				reportId: id,
				report: reportSchema.parse(reportBody({ category: 'security_incident', description: `Máy quầy ${i + 1} nghi nhiễm mã độc` })),
				reporter: world.desk.user,
				wardId: world.ward.id,
				clockSkewMs: 0
			});
			if (result.kind !== 'created') throw new Error(result.kind);
			ids.push(result.incidentId);
		}
		// The province, and the network team only if it covers the category.
		const covers = NETWORK_AND_PROVINCIAL_CATEGORY_IDS.includes('security_incident');
		const expectedTold = [world.provinceTeam, ...(covers ? [world.vendor] : [])].map((p) => p.user.id).sort();
		const later = minutesAfter(11);
		const [a, b] = await Promise.all([runTimersOnce(one, later), runTimersOnce(two, later)]);
		expect(a + b).toBe(10);
		for (const id of ids) {
			const events = await one.select().from(incidentEvents).where(eq(incidentEvents.incidentId, id));
			expect(events.filter((e) => e.type === 'auto_escalated')).toHaveLength(1);
			const told = (await decisions(one, id)).filter((d) => d.endsWith(':escalated')).map((d) => d.split(':')[0]);
			expect(told.sort()).toEqual(expectedTold);
		}
		});
	});
});

describe.skipIf(onPostgres)('two job runners', () => {
	it.skip('runs in the PostgreSQL pass (TEST_DATABASE_URL): one PGlite connection cannot race itself', () => {});
});
