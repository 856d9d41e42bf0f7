/**
 * The delivery layer between routing and the channels: one delivery per person and reason,
 * retries with backoff, the ladder to the next channel when nobody reacts or a channel gives
 * up, gone push subscriptions removed, and no double alerts (a report synced twice, two
 * runners on PostgreSQL, a crash mid-delivery → the same key again, never a second key).
 *
 * The channels here are small recording implementations of the Channel interface; each real
 * channel is tested over its own protocol on loopback (notify-*.test.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries, incidentEvents, pushSubscriptions } from '$lib/server/db/schema';
import { startLive, stopLive } from '$lib/server/live';
import type { Alert, Channel, ChannelName, Recipient, SendResult } from '$lib/server/notify/channel';
import { enqueueAlerts, enqueueMissing, runDeliveries } from '$lib/server/notify/deliveries.service';
import { deliveryNotifier } from '$lib/server/notify/delivery-notifier';
import { setNotifier } from '$lib/server/notify/notifier';
import { detail, done, file, makeWorld, minutesAfter, type World } from './escalation-fixture';
import { person, useIncidentRuntime } from './incidents-fixture';
import { deliveryLog } from '$lib/server/notify/log.service';
import { onPostgres, withTwoProcesses } from './test-db';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const ORIGIN = 'https://ungcuu.nghean.example';

/** A channel that records what it was asked to send, answering as told. */
class Recording implements Channel {
	sent: { key: string; userId: string; alert: Alert }[] = [];
	answer: (recipient: Recipient) => SendResult = () => ({ ok: true });
	constructor(
		readonly name: ChannelName,
		private readonly reach: (r: Recipient) => boolean
	) {}
	configured() {
		return true;
	}
	reaches(r: Recipient) {
		return this.reach(r);
	}
	async send(alert: Alert, recipient: Recipient): Promise<SendResult> {
		this.sent.push({ key: alert.key, userId: recipient.userId, alert });
		return this.answer(recipient);
	}
}

const t = useIncidentRuntime();
let w: World;
let push: Recording;
let email: Recording;
let channels: Channel[];

beforeAll(() => startLive(null));
afterAll(async () => {
	setNotifier(null);
	await stopLive();
});
beforeEach(async () => {
	w = await makeWorld(t.db);
	push = new Recording('push', (r) => r.pushSubscriptions.length > 0);
	email = new Recording('email', (r) => Boolean(r.email));
	channels = [push, email];
	// The leader has the app installed; everyone has an e-mail.
	await t.db.insert(pushSubscriptions).values({
		userId: w.leader.user.id,
		endpoint: 'https://push.example/leader-phone',
		p256dh: 'BPk',
		auth: 'au'
	});
	setNotifier(null);
});

const rows = (incidentId: string) => t.db.select().from(deliveries).where(eq(deliveries.incidentId, incidentId));
const run = (at = new Date()) => runDeliveries(t.db, channels, ORIGIN, at);

async function withEmails(): Promise<void> {
	const { users } = await import('$lib/server/db/schema');
	for (const p of [w.leader, w.deputy, w.member, w.provinceTeam, w.vendor]) {
		await t.db.update(users).set({ email: `${p.user.username}@thaihoa.example` }).where(eq(users.id, p.user.id));
	}
}

describe('deliveries', () => {
	it('a complex report: the leader by push (the app), the deputy by e-mail; Vietnamese Step-2 text and link', async () => {
		await withEmails();
		const notifier = deliveryNotifier(t.db, () => channels, ORIGIN);
		setNotifier(notifier);
		const incident = await file(w.desk);
		// The notifier started a pass by itself; this waits for it (and runs one more).
		await notifier.run();
		expect(push.sent.map((s) => s.userId)).toEqual([w.leader.user.id]);
		expect(email.sent.map((s) => s.userId)).toEqual([w.deputy.user.id]);
		const alert = push.sent[0]!.alert;
		expect(alert.title).toBe('Sự cố phức tạp — cần Tổ trưởng xử lý ngay · Nghệ An'.replace('Nghệ An', w.ward.name));
		expect(alert.body).toContain('Mô tả: Mất kết nối mạng toàn bộ Bộ phận Một cửa');
		expect(alert.url).toBe(`${ORIGIN}/su-co/${incident.id}`);
		expect((await rows(incident.id)).map((d) => d.status)).toEqual(['sent', 'sent']);
		// The delivery log on the incident's page.
		const log = (await detail(w.leader, incident.id)).deliveries;
		expect(log.map((d) => [d.fullName, d.channel, d.reason, d.status]).sort()).toEqual([
			['Trần Văn Hùng', 'push', 'reported_complex', 'sent'],
			['Đỗ Văn Nam', 'email', 'reported_complex', 'sent']
		]);
	});

	it('the reporter hears back: taken up, escalated, fixed — by the person who did it, not to them', async () => {
		await withEmails();
		const { users } = await import('$lib/server/db/schema');
		await t.db.update(users).set({ email: 'motcua@thaihoa.example' }).where(eq(users.id, w.desk.user.id));
		const notifier = deliveryNotifier(t.db, () => channels, ORIGIN);
		setNotifier(notifier);
		const incident = await file(w.desk);
		await done(w.leader, incident.id, { type: 'acknowledge' });
		await done(w.leader, incident.id, { type: 'escalate' });
		await done(w.vendor, incident.id, { type: 'resolve', note: 'Đã thay modem' });
		await notifier.run();
		// Fixed again after a reopen: that is news again.
		await done(w.desk, incident.id, { type: 'reopen', note: 'Vẫn chưa vào được mạng' });
		await done(w.vendor, incident.id, { type: 'resolve', note: 'Đã thay cả bộ định tuyến' });
		await notifier.run();
		const toDesk = email.sent.filter((s) => s.userId === w.desk.user.id).map((s) => s.alert.title);
		expect(toDesk).toEqual([
			`Báo cáo của bạn đã được tiếp nhận · ${w.ward.name}`,
			`Sự cố bạn báo đã được chuyển lên Tổ Công tác tỉnh · ${w.ward.name}`,
			`Sự cố bạn báo đã được khắc phục — hãy xác nhận · ${w.ward.name}`,
			`Sự cố bạn báo đã được khắc phục — hãy xác nhận · ${w.ward.name}`
		]);
		// …each under its own key: two alerts, not one repeated.
		const keys = email.sent.filter((s) => s.userId === w.desk.user.id).map((s) => s.key);
		expect(new Set(keys).size).toBe(4);
	});

	it('administrators see each channel’s health and the delivery log, of their own province only', async () => {
		await withEmails();
		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [
			{ userId: w.leader.user.id, reason: 'reported_complex' },
			{ userId: w.deputy.user.id, reason: 'reported_complex' }
		]);
		email.answer = () => ({ ok: false, retry: false, error: 'Máy chủ thư từ chối đăng nhập (sai tên hoặc mật khẩu SMTP)' });
		await run();
		const admin = await person(t.db, { role: 'admin', unitId: w.province.id });
		const log = await deliveryLog(t.db, admin.scope, channels);
		expect(log.items.map((d) => [d.fullName, d.channel, d.status]).sort()).toEqual([
			['Trần Văn Hùng', 'push', 'sent'],
			['Đỗ Văn Nam', 'email', 'failed']
		]);
		expect(log.channels.find((c) => c.channel === 'push')).toMatchObject({ configured: true, lastError: null });
		expect(log.channels.find((c) => c.channel === 'push')!.lastSuccessAt).not.toBeNull();
		expect(log.channels.find((c) => c.channel === 'email')).toMatchObject({
			lastSuccessAt: null,
			lastError: 'Máy chủ thư từ chối đăng nhập (sai tên hoặc mật khẩu SMTP)'
		});
		const stranger = await person(t.db, { role: 'admin', unitId: w.otherProvinceTeam.user.unitId });
		expect((await deliveryLog(t.db, stranger.scope, channels)).items).toEqual([]);
	});

	it('the same decisions twice (a report synced twice, a timer in two processes) add nothing', async () => {
		await withEmails();
		const incident = await file(w.desk);
		const request = [{ userId: w.leader.user.id, reason: 'reported_complex' }];
		expect(await enqueueAlerts(t.db, channels, incident.id, request)).toBe(1);
		expect(await enqueueAlerts(t.db, channels, incident.id, request)).toBe(0);
		await run();
		await run();
		expect(push.sent).toHaveLength(1);
	});

	it('a failing service is retried with backoff, then the alert goes out', async () => {
		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
		push.answer = () => ({ ok: false, retry: true, error: 'Dịch vụ push trả lời 503' });
		const start = new Date();
		expect(await run(start)).toMatchObject({ retried: 1 });
		const [waiting] = await rows(incident.id);
		expect(waiting).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Dịch vụ push trả lời 503' });
		expect(waiting!.nextAttemptAt.getTime() - start.getTime()).toBe(30_000);
		// Not before its time.
		expect(await run(new Date(start.getTime() + 10_000))).toMatchObject({ sent: 0, retried: 0 });
		push.answer = () => ({ ok: true });
		expect(await run(new Date(start.getTime() + 31_000))).toMatchObject({ sent: 1 });
		expect(push.sent.map((s) => s.key)).toEqual([push.sent[0]!.key, push.sent[0]!.key]);
	});

	it('a service failing for good: after 8 tries the delivery is marked failed, visible, and the next channel carries the alert', async () => {
		await withEmails();
		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
		push.answer = () => ({ ok: false, retry: true, error: 'Dịch vụ push không trả lời, sẽ thử lại' });
		let at = Date.now();
		for (let i = 0; i < 8; i++) {
			await run(new Date(at));
			at += 31 * 60_000;
		}
		expect(push.sent).toHaveLength(8);
		const log = (await detail(w.leader, incident.id)).deliveries;
		expect(log.find((d) => d.channel === 'push')).toMatchObject({ status: 'failed', attempts: 8, lastError: 'Dịch vụ push không trả lời, sẽ thử lại' });
		expect(email.sent.map((s) => s.userId)).toEqual([w.leader.user.id]);
		// The reporter sees that it failed, not the channel's words (they may name a contact).
		expect((await detail(w.desk, incident.id)).deliveries.find((d) => d.channel === 'push')).toMatchObject({ status: 'failed', lastError: null });
	});

	it('a gone subscription is removed, and the alert goes out on the next channel at once', async () => {
		await withEmails();
		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
		push.answer = () => ({ ok: false, retry: false, gone: ['https://push.example/leader-phone'], error: 'Thiết bị đã huỷ đăng ký' });
		await run();
		expect(await t.db.select().from(pushSubscriptions)).toEqual([]);
		const log = await rows(incident.id);
		expect(log.map((d) => [d.channel, d.status])).toEqual([
			['push', 'failed'],
			['email', 'queued']
		]);
		await run();
		expect(email.sent.map((s) => s.userId)).toEqual([w.leader.user.id]);
		// The same key on every channel: one alert, however it travels.
		expect(email.sent[0]!.key).toBe(push.sent[0]!.key);
	});

	it('the ladder: nobody acknowledges within 5 minutes → the next channel, said in the timeline; an acknowledgement stops it', async () => {
		await withEmails();
		const first = await file(w.desk);
		const second = await file(w.desk2, { category: 'security_incident', description: 'Máy quầy 2 nghi nhiễm mã độc' });
		for (const incident of [first, second]) {
			await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
		}
		await run();
		expect(push.sent).toHaveLength(2);
		await done(w.leader, second.id, { type: 'acknowledge' });
		expect(await run(minutesAfter(4))).toMatchObject({ climbed: 0 });
		expect(await run(minutesAfter(5.1))).toMatchObject({ climbed: 1 });
		await run(minutesAfter(5.2));
		expect(email.sent.map((s) => s.alert.incidentId)).toEqual([first.id]);
		const climbed = await t.db.select().from(incidentEvents).where(eq(incidentEvents.type, 'alert_climbed'));
		expect(climbed.map((e) => [e.incidentId, e.data])).toEqual([
			[first.id, { userId: w.leader.user.id, from: 'push', to: 'email', reason: 'reported_complex', cause: 'no_reaction' }]
		]);
	});

	it('a simple incident is sent once, on one channel: no ladder', async () => {
		await withEmails();
		const incident = await file(w.desk, { category: 'printer_jam', complexity: 'simple', description: 'Kẹt giấy', scope: 'desk', impactLevel: 'slowed' });
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.member.user.id, reason: 'reported' }]);
		await run();
		expect(await run(minutesAfter(30))).toMatchObject({ climbed: 0 });
		expect(email.sent).toHaveLength(1);
	});

	it('a recipient nobody can reach is skipped without harming the others', async () => {
		const incident = await file(w.desk);
		// The deputy has neither the app nor an e-mail.
		expect(
			await enqueueAlerts(t.db, channels, incident.id, [
				{ userId: w.deputy.user.id, reason: 'reported_complex' },
				{ userId: w.leader.user.id, reason: 'reported_complex' }
			])
		).toBe(1);
		await run();
		expect(push.sent.map((s) => s.userId)).toEqual([w.leader.user.id]);
		// A complex incident must reach the deputy: the log says plainly that nothing could.
		const unreachable = (await rows(incident.id)).find((d) => d.userId === w.deputy.user.id);
		expect(unreachable).toMatchObject({ channel: 'none', status: 'failed', lastError: 'push=no_contact;email=no_contact' });
	});

	it('says why nobody could be reached, channel by channel: a phone number is no use while SMS is not configured', async () => {
		const { users } = await import('$lib/server/db/schema');
		await t.db.update(users).set({ phone: '+84912000109' }).where(eq(users.id, w.deputy.user.id));
		const sms = new (class extends Recording {
			configured() {
				return false;
			}
		})('sms', (r) => Boolean(r.phone));
		const all = [push, sms, email];
		const incident = await file(w.desk);
		expect(await enqueueAlerts(t.db, all, incident.id, [{ userId: w.deputy.user.id, reason: 'reported_complex' }])).toBe(0);

		const admin = await person(t.db, { role: 'admin', unitId: w.province.id });
		const logged = (await deliveryLog(t.db, admin.scope, all)).items.find((d) => d.userId === w.deputy.user.id);
		expect(logged).toMatchObject({
			channel: 'none',
			status: 'failed',
			lastError: null,
			unreachable: [
				{ channel: 'push', why: ['no_contact'] },
				{ channel: 'sms', why: ['not_configured'] },
				{ channel: 'email', why: ['no_contact'] }
			]
		});
	});

	it('an alert nobody needs any more is skipped, not sent late: the incident was acknowledged meanwhile', async () => {
		await withEmails();
		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.deputy.user.id, reason: 'reported_complex' }]);
		email.answer = () => ({ ok: false, retry: true, error: 'Máy chủ thư không trả lời' });
		const start = new Date();
		await run(start);
		await done(w.leader, incident.id, { type: 'acknowledge' });
		email.answer = () => ({ ok: true });
		expect(await run(new Date(start.getTime() + 31_000))).toMatchObject({ sent: 0, skipped: 1 });
		expect((await rows(incident.id)).map((d) => d.status)).toEqual(['skipped']);
	});

	it('a simple alert whose channel fails gets the next channel once, and no ladder after it', async () => {
		await withEmails();
		await t.db.insert(pushSubscriptions).values({ userId: w.member.user.id, endpoint: 'https://push.example/member', p256dh: 'BPk', auth: 'au' });
		const incident = await file(w.desk, { category: 'printer_jam', complexity: 'simple', description: 'Kẹt giấy', scope: 'desk', impactLevel: 'slowed' });
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.member.user.id, reason: 'reported' }]);
		push.answer = () => ({ ok: false, retry: false, gone: ['https://push.example/member'], error: 'Thiết bị đã huỷ đăng ký' });
		await run();
		await run();
		expect(await run(minutesAfter(60))).toMatchObject({ climbed: 0 });
		expect(email.sent.map((s) => s.userId)).toEqual([w.member.user.id]);
		const climbed = await t.db.select().from(incidentEvents).where(eq(incidentEvents.type, 'alert_climbed'));
		expect(climbed.map((e) => (e.data as { cause: string }).cause)).toEqual(['failed']);
	});

	it('a routing decision whose enqueueing was lost (the process stopped) is enqueued by the sweep', async () => {
		await withEmails();
		// No notifier: the decisions are recorded, nothing is enqueued — as if the process died.
		const incident = await file(w.desk);
		expect(await rows(incident.id)).toEqual([]);
		expect(await enqueueMissing(t.db, channels)).toBe(2);
		expect(await enqueueMissing(t.db, channels)).toBe(0);
		await run();
		expect([...push.sent, ...email.sent].map((s) => s.userId).sort()).toEqual([w.leader.user.id, w.deputy.user.id].sort());
	});

	it('a crash mid-delivery: the leased row is sent again later under the same key, never a second key', async () => {
		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
		// The process claimed it and died before recording the result.
		await t.db.update(deliveries).set({ status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() + 120_000) });
		expect(await run()).toMatchObject({ sent: 0 });
		expect(await run(minutesAfter(2.1))).toMatchObject({ sent: 1 });
		const [again] = await rows(incident.id);
		expect(again).toMatchObject({ status: 'sent', attempts: 2 });
		expect(new Set(push.sent.map((s) => s.key)).size).toBe(1);
	});
});

describe.runIf(onPostgres)('two delivery runners on one PostgreSQL (PostgreSQL only)', () => {
	it('each alert is sent once: twenty due deliveries, two processes', async () => {
		await withTwoProcesses('deliveries', async (one, two) => {
		const world = await makeWorld(one);
		const { users } = await import('$lib/server/db/schema');
		await one.update(users).set({ email: 'to@thaihoa.example' }).where(eq(users.id, world.leader.user.id));
		const { ingestReport } = await import('$lib/server/incidents/ingest.service');
		const { reportSchema } = await import('$lib/domain/report');
		const { reportBody } = await import('./incidents-fixture');
		const { v7 } = await import('uuid');
		for (let i = 0; i < 20; i++) {
			const id = v7();
			await ingestReport(one, {
				reportId: id,
				report: reportSchema.parse(reportBody({ category: 'security_incident', description: `Máy ${i} nghi nhiễm` })),
				reporter: world.desk.user,
				wardId: world.ward.id,
				clockSkewMs: 0
			});
			await enqueueAlerts(one, [email], id, [{ userId: world.leader.user.id, reason: 'reported_complex' }]);
		}
		await Promise.all([runDeliveries(one, [email], ORIGIN), runDeliveries(two, [email], ORIGIN)]);
		expect(email.sent).toHaveLength(20);
		expect(new Set(email.sent.map((s) => s.key)).size).toBe(20);
		});
	});
});

describe.skipIf(onPostgres)('two delivery runners', () => {
	it.skip('runs in the PostgreSQL pass (TEST_DATABASE_URL): one PGlite connection cannot race itself', () => {});
});
