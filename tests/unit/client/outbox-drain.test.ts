/**
 * Draining the outbox against an honest fake server (see fake-server.ts): order, what a
 * 4xx, a 5xx, a lost network and a 401 each do, one author's entries only, one drain at a
 * time, and the idempotent resend after a crash between "the server stored it" and "the
 * device marked it sent".
 *
 * Node has no Web Locks: `drainOutbox` falls back to its in-process flag here, which the
 * single-flight spec pins by removing `navigator` whatever the Node version.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceDb, type LocalReport } from '$lib/client/db';
import {
	HOLD_AFTER_SERVER_ERRORS,
	OUTBOX_LOCK,
	SERVER_FAILING,
	drainOutbox,
	type DrainOptions,
	type Transport
} from '$lib/client/outbox/drain';
import { queueAction } from '$lib/client/incidents/actions';
import { HOLD_AFTER_MS, RETRY_HELD_AFTER_MS } from '$lib/client/outbox/hold';
import { removeAttachment } from '$lib/client/reports/attachments';
import {
	discardDraft,
	dropAttachment,
	editReport,
	isEditable,
	reportsOf,
	resendAsNew,
	retryReport,
	submitFields,
	unsentCount,
	withdrawReport
} from '$lib/client/reports/store';
import { reportSchema } from '$lib/domain/report';
import { FakeServer } from './fake-server';
import { HUNG, LAN, NOW, fields, freshDb, queueReport } from './report-helpers';

/** When the drain runs (device clock), one hour after the reports were made. */
const SENT_AT = NOW.getTime() + 60 * 60 * 1000;

let db: DeviceDb;
let server: FakeServer;

beforeEach(() => {
	clock = SENT_AT;
	db = freshDb();
	server = new FakeServer();
});

afterEach(async () => {
	vi.unstubAllGlobals();
	await db.delete();
});

/** The device clock the drains read: moved on by a test that needs time to pass. */
let clock = SENT_AT;
function drain(userId = LAN, transport: Transport = server) {
	return drainOutbox({ db, userId, transport, now: () => clock });
}

async function report(id: string): Promise<LocalReport> {
	const row = await db.reports.get(id);
	if (!row) throw new Error(`no report ${id} on the device`);
	return row;
}

async function entries(reportId?: string) {
	const all = await db.outbox.orderBy('seq').toArray();
	return all
		.filter((op) => reportId === undefined || op.reportId === reportId)
		.map((op) => (op.kind === 'report' ? `report:${op.reportId}:${op.attempts}` : op.kind === 'attachment' ? `attachment:${op.attachmentId}:${op.attempts}` : `event:${op.actionId}`));
}

describe('sending in order', () => {
	it('sends reports in the order they were made, each report before its own files', async () => {
		const a = await queueReport(db, LAN, 'Máy in quầy 1 kẹt giấy', 2);
		const b = await queueReport(db, LAN, 'Máy in quầy 2 kẹt giấy', 1);
		const c = await submitFields(LAN, fields('Mất kết nối Internet', { category: 'internet_section', complexity: 'complex' }), NOW, { outageId: 7 }, db);
		if (!c.ok) throw new Error('outage report refused');

		expect(await drain()).toEqual({ status: 'done', sent: 6 });
		expect(server.received).toEqual([
			`report:${a.reportId}`,
			`attachment:${a.attachmentIds[0]}`,
			`attachment:${a.attachmentIds[1]}`,
			`report:${b.reportId}`,
			`attachment:${b.attachmentIds[0]}`,
			`report:${c.report.id}`
		]);
		expect(server.statuses).toEqual([201, 201, 201, 201, 201, 201]);
		expect(await db.outbox.count()).toBe(0);
		for (const id of [a.reportId, b.reportId, c.report.id]) {
			expect(await report(id)).toMatchObject({ state: 'sent', sentAt: SENT_AT, incidentId: id });
			expect((await report(id)).problem).toBeUndefined();
		}
		expect((await report(c.report.id)).outageId).toBe(7);
	});

	it('marks each file uploaded with the bytes and checksum the server stored', async () => {
		const a = await queueReport(db, LAN, 'Máy quét không nhận lệnh', 2);
		await drain();
		for (const id of a.attachmentIds) {
			const local = await db.attachments.get(id);
			expect(local).toMatchObject({ uploaded: true, uploadedBytes: local!.size, uploadUrl: `/api/uploads/${id}` });
			expect(server.attachments.get(id)).toEqual({
				reportId: a.reportId,
				name: local!.name,
				type: 'image/png',
				size: local!.size,
				sha256: local!.sha256
			});
		}
	});

	it('sends the report body exactly as the device validated it', async () => {
		const a = await queueReport(db, LAN, '  Máy in kẹt giấy  ');
		await drain();
		const stored = server.reports.get(a.reportId);
		expect(stored?.userId).toBe(LAN);
		expect(stored?.report.description).toBe('Máy in kẹt giấy');
		expect(Date.parse(stored!.report.createdAt)).toBe(NOW.getTime());
	});

	it('finishes at once, sending nothing, when the outbox is empty', async () => {
		expect(await drain()).toEqual({ status: 'done', sent: 0 });
		expect(server.calls).toBe(0);
	});
});

describe('a refusal (4xx)', () => {
	it('marks the report "needs action" with the server\'s problem and holds its files, while other reports go', async () => {
		const a = await queueReport(db, LAN, 'Báo cáo cho phường cũ', 1);
		const b = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		server.refusals.set(a.reportId, { status: 403, code: 'forbidden', message: 'Bạn không còn thuộc phường này' });

		expect(await drain()).toEqual({ status: 'done', sent: 2 });
		expect(await report(a.reportId)).toMatchObject({
			state: 'needs_action',
			problem: { code: 'forbidden', message: 'Bạn không còn thuộc phường này' }
		});
		expect(server.count(`attachment:${a.attachmentIds[0]}`)).toBe(0);
		expect(await entries(a.reportId)).toEqual([`report:${a.reportId}:0`, `attachment:${a.attachmentIds[0]}:0`]);
		expect(await report(b.reportId)).toMatchObject({ state: 'sent' });
		expect(server.attachments.has(b.attachmentIds[0]!)).toBe(true);
	});

	it('keeps the held report out of later drains until the officer sends it again', async () => {
		const a = await queueReport(db, LAN, 'Báo cáo cho phường cũ', 1);
		server.refusals.set(a.reportId, { status: 403, code: 'forbidden', message: 'Bạn không còn thuộc phường này' });
		await drain();
		expect(await drain()).toEqual({ status: 'done', sent: 0 });
		expect(server.count(`report:${a.reportId}`)).toBe(1);

		// The administrator fixes the account; the officer presses "Thử gửi lại".
		server.refusals.delete(a.reportId);
		await retryReport(a.reportId, db);
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		expect((await report(a.reportId)).problem).toBeUndefined();
		expect(await drain()).toEqual({ status: 'done', sent: 2 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
	});

	it('names the refused file, holds the report\'s later files, and lets the officer drop that file', async () => {
		const a = await queueReport(db, LAN, 'Màn hình xanh', 2);
		const [bad, good] = a.attachmentIds as [string, string];
		server.refusals.set(bad, { status: 415, code: 'attachment_type_refused', message: 'Loại tệp không được nhận' });

		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await report(a.reportId)).toMatchObject({
			state: 'needs_action',
			problem: { code: 'attachment_type_refused', attachmentId: bad }
		});
		expect(server.count(`attachment:${good}`)).toBe(0);
		// A refused upload cannot be resumed: the next try starts over.
		expect(await db.attachments.get(bad)).toMatchObject({ uploadedBytes: 0, uploaded: false });
		expect((await db.attachments.get(bad))?.uploadUrl).toBeUndefined();

		// "Thử gửi lại" alone sends the same file, which is refused again.
		await retryReport(a.reportId, db);
		await drain();
		expect(server.count(`attachment:${bad}`)).toBe(2);
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_action' });

		await dropAttachment(a.reportId, bad, db);
		expect(await db.attachments.get(bad)).toBeUndefined();
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
		expect([...server.attachments.keys()]).toEqual([good]);
	});

	it('marks the report sent when the dropped file was the last thing waiting', async () => {
		const a = await queueReport(db, LAN, 'Màn hình xanh', 1);
		const [bad] = a.attachmentIds as [string];
		server.refusals.set(bad, { status: 415, code: 'attachment_type_refused', message: 'Loại tệp không được nhận' });
		await drain();
		await dropAttachment(a.reportId, bad, db);
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
		expect(await db.outbox.count()).toBe(0);
		expect(await unsentCount(LAN, db)).toBe(0);
	});

	it('does not let a report be edited or withdrawn once its create may have reached the server', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		server.loseAnswers = 1;
		expect(await drain()).toMatchObject({ status: 'retry' });
		// The answer was lost: the server may hold it, so the device alone cannot change it.
		expect(await report(a.reportId)).toMatchObject({ state: 'queued', mayBeOnServer: true });
		expect(await isEditable(a.reportId, db)).toBe(false);
		expect(await editReport(LAN, a.reportId, db)).toBe(false);
		expect(await withdrawReport(LAN, a.reportId, db)).toBe(false);

		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(server.statuses).toEqual([201, 200]);
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
	});

	it('lets a report the server refused (it kept nothing) be fixed and sent again', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		// A body the server's schema refuses (400): nothing is stored there.
		await db.reports.update(a.reportId, { 'body.description': '   ' });
		expect(await drain()).toMatchObject({ status: 'done', sent: 0 });
		expect(server.reports.size).toBe(0);
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_action', mayBeOnServer: false });
		expect(await isEditable(a.reportId, db)).toBe(true);
	});
});

describe('a failure of the network or the server (5xx)', () => {
	it('does not count network failures as server errors: one 5xx after an outage holds nothing', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		server.mode = 'down';
		for (let i = 1; i <= HOLD_AFTER_SERVER_ERRORS + 2; i++) expect(await drain()).toMatchObject({ status: 'retry' });
		server.mode = 'error_5xx';
		expect(await drain()).toMatchObject({ status: 'retry' });
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
	});

	it('holds a report the server keeps failing on for 10 minutes, so the reports behind it still go', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		const b = await queueReport(db, LAN, 'Máy quét hỏng');
		// The server answers 500 to this one report, every time.
		const failingOnA: Transport = {
			report: (r) =>
				r.id === a.reportId ? Promise.resolve({ kind: 'retry', reason: 'HTTP 500', status: 500 }) : server.report(r),
			attachment: (file, hooks) => server.attachment(file, hooks),
			event: (action) => server.event(action)
		};
		// Five errors within a minute — a database restarting — hold nothing.
		for (let i = 1; i <= HOLD_AFTER_SERVER_ERRORS + 1; i++) {
			clock = SENT_AT + i * 10_000;
			expect(await drain(LAN, failingOnA)).toEqual({ status: 'retry', sent: 0, attempts: i });
		}
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		// Still failing ten minutes after the first error: this one report is the trouble.
		clock = SENT_AT + 10_000 + HOLD_AFTER_MS;
		const held = await drain(LAN, failingOnA);
		expect(held).toEqual({ status: 'done', sent: 1, heldUntil: clock + RETRY_HELD_AFTER_MS });
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_action', problem: { code: SERVER_FAILING, at: clock } });
		expect(await report(b.reportId)).toMatchObject({ state: 'sent' });

		// "Thử gửi lại" once the server is well again.
		await retryReport(a.reportId, db);
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
	});

	it('tries a report held for the server’s errors again by itself, ten minutes later, with nobody there', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		// Its database away: every request ends in a 500.
		const failing: Transport = {
			report: () => Promise.resolve({ kind: 'retry', reason: 'HTTP 500', status: 500 }),
			attachment: (file, hooks) => server.attachment(file, hooks),
			event: (action) => server.event(action)
		};
		for (let i = 0; i <= HOLD_AFTER_SERVER_ERRORS; i++) {
			clock = SENT_AT + i * (HOLD_AFTER_MS / HOLD_AFTER_SERVER_ERRORS);
			await drain(LAN, failing);
		}
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_action', problem: { code: SERVER_FAILING } });
		const heldAt = (await report(a.reportId))!.problem!.at!;

		// The database is back. Not yet: a drain for another reason leaves it held.
		clock = heldAt + RETRY_HELD_AFTER_MS - 1;
		expect(await drain()).toEqual({ status: 'done', sent: 0, heldUntil: heldAt + RETRY_HELD_AFTER_MS });
		clock = heldAt + RETRY_HELD_AFTER_MS;
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
		expect(server.reports.size).toBe(1);
	});

	it('leaves a report sent when "Thử gửi lại" is pressed on a screen a moment behind, just after it went by itself', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		server.mode = 'error_500';
		for (let i = 0; i <= HOLD_AFTER_SERVER_ERRORS; i++) {
			clock = SENT_AT + i * (HOLD_AFTER_MS / HOLD_AFTER_SERVER_ERRORS);
			await drain();
		}
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_action', problem: { code: SERVER_FAILING } });

		// Ten minutes on, the worker's drain puts it back in line and sends it; the press lands after.
		server.mode = 'normal';
		clock += RETRY_HELD_AFTER_MS;
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		await retryReport(a.reportId, db);
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
		expect(await unsentCount(LAN, db)).toBe(0);
	});

	it('counts again from nothing after a refusal: a report sent as new after a 409 is not held for one 500', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		// Four 500s over twelve minutes: not yet held.
		server.mode = 'error_500';
		for (let i = 0; i < HOLD_AFTER_SERVER_ERRORS - 1; i++) {
			clock = SENT_AT + i * 4 * 60_000;
			expect(await drain()).toMatchObject({ status: 'retry' });
		}
		// Then the server answers that it holds another version under this id, and the officer
		// sends hers as a new report ("Gửi thành báo cáo mới").
		server.mode = 'normal';
		const other = reportSchema.parse({ ...(await report(a.reportId)).body, description: 'Máy in kẹt giấy (bản khác)' });
		server.reports.set(a.reportId, { userId: LAN, report: other });
		expect(await drain()).toEqual({ status: 'done', sent: 0 });
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_action', problem: { code: 'incident_conflict' } });
		const resent = await resendAsNew(a.reportId, db);

		// One 500 for the new report is one error, not the fifth.
		server.mode = 'error_500';
		clock += 60_000;
		expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: 1 });
		expect(await report(resent!)).toMatchObject({ state: 'queued' });
		expect(await db.outbox.toArray()).toMatchObject([{ serverErrors: 1, firstServerErrorAt: clock }]);
	});

	it('waits as a busy server asks (503, Retry-After), and never holds a report for it however long it lasts', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		server.mode = 'busy';
		for (let i = 1; i <= HOLD_AFTER_SERVER_ERRORS * 2; i++) {
			expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: i, retryAfterMs: 7_000 });
		}
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		expect(await db.outbox.toArray()).toMatchObject([{ serverErrors: 0 }]);
		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
	});

	it('asks to retry, retires nothing and counts the attempts of the entry that failed', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		const b = await queueReport(db, LAN, 'Máy quét hỏng');
		const before = await entries();

		server.mode = 'error_5xx';
		expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: 1 });
		expect(server.statuses).toEqual([503]);
		expect(server.reports.size).toBe(0);
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		expect(await report(b.reportId)).toMatchObject({ state: 'queued' });

		server.mode = 'down';
		expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: 2 });
		expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: 3 });
		expect(server.received).toEqual([`report:${a.reportId}`]); // the network never carried the others
		expect(server.calls).toBe(3);

		expect(await entries()).toEqual(before.map((e, i) => (i === 0 ? e.replace(/:0$/, ':3') : e)));
		expect(await db.reports.count()).toBe(2);
		expect(await db.attachments.count()).toBe(1);
	});

	it('keeps what went through before the failure, and continues from the entry that failed', async () => {
		const a = await queueReport(db, LAN, 'Mất mạng quầy 2', 2);
		server.beforeEach = (request) => {
			if (request === `attachment:${a.attachmentIds[1]}`) server.mode = 'error_5xx';
		};
		expect(await drain()).toEqual({ status: 'retry', sent: 2, attempts: 1 });
		expect(await entries()).toEqual([`attachment:${a.attachmentIds[1]}:1`]);
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
		expect(await db.attachments.get(a.attachmentIds[0]!)).toMatchObject({ uploaded: true });
		expect(await db.attachments.get(a.attachmentIds[1]!)).toMatchObject({ uploaded: false });

		server.beforeEach = undefined;
		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent', sentAt: SENT_AT });
		expect(server.count(`report:${a.reportId}`)).toBe(1);
		expect(server.count(`attachment:${a.attachmentIds[0]}`)).toBe(1);
	});
});

describe('an expired session (401)', () => {
	it('pauses, marks the author\'s unsent reports "needs sign-in", deletes nothing, and sends after signing in', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		const b = await queueReport(db, LAN, 'Máy quét hỏng');
		const h = await queueReport(db, HUNG, 'Bàn phím hỏng');
		const before = await entries();

		server.mode = 'expired_session';
		expect(await drain()).toEqual({ status: 'paused', sent: 0 });
		expect(server.received).toEqual([`report:${a.reportId}`]);
		expect(await report(a.reportId)).toMatchObject({ state: 'needs_sign_in' });
		expect(await report(b.reportId)).toMatchObject({ state: 'needs_sign_in' });
		expect(await report(h.reportId)).toMatchObject({ state: 'queued' }); // another officer's report is not touched
		expect(await entries()).toEqual(before);
		expect(await db.attachments.count()).toBe(1);
		expect(await unsentCount(LAN, db)).toBe(2);

		// Signing in again.
		server.mode = 'normal';
		expect(await drain()).toEqual({ status: 'done', sent: 3 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
		expect(await report(b.reportId)).toMatchObject({ state: 'sent' });
		expect(await unsentCount(LAN, db)).toBe(0);
	});

	it('keeps what was sent before the session ran out', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		const b = await queueReport(db, LAN, 'Máy quét hỏng');
		server.beforeEach = (request) => {
			if (request === `report:${b.reportId}`) server.mode = 'expired_session';
		};
		expect(await drain()).toEqual({ status: 'paused', sent: 1 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
		expect(await report(b.reportId)).toMatchObject({ state: 'needs_sign_in' });
	});
});

describe('a shared desk PC', () => {
	it('sends only the signed-in author\'s entries; another officer\'s wait for that officer', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		const h = await queueReport(db, HUNG, 'Bàn phím hỏng', 1);
		server.signedIn = LAN;

		expect(await drain(LAN)).toEqual({ status: 'done', sent: 2 });
		expect(server.received).toEqual([`report:${a.reportId}`, `attachment:${a.attachmentIds[0]}`]);
		expect(await report(h.reportId)).toMatchObject({ state: 'queued' });
		expect(await entries(h.reportId)).toEqual([`report:${h.reportId}:0`, `attachment:${h.attachmentIds[0]}:0`]);

		server.signedIn = HUNG;
		expect(await drain(HUNG)).toEqual({ status: 'done', sent: 2 });
		expect(server.reports.get(h.reportId)?.userId).toBe(HUNG);
		expect(await report(h.reportId)).toMatchObject({ state: 'sent' });
	});

	it('pauses when the session belongs to someone else, and only the drained author\'s reports wait for sign-in', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		const h = await queueReport(db, HUNG, 'Bàn phím hỏng');
		server.signedIn = LAN;
		expect(await drain(HUNG)).toEqual({ status: 'paused', sent: 0 });
		expect(server.reports.size).toBe(0);
		expect(await report(h.reportId)).toMatchObject({ state: 'needs_sign_in' });
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });
	});
});

describe('one drain at a time', () => {
	it('answers "busy" to a second drain started while one runs (no Web Locks: in-process flag)', async () => {
		vi.stubGlobal('navigator', undefined);
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		const b = await queueReport(db, LAN, 'Máy quét hỏng');

		const results = await Promise.all([drain(), drain()]);
		expect(results).toContainEqual({ status: 'busy' });
		expect(results).toContainEqual({ status: 'done', sent: 3 });
		expect(server.count(`report:${a.reportId}`)).toBe(1);
		expect(server.count(`attachment:${a.attachmentIds[0]}`)).toBe(1);
		expect(server.count(`report:${b.reportId}`)).toBe(1);
		expect(server.statuses).toEqual([201, 201, 201]);

		// The flag is released: the next drain runs.
		await queueReport(db, LAN, 'Mất điện');
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
	});

	it('releases the flag when a drain throws', async () => {
		vi.stubGlobal('navigator', undefined);
		await queueReport(db, LAN, 'Máy in kẹt giấy');
		const broken: Transport = {
			report: () => Promise.reject(new Error('transport bug')),
			attachment: () => Promise.reject(new Error('transport bug')),
			event: () => Promise.reject(new Error('transport bug'))
		};
		await expect(drain(LAN, broken)).rejects.toThrow('transport bug');
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
	});

	it('asks the Web Lock, when there is one, without waiting for it, and answers "busy" when it is held', async () => {
		const request = vi.fn(
			async (_name: string, _options: { ifAvailable: boolean }, callback: (lock: object | null) => Promise<unknown>) =>
				callback(null)
		);
		vi.stubGlobal('navigator', { locks: { request } });
		await queueReport(db, LAN, 'Máy in kẹt giấy');
		expect(await drain()).toEqual({ status: 'busy' });
		expect(request).toHaveBeenCalledWith(OUTBOX_LOCK, { ifAvailable: true }, expect.any(Function));
		expect(server.calls).toBe(0);

		request.mockImplementation(async (_name, _options, callback) => callback({ name: OUTBOX_LOCK }));
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
	});
});

describe('a crash between "the server stored it" and "the device marked it sent"', () => {
	it('resends the report, which the server answers as an identical repeat, and ends with one copy', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		server.loseAnswers = 1;
		expect(await drain()).toEqual({ status: 'retry', sent: 0, attempts: 1 });
		expect(server.reports.has(a.reportId)).toBe(true);
		expect(await report(a.reportId)).toMatchObject({ state: 'queued' });

		expect(await drain()).toEqual({ status: 'done', sent: 2 });
		expect(server.statuses).toEqual([201, 200, 201]);
		expect(server.reports.size).toBe(1);
		expect(server.attachments.size).toBe(1);
		expect(await report(a.reportId)).toMatchObject({ state: 'sent', incidentId: a.reportId });
	});

	it('resends a file whose answer was lost, and the server keeps one copy', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		const file = `attachment:${a.attachmentIds[0]}`;
		server.beforeEach = (request) => {
			if (request === file && server.count(file) === 0) server.loseAnswers = 1;
		};
		expect(await drain()).toEqual({ status: 'retry', sent: 1, attempts: 1 });
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(server.statuses).toEqual([201, 201, 200]);
		expect(server.attachments.size).toBe(1);
		expect(await db.attachments.get(a.attachmentIds[0]!)).toMatchObject({ uploaded: true });
	});

	it('sends a report left "sending" by a closed tab when the app opens again', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy');
		// The tab marked it sending, the server stored it, and the tab was closed.
		await db.reports.update(a.reportId, { state: 'sending' });
		await server.report(await report(a.reportId));
		const name = db.name;
		db.close();

		db = new DeviceDb(name);
		expect(await drain()).toEqual({ status: 'done', sent: 1 });
		expect(server.statuses).toEqual([201, 200]);
		expect(server.reports.size).toBe(1);
		expect(await report(a.reportId)).toMatchObject({ state: 'sent' });
	});
});

describe('a report with an action on it waiting behind it', () => {
	it('ends "sent" once its own entries are sent: the action\'s entry is not one of them', async () => {
		// The officer adds the outage's times to her own report made offline, before it went.
		const a = await queueReport(db, LAN, 'Mất kết nối Internet', 1);
		const times = await queueAction(LAN, a.reportId, { type: 'comment', note: 'Mất mạng từ 08:00 đến 08:40' }, db, SENT_AT);

		expect(await drain()).toEqual({ status: 'done', sent: 3 });
		expect(await report(a.reportId)).toMatchObject({ state: 'sent', sentAt: SENT_AT, incidentId: a.reportId });
		expect(await db.actions.get(times.id)).toMatchObject({ state: 'sent' });
		expect(await unsentCount(LAN, db)).toBe(0);
	});
});

describe('an entry whose file is gone', () => {
	it('is dropped, and the report still ends "sent" when the officer removed a file and then discarded the edit', async () => {
		const a = await queueReport(db, LAN, 'Màn hình xanh', 2);
		const [kept, removed] = a.attachmentIds as [string, string];
		// Editing: the file is removed at once; then "start over" discards the edit, so the
		// removed file's entry is never cleaned up by a submit.
		await editReport(LAN, a.reportId, db);
		await removeAttachment(removed, db);
		await discardDraft(LAN, db);
		expect(await entries(a.reportId)).toHaveLength(3);

		expect(await drain()).toMatchObject({ status: 'done' });
		expect(server.received).toEqual([`report:${a.reportId}`, `attachment:${kept}`]);
		expect(await db.outbox.count()).toBe(0);
		expect(await report(a.reportId)).toMatchObject({ state: 'sent', sentAt: SENT_AT });
		expect(await unsentCount(LAN, db)).toBe(0);
	});
});

describe('a sent report', () => {
	it('stays on the device as read-only history', async () => {
		const a = await queueReport(db, LAN, 'Máy in kẹt giấy', 1);
		await drain();

		expect(await isEditable(a.reportId, db)).toBe(false);
		expect(await editReport(LAN, a.reportId, db)).toBe(false);
		expect(await withdrawReport(LAN, a.reportId, db)).toBe(false);
		expect((await reportsOf(LAN, db)).map((r) => [r.id, r.state])).toEqual([[a.reportId, 'sent']]);
		expect(await db.attachments.where('reportId').equals(a.reportId).count()).toBe(1);
		expect((await report(a.reportId)).body.description).toBe('Máy in kẹt giấy');
	});
});

describe('a withdrawn report', () => {
	it('never reaches the server, nor do its files', async () => {
		const a = await queueReport(db, LAN, 'Nhầm, không phải sự cố', 1);
		const b = await queueReport(db, LAN, 'Máy in kẹt giấy');
		expect(await withdrawReport(LAN, a.reportId, db)).toBe(true);
		const options: DrainOptions = { db, userId: LAN, transport: server, now: () => SENT_AT };
		expect(await drainOutbox(options)).toEqual({ status: 'done', sent: 1 });
		expect(server.received).toEqual([`report:${b.reportId}`]);
	});
});
