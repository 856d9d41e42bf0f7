/**
 * Actions on incidents through the outbox (a leader on a phone in a dead spot): kept on the
 * device before any send, sent in the order taken, after the report they concern, once each
 * even when an answer is lost, a refusal held with the server's reason (and the later actions
 * on the same incident held behind it, others going on), and a 401 pausing everything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceDb } from '$lib/client/db';
import { dropAction, queueAction, unsentActions } from '$lib/client/incidents/actions';
import { drainOutbox } from '$lib/client/outbox/drain';
import { forgetSentHistory, unsentCount } from '$lib/client/reports/store';
import { FakeServer } from './fake-server';
import { HUNG, LAN, freshDb, queueReport } from './report-helpers';

let db: DeviceDb;
let server: FakeServer;

beforeEach(() => {
	db = freshDb();
	server = new FakeServer();
});
afterEach(async () => {
	await db.delete();
});

const drain = (userId = HUNG) => drainOutbox({ db, userId, transport: server, now: () => 1_000 });
const state = async (id: string) => (await db.actions.get(id))?.state;

/** An incident the server already holds (filed by Lan from her desk). */
async function incidentOnServer(description = 'Mất kết nối mạng toàn bộ Bộ phận Một cửa'): Promise<string> {
	const { reportId } = await queueReport(db, LAN, description);
	expect(await drainOutbox({ db, userId: LAN, transport: server, now: () => 500 })).toMatchObject({ status: 'done' });
	return reportId;
}

describe('actions on incidents in the outbox', () => {
	it('are kept on the device while offline, then sent in the order they were taken', async () => {
		const incident = await incidentOnServer();
		server.mode = 'down';
		const ack = await queueAction(HUNG, incident, { type: 'acknowledge', version: 1 }, db);
		const escalate = await queueAction(HUNG, incident, { type: 'escalate', version: 2 }, db);
		expect(await drain()).toMatchObject({ status: 'retry' });
		expect(server.events).toEqual([]);
		expect((await unsentActions(HUNG, incident, db)).map((a) => a.id)).toEqual([ack.id, escalate.id]);
		// Signing out warns about them like unsent reports.
		expect(await unsentCount(HUNG, db)).toBe(2);

		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 2 });
		expect(server.events).toEqual([`acknowledge:${incident}`, `escalate:${incident}`]);
		expect(await state(ack.id)).toBe('sent');
		expect(await unsentActions(HUNG, incident, db)).toEqual([]);
		expect(await unsentCount(HUNG, db)).toBe(0);
		// Signing out on a shared phone forgets what was sent.
		await forgetSentHistory(HUNG, db);
		expect(await db.actions.count()).toBe(0);
	});

	it('wait as a busy server asks, and are never held for it', async () => {
		const incident = await incidentOnServer();
		server.mode = 'busy';
		const ack = await queueAction(HUNG, incident, { type: 'acknowledge', version: 1 }, db);
		for (let i = 1; i <= 12; i++) expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: i, retryAfterMs: 7_000 });
		expect(await state(ack.id)).toBe('queued');
		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await state(ack.id)).toBe('sent');
	});

	it('a lost answer makes the resend a replay the server recognises: applied once', async () => {
		const incident = await incidentOnServer();
		const comment = await queueAction(HUNG, incident, { type: 'comment', note: 'Đang xuống quầy 2' }, db);
		server.loseAnswers = 1;
		expect(await drain()).toMatchObject({ status: 'retry' });
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(server.count(`event:${comment.id}`)).toBe(2);
		expect(server.events).toEqual([`comment:${incident}`]);
	});

	it('a refusal (someone acted first) is held with its reason; later actions on that incident wait, others go', async () => {
		const first = await incidentOnServer();
		const second = await incidentOnServer('Máy in quầy 3 kẹt giấy');
		server.versions.set(first, 2); // Tuấn acknowledged first
		const stale = await queueAction(HUNG, first, { type: 'acknowledge', version: 1 }, db);
		const behind = await queueAction(HUNG, first, { type: 'escalate', version: 2 }, db);
		const other = await queueAction(HUNG, second, { type: 'acknowledge', version: 1 }, db);
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await db.actions.get(stale.id)).toMatchObject({ state: 'needs_action', problem: { code: 'stale_version' } });
		expect(await state(behind.id)).toBe('queued');
		expect(await state(other.id)).toBe('sent');

		// The leader reads who acted first and drops the refused action; the next one goes.
		await dropAction(stale.id, db);
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(server.events).toEqual([`acknowledge:${second}`, `escalate:${first}`]);
	});

	it('an action on a report still waiting to be sent goes after it, never before', async () => {
		server.mode = 'down';
		const { reportId } = await queueReport(db, HUNG, 'Máy tính quầy 1 treo');
		await queueAction(HUNG, reportId, { type: 'comment', note: 'Đã khởi động lại, vẫn treo' }, db);
		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 2 });
		expect(server.received).toEqual([`report:${reportId}`, expect.stringMatching(/^event:/)]);
	});

	it('a 401 pauses actions too ("Chờ đăng nhập"), dropping nothing', async () => {
		const incident = await incidentOnServer();
		const ack = await queueAction(HUNG, incident, { type: 'acknowledge', version: 1 }, db);
		server.mode = 'expired_session';
		expect(await drain()).toEqual({ status: 'paused', sent: 0 });
		expect(await state(ack.id)).toBe('needs_sign_in');
		expect(await db.outbox.count()).toBe(1);
	});
});
