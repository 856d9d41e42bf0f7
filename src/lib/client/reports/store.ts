/**
 * Reports on the device: the autosaved draft, its attachments, and submitting — which writes
 * the report, its attachments and its outbox entries in one IndexedDB transaction before any
 * network call, so "Đã lưu trên máy" is true the moment it is shown.
 *
 * A report can be edited or withdrawn by its author while its own entry is still waiting in
 * the outbox; once the server has it, it is read-only history on the device.
 */
import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { isApiErrorCode } from '$lib/domain/api-error';
import type { ReportInput } from '$lib/domain/report';
import { toIsoWithOffset } from '$lib/domain/report-fields';
import { deviceDb, type DeviceDb, type DraftRow, type LocalReport, type OutboxOp } from '../db';
import { historyCutoff } from './history';

export const newReportId = (): string => uuidv7();

export type SubmitResult =
	| { ok: true; report: LocalReport }
	| { ok: false; reason: 'invalid'; issues: { field: string; code: string }[] }
	| { ok: false; reason: 'not_editable' }
	/** This draft was already sent (from another tab); the form starts a new one with its text. */
	| { ok: false; reason: 'already_sent' }
	| { ok: false; reason: 'quota' };

export function emptyDraft(userId: string): DraftRow {
	return { userId, reportId: newReportId(), fields: {}, editing: false, savedAt: Date.now() };
}

export async function loadDraft(userId: string, db: DeviceDb = deviceDb()): Promise<DraftRow> {
	const draft = await db.drafts.get(userId);
	if (draft) return draft;
	const fresh = emptyDraft(userId);
	await db.drafts.put(fresh);
	return fresh;
}

/**
 * Saves what is on screen into the author's draft. When that draft is gone or is another one
 * (this report was sent from another tab meanwhile), what is on screen becomes a new draft —
 * returned, so the form carries on with it — rather than being lost.
 */
export async function saveDraftFields(
	userId: string,
	fields: Partial<ReportInput>,
	db: DeviceDb = deviceDb(),
	reportId?: string
): Promise<DraftRow | null> {
	return db.transaction('rw', db.drafts, async () => {
		const draft = await db.drafts.get(userId);
		if (draft && (reportId === undefined || draft.reportId === reportId)) {
			await db.drafts.update(userId, { fields, savedAt: Date.now() });
			return null;
		}
		// Another tab's live draft is not overwritten: this one simply stops being saved.
		if (draft) return null;
		const fresh: DraftRow = { ...emptyDraft(userId), fields };
		await db.drafts.put(fresh);
		return fresh;
	});
}

/** Starts over: the draft and any files attached to it are dropped. */
export async function discardDraft(userId: string, db: DeviceDb = deviceDb()): Promise<void> {
	await db.transaction('rw', [db.drafts, db.attachments, db.outbox], async () => {
		const draft = await db.drafts.get(userId);
		if (!draft) return;
		if (!draft.editing) {
			await db.attachments.where('reportId').equals(draft.reportId).delete();
		} else {
			// Stopping an edit: files added during it (not yet queued) go; queued ones stay.
			const queued = new Set(
				(await db.outbox.where('reportId').equals(draft.reportId).toArray()).flatMap((op) =>
					op.kind === 'attachment' ? [op.attachmentId] : []
				)
			);
			await db.attachments
				.where('reportId')
				.equals(draft.reportId)
				.filter((a) => !a.uploaded && !queued.has(a.id))
				.delete();
		}
		await db.drafts.delete(userId);
	});
}

/** Starts a new draft from given fields (the outage report to edit), replacing the current one. */
export async function startDraftWith(userId: string, fields: Partial<ReportInput>, db: DeviceDb = deviceDb()): Promise<void> {
	await db.transaction('rw', db.drafts, db.attachments, async () => {
		await dropNewDraftFiles(db, userId);
		await db.drafts.put({ ...emptyDraft(userId), fields });
	});
}

/** The files of the author's new (not editing) draft, which a replaced draft takes along. */
async function dropNewDraftFiles(db: DeviceDb, userId: string): Promise<void> {
	const draft = await db.drafts.get(userId);
	if (draft && !draft.editing) await db.attachments.where('reportId').equals(draft.reportId).delete();
}

/** The report's own entry is still in the outbox and not being sent right now. */
export async function isEditable(reportId: string, db: DeviceDb = deviceDb()): Promise<boolean> {
	const report = await db.reports.get(reportId);
	if (!report || report.state === 'sending' || report.state === 'sent' || report.mayBeOnServer) return false;
	return (await db.outbox.where('reportId').equals(reportId).filter((op) => op.kind === 'report').count()) > 0;
}

/** Opens a waiting report in the form. */
export async function editReport(userId: string, reportId: string, db: DeviceDb = deviceDb()): Promise<boolean> {
	return db.transaction('rw', [db.reports, db.outbox, db.drafts, db.attachments], async () => {
		const report = await db.reports.get(reportId);
		if (!report || report.userId !== userId || !(await isEditable(reportId, db))) return false;
		await dropNewDraftFiles(db, userId);
		await db.drafts.put({ userId, reportId, fields: report.body, editing: true, savedAt: Date.now() });
		return true;
	});
}

/**
 * Validates the draft with the shared schema and moves it into the outbox. `now` is the
 * device clock: it stamps `createdAt`, and `startedAt` may not be after it.
 */
export async function submitDraft(
	userId: string,
	now = new Date(),
	db: DeviceDb = deviceDb(),
	/** The form's draft and current fields, newer than the last autosave (saves a read). */
	form?: { draft: DraftRow; fields: Partial<ReportInput> }
): Promise<SubmitResult> {
	const draft = form?.draft ?? (await db.drafts.get(userId));
	const fields = form?.fields;
	if (!draft) return { ok: false, reason: 'invalid', issues: [{ field: 'description', code: 'description_required' }] };
	// An edited report keeps the moment it was made: editing is not reporting again.
	const madeAt = draft.editing && draft.fields.createdAt ? new Date(draft.fields.createdAt) : now;
	const parsed = await validate(fields ?? draft.fields, madeAt);
	if (!parsed.ok) return parsed;
	const body = parsed.body;
	try {
		const report = await db.transaction('rw', [db.drafts, db.reports, db.attachments, db.outbox], () =>
			draft.editing ? updateWaiting(db, draft, body) : queueNew(db, draft, body, now.getTime())
		);
		if (!report) return { ok: false, reason: 'not_editable' };
		void requestPersistentStorage();
		return { ok: true, report };
	} catch (error) {
		if (isQuotaError(error)) return { ok: false, reason: 'quota' };
		// The report already exists under this id: this draft was sent from another tab.
		if (!draft.editing && hasErrorName(error, 'ConstraintError')) return { ok: false, reason: 'already_sent' };
		throw error;
	}
}

async function validate(
	fields: Partial<ReportInput>,
	now: Date
): Promise<{ ok: true; body: ReportInput } | Extract<SubmitResult, { reason: 'invalid' }>> {
	// The schema (and zod) load when a report is first checked, not with the form.
	const { reportSchema } = await import('$lib/domain/report');
	const parsed = reportSchema.safeParse({ ...fields, createdAt: toIsoWithOffset(now) });
	if (parsed.success) {
		// Keep exactly what the schema accepted (trimmed, blanks removed): the server compares it.
		return { ok: true, body: parsed.data as ReportInput };
	}
	return {
		ok: false,
		reason: 'invalid',
		// The schema names our own codes as messages; otherwise zod's issue code ("too_big"…).
		issues: parsed.error.issues.map((issue) => ({
			field: String(issue.path[0] ?? ''),
			code: isApiErrorCode(issue.message) ? issue.message : issue.code
		}))
	};
}

/** Files a report straight from given fields, with no draft and no files (the outage report). */
export async function submitFields(
	userId: string,
	fields: Partial<ReportInput>,
	now = new Date(),
	extra: Pick<LocalReport, 'outageId'> = {},
	db: DeviceDb = deviceDb()
): Promise<SubmitResult> {
	const parsed = await validate(fields, now);
	if (!parsed.ok) return parsed;
	const report: LocalReport = { id: newReportId(), userId, body: parsed.body, state: 'queued', queuedAt: now.getTime(), ...extra };
	try {
		await db.transaction('rw', db.reports, db.outbox, () => addQueuedReport(db, report));
	} catch (error) {
		if (isQuotaError(error)) return { ok: false, reason: 'quota' };
		throw error;
	}
	void requestPersistentStorage();
	return { ok: true, report };
}

async function queueNew(db: DeviceDb, draft: DraftRow, body: ReportInput, now: number): Promise<LocalReport> {
	const report: LocalReport = { id: draft.reportId, userId: draft.userId, body, state: 'queued', queuedAt: now };
	// The files were stored when attached (a closed tab keeps them); this transaction binds
	// them to the report and queues them, so the report never exists without its files.
	// Their ids are UUIDv7, so key order is the order they were attached.
	const attachmentIds = (await db.attachments.where('reportId').equals(draft.reportId).primaryKeys()).sort();
	await Promise.all([addQueuedReport(db, report, attachmentIds), deleteDraftOf(db, draft)]);
	return report;
}

/**
 * The one write of a new report on the device: its row, then its outbox entries — the report
 * first, then each file in order. Call it inside a transaction over `reports` and `outbox`;
 * a report id already on the device rejects with a ConstraintError.
 */
export function addQueuedReport(db: DeviceDb, report: LocalReport, attachmentIds: string[] = []): Promise<unknown> {
	const ops: OutboxOp[] = [
		{ userId: report.userId, kind: 'report', reportId: report.id, attempts: 0 },
		...attachmentIds.map(
			(attachmentId): OutboxOp => ({ userId: report.userId, kind: 'attachment', reportId: report.id, attachmentId, attempts: 0 })
		)
	];
	// Issued together: IndexedDB runs them in order within the transaction, without a round
	// trip to this page between each.
	return Promise.all([db.reports.add(report), db.outbox.bulkAdd(ops)]);
}

async function updateWaiting(db: DeviceDb, draft: DraftRow, body: ReportInput): Promise<LocalReport | null> {
	if (!(await isEditable(draft.reportId, db))) return null;
	const report = await db.reports.get(draft.reportId);
	if (!report) return null;
	const updated: LocalReport = { ...report, body, state: 'queued', problem: undefined };
	await db.reports.put(updated);
	// Files added or removed while editing: one entry per file still attached, in order.
	const attachments = await db.attachments.where('reportId').equals(report.id).sortBy('addedAt');
	const queued = await db.outbox.where('reportId').equals(report.id).toArray();
	const queuedIds = new Set(queued.flatMap((op) => (op.kind === 'attachment' ? [op.attachmentId] : [])));
	const current = new Set(attachments.map((a) => a.id));
	for (const op of queued) if (op.kind === 'attachment' && !current.has(op.attachmentId)) await db.outbox.delete(op.seq!);
	for (const a of attachments) {
		if (!queuedIds.has(a.id) && !a.uploaded) {
			const op: OutboxOp = { userId: report.userId, kind: 'attachment', reportId: report.id, attachmentId: a.id, attempts: 0 };
			await db.outbox.add(op);
		}
	}
	await deleteDraftOf(db, draft);
	return updated;
}

/** Removes the author's draft only if it is still this one (another tab may have begun a new one). */
async function deleteDraftOf(db: DeviceDb, draft: DraftRow): Promise<void> {
	await db.drafts.where('userId').equals(draft.userId).filter((d) => d.reportId === draft.reportId).delete();
}

/** Withdraws a report that has not been sent: it never reaches anyone. */
export async function withdrawReport(userId: string, reportId: string, db: DeviceDb = deviceDb()): Promise<boolean> {
	return db.transaction('rw', [db.reports, db.outbox, db.attachments, db.drafts], async () => {
		const report = await db.reports.get(reportId);
		if (!report || report.userId !== userId || !(await isEditable(reportId, db))) return false;
		await db.outbox.where('reportId').equals(reportId).delete();
		await db.attachments.where('reportId').equals(reportId).delete();
		await db.reports.delete(reportId);
		const draft = await db.drafts.get(userId);
		if (draft?.reportId === reportId) await db.drafts.delete(userId);
		return true;
	});
}

/** "Thử gửi lại" after a refused attachment or a fixed cause: the report goes back in line. */
export async function retryReport(reportId: string, db: DeviceDb = deviceDb()): Promise<void> {
	await db.transaction('rw', db.reports, db.outbox, async () => {
		// Pressed on a screen a moment behind (another tab or the worker put it back in line and
		// sent it meanwhile): a report no longer held is left as it is, never made "queued" again.
		if ((await db.reports.get(reportId))?.state !== 'needs_action') return;
		await db.reports.update(reportId, { state: 'queued', problem: undefined });
		await db.outbox.where('reportId').equals(reportId).modify({ attempts: 0 });
	});
}

/**
 * The server already holds a different report under this id (it stored an earlier version,
 * and the answer never reached the device). The version on the device goes again as a new
 * report, with its files; nothing the officer wrote is lost.
 */
export async function resendAsNew(reportId: string, db: DeviceDb = deviceDb()): Promise<string | null> {
	return db.transaction('rw', [db.reports, db.outbox, db.attachments], async () => {
		const report = await db.reports.get(reportId);
		if (!report || report.state !== 'needs_action') return null;
		const id = newReportId();
		await db.reports.add({ ...report, id, state: 'queued', problem: undefined, mayBeOnServer: false });
		await db.attachments.where('reportId').equals(reportId).modify({ reportId: id, uploaded: false, uploadedBytes: 0, uploadUrl: undefined });
		// New entries rather than re-pointed ones: a drain holding the old entries in hand then
		// finds them gone instead of retiring the new report's.
		const old = await db.outbox.where('reportId').equals(reportId).sortBy('seq');
		await db.outbox.bulkDelete(old.map((op) => op.seq!));
		await db.outbox.bulkAdd(old.map(({ seq: _seq, ...op }) => ({ ...op, reportId: id, attempts: 0 })));
		await db.reports.delete(reportId);
		return id;
	});
}

/** Drops one refused attachment so the rest of the report can go. */
export async function dropAttachment(reportId: string, attachmentId: string, db: DeviceDb = deviceDb()): Promise<void> {
	await db.transaction('rw', [db.reports, db.outbox, db.attachments], async () => {
		await db.outbox
			.where('reportId')
			.equals(reportId)
			.filter((op) => op.kind === 'attachment' && op.attachmentId === attachmentId)
			.delete();
		await db.attachments.delete(attachmentId);
		const left = await db.outbox.where('reportId').equals(reportId).count();
		await db.reports.update(reportId, left ? { state: 'queued', problem: undefined } : { state: 'sent', problem: undefined, sentAt: Date.now() });
	});
}

/** Reports and actions on incidents this person made that have not reached the server. */
export async function unsentCount(userId: string, db: DeviceDb = deviceDb()): Promise<number> {
	const [reports, actions] = await Promise.all(
		[db.reports, db.actions].map((table) =>
			(table as DeviceDb['reports'])
				.where('userId')
				.equals(userId)
				.filter((r) => r.state !== 'sent')
				.count()
		)
	);
	return reports! + actions!;
}

export function reportsOf(userId: string, db: DeviceDb = deviceDb()): Promise<LocalReport[]> {
	return db.reports
		.where('[userId+queuedAt]')
		.between([userId, Dexie.minKey], [userId, Dexie.maxKey])
		.reverse()
		.toArray();
}

export { SENT_HISTORY_DAYS } from './history';

/** Sent reports stay as read-only history for SENT_HISTORY_DAYS, then leave the device with their files. */
export async function pruneHistory(now = Date.now(), db: DeviceDb = deviceDb()): Promise<number> {
	const before = historyCutoff(now);
	return db.transaction('rw', db.reports, db.attachments, async () => {
		const old = await db.reports.filter((r) => r.state === 'sent' && (r.sentAt ?? 0) < before).primaryKeys();
		for (const id of old) await db.attachments.where('reportId').equals(id).delete();
		await db.reports.bulkDelete(old);
		return old.length;
	});
}

/**
 * Signing out on a shared PC: this author's sent reports and their files (screenshots may
 * show citizens' records) leave the device; unsent ones stay to be sent at the next sign-in.
 */
export async function forgetSentHistory(userId: string, db: DeviceDb = deviceDb()): Promise<void> {
	await db.actions
		.where('userId')
		.equals(userId)
		.filter((a) => a.state === 'sent')
		.delete();
	await db.transaction('rw', db.reports, db.attachments, async () => {
		const sent = await db.reports
			.where('userId')
			.equals(userId)
			.filter((r) => r.state === 'sent')
			.primaryKeys();
		for (const id of sent) await db.attachments.where('reportId').equals(id).delete();
		await db.reports.bulkDelete(sent);
	});
}

let persistAsked = false;
/** Asks the browser not to evict the outbox under storage pressure (best effort). */
export async function requestPersistentStorage(): Promise<void> {
	if (persistAsked || typeof navigator === 'undefined' || !navigator.storage?.persist) return;
	persistAsked = true;
	await navigator.storage.persist().catch(() => false);
}

/** Dexie wraps IndexedDB's errors; the cause may sit a level or two down. */
function hasErrorName(error: unknown, wanted: string): boolean {
	for (let e: unknown = error; e; e = (e as { inner?: unknown }).inner) {
		if ((e as { name?: string }).name === wanted) return true;
	}
	return false;
}

export function isQuotaError(error: unknown): boolean {
	return hasErrorName(error, 'QuotaExceededError');
}
