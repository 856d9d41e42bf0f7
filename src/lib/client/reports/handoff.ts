/**
 * The QR hand-off on the device (DESIGN §4.6; the code itself is `$lib/domain/report-qr`).
 * The desk PC, offline, shows its waiting report as a link; the officer's phone opens it and
 * files the report into its own outbox exactly as the form would — same id, same body — so
 * the phone sends it over 4G and the PC's later sync is an identical repeat (200) that only
 * adds the attachments.
 *
 * The phone accepts only its own officer's code, in that officer's ward: the server would
 * answer another reporter's copy with 409, and file another ward's under the wrong ward.
 */
import type { Profile } from '$lib/domain/account';
import { reportSchema } from '$lib/domain/report';
import { QR_TEXT_MAX, encodeHandoff, handoffSupported, type QrHandoff } from '$lib/domain/report-qr';
import { deviceDb, type DeviceDb, type LocalReport } from '../db';
import { addQueuedReport, isQuotaError, requestPersistentStorage } from './store';

export type AcceptResult =
	| { ok: true; reportId: string }
	| { ok: false; reason: 'other_user' | 'other_ward' | 'already_here' | 'quota' };

/** The ward a user reports for: the server files reports under the reporter's ward only. */
export function reportingWardId(profile: Pick<Profile, 'unit'>): string | null {
	return profile.unit?.kind === 'ward' ? profile.unit.id : null;
}

/**
 * The link for the QR code, or null when this report cannot travel that way: the browser
 * cannot compress (see `handoffSupported`), the officer has no ward, or the link is longer
 * than a QR code holds (long texts in every field).
 */
export async function handoffUrl(
	report: LocalReport,
	profile: Pick<Profile, 'id' | 'unit'>,
	origin: string = location.origin
): Promise<string | null> {
	const wardId = reportingWardId(profile);
	if (!handoffSupported() || !wardId || report.userId !== profile.id) return null;
	// The stored body is what the schema accepted; parsing again only gives it its output type.
	const body = reportSchema.safeParse(report.body);
	if (!body.success) return null;
	const url = await encodeHandoff({ reportId: report.id, userId: report.userId, wardId, report: body.data }, origin);
	return url.length <= QR_TEXT_MAX ? url : null;
}

/** Files a handed-off report on this device, in its outbox, as its author's form would have. */
export async function acceptHandoff(
	userId: string,
	wardId: string | null,
	handoff: QrHandoff,
	db: DeviceDb = deviceDb(),
	now = Date.now()
): Promise<AcceptResult> {
	// Ids come out of the decoder in lower case; the profile's may not.
	if (handoff.userId !== userId.toLowerCase()) return { ok: false, reason: 'other_user' };
	if (!wardId || handoff.wardId !== wardId.toLowerCase()) return { ok: false, reason: 'other_ward' };
	const report: LocalReport = {
		id: handoff.reportId,
		userId,
		body: handoff.report,
		state: 'queued',
		queuedAt: now
	};
	try {
		const added = await db.transaction('rw', db.reports, db.outbox, async () => {
			// Scanned twice, or the same code on a phone that is also where it was made.
			if (await db.reports.get(report.id)) return false;
			await addQueuedReport(db, report);
			return true;
		});
		if (!added) return { ok: false, reason: 'already_here' };
	} catch (error) {
		if (isQuotaError(error)) return { ok: false, reason: 'quota' };
		throw error;
	}
	void requestPersistentStorage();
	return { ok: true, reportId: report.id };
}
