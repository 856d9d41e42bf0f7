/**
 * The QR hand-off between two devices: the desk PC turns a waiting report into a link, the
 * officer's phone files it into its own outbox with the same id and body, and refuses a code
 * that is not its officer's or not its ward's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceDb } from '$lib/client/db';
import { acceptHandoff, handoffUrl } from '$lib/client/reports/handoff';
import type { UnitSummary } from '$lib/domain/account';
import { sameReport, type Report } from '$lib/domain/report';
import { QR_PATH, QR_TEXT_MAX, decodeHandoff, type QrHandoff } from '$lib/domain/report-qr';
import { HUNG, LAN, freshDb, queueReport } from './report-helpers';

const ORIGIN = 'https://ungcuu.nghean.gov.vn';
const WARD = '0190a1b2-0000-7000-8000-0000000000c1';
const OTHER_WARD = '0190a1b2-0000-7000-8000-0000000000c2';

function ward(id: string): UnitSummary {
	return {
		id,
		kind: 'ward',
		name: 'Phường Thái Hòa',
		slug: 'phuong-thai-hoa',
		parentId: null,
		serviceCenterName: null,
		address: null,
		openingHours: null,
		categories: [],
		active: true
	};
}

let pc: DeviceDb;
let phone: DeviceDb;

beforeEach(() => {
	pc = freshDb();
	phone = freshDb();
});

afterEach(async () => {
	await Promise.all([pc.delete(), phone.delete()]);
});

/** A report waiting on the PC with two screenshots, and the link its QR code carries. */
async function handedOff(): Promise<{ url: string; handoff: QrHandoff; pcReport: Report }> {
	const { reportId } = await queueReport(pc, LAN, 'Mất mạng toàn bộ Bộ phận Một cửa', 2);
	const report = (await pc.reports.get(reportId))!;
	const url = await handoffUrl(report, { id: LAN, unit: ward(WARD) }, ORIGIN);
	expect(url).not.toBeNull();
	const decoded = await decodeHandoff(new URL(url!).hash);
	if (!decoded.ok) throw new Error(`decode failed: ${decoded.reason}`);
	return { url: url!, handoff: decoded.handoff, pcReport: report.body as Report };
}

describe('the link on the desk PC', () => {
	it('carries the report, its id, its author and ward, and fits in a QR code', async () => {
		const { url, handoff, pcReport } = await handedOff();
		expect(url.startsWith(`${ORIGIN}${QR_PATH}#r1.`)).toBe(true);
		expect(url.length).toBeLessThanOrEqual(QR_TEXT_MAX);
		expect(handoff.userId).toBe(LAN);
		expect(handoff.wardId).toBe(WARD);
		expect(sameReport(handoff.report, pcReport)).toBe(true);
	});

	it('is not offered when it would not fit, or when the officer has no ward', async () => {
		const { reportId } = await queueReport(pc, LAN, 'Máy in kẹt giấy');
		const report = (await pc.reports.get(reportId))!;
		// Text that does not compress: random letters in every long field.
		const noise = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => 'aăâbcdđeêghiklmnoôơpqrstuưvxy'[b % 29]).join('');
		const long = { ...report, body: { ...report.body, description: noise(2000), errorMessage: noise(1000), impact: noise(1000) } };
		expect(await handoffUrl(long, { id: LAN, unit: ward(WARD) }, ORIGIN)).toBeNull();
		expect(await handoffUrl(report, { id: LAN, unit: null }, ORIGIN)).toBeNull();
		expect(await handoffUrl(report, { id: LAN, unit: { ...ward(WARD), kind: 'province' } }, ORIGIN)).toBeNull();
	});
});

describe('the phone', () => {
	it('files the report in its outbox as the form would: same id and body, queued, one entry', async () => {
		const { handoff, pcReport } = await handedOff();
		const result = await acceptHandoff(LAN, WARD, handoff, phone);
		expect(result).toEqual({ ok: true, reportId: handoff.reportId });

		const stored = await phone.reports.get(handoff.reportId);
		expect(stored).toMatchObject({ id: handoff.reportId, userId: LAN, state: 'queued' });
		expect(sameReport(stored!.body as Report, pcReport)).toBe(true);
		const ops = await phone.outbox.toArray();
		expect(ops).toEqual([expect.objectContaining({ userId: LAN, kind: 'report', reportId: handoff.reportId, attempts: 0 })]);
		// The files stay on the PC: they go with its own sync.
		expect(await phone.attachments.count()).toBe(0);
	});

	it('says so when the report is already there, and adds nothing', async () => {
		const { handoff } = await handedOff();
		await acceptHandoff(LAN, WARD, handoff, phone);
		expect(await acceptHandoff(LAN, WARD, handoff, phone)).toEqual({ ok: false, reason: 'already_here' });
		expect(await phone.outbox.count()).toBe(1);
		// The PC itself, if the code were opened there.
		expect(await acceptHandoff(LAN, WARD, handoff, pc)).toEqual({ ok: false, reason: 'already_here' });
	});

	it("refuses another officer's code and another ward's, and stores nothing", async () => {
		const { handoff } = await handedOff();
		expect(await acceptHandoff(HUNG, WARD, handoff, phone)).toEqual({ ok: false, reason: 'other_user' });
		expect(await acceptHandoff(LAN, OTHER_WARD, handoff, phone)).toEqual({ ok: false, reason: 'other_ward' });
		expect(await acceptHandoff(LAN, null, handoff, phone)).toEqual({ ok: false, reason: 'other_ward' });
		expect(await phone.reports.count()).toBe(0);
		expect(await phone.outbox.count()).toBe(0);
	});
});
