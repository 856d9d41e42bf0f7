/**
 * Draining the outbox: send what the device holds, in the order it was made, and record each
 * answer. Runs in a page or in the service worker; a Web Lock keeps it to one drain at a time
 * across every tab and the worker, so nothing is sent twice by two drains racing.
 *
 * Rules (DESIGN.md §4): only a 2xx retires an entry; a 4xx marks the report "Cần xử lý" with
 * the server's reason and holds that report's later entries, while other reports go on; a 401
 * pauses everything ("Chờ đăng nhập") and drops nothing; a network error or 5xx stops the
 * drain and asks to be tried again after a backoff. Only the signed-in author's entries are
 * sent: a shared PC keeps another officer's unsent reports until that officer signs in.
 */
import type { DeviceDb, LocalAction, LocalAttachment, LocalReport, Problem, ReportOp } from '../db';
import { sendAction } from './drain-actions';
import { dueAgain, holdsFor, RETRY_HELD_AFTER_MS, SERVER_FAILING, serverErrorsAfter, serverFailing } from './hold';
import type { Outcome } from './transport';

export interface Transport {
	report(report: LocalReport): Promise<Outcome<{ incident?: { id: string } }>>;
	event(action: LocalAction): Promise<Outcome>;
	attachment(
		attachment: LocalAttachment,
		hooks: { onProgress(bytes: number): void; onUploadUrl(url: string): void }
	): Promise<Outcome>;
}

export type DrainResult =
	/** `heldUntil`: when the first entry held for the server's errors goes back in line. */
	| { status: 'done'; sent: number; heldUntil?: number }
	/** `retryAfterMs`: the server said when to come back. */
	| { status: 'retry'; sent: number; attempts: number; retryAfterMs?: number }
	| { status: 'paused'; sent: number }
	| { status: 'busy' };

export interface DrainOptions {
	db: DeviceDb;
	userId: string;
	transport: Transport;
	now?: () => number;
}

export const OUTBOX_LOCK = 'ucmc-outbox';
export { HOLD_AFTER_SERVER_ERRORS, SERVER_FAILING } from './hold';

/** One drain at a time in this origin; a second caller returns at once ("busy"). */
export async function drainOutbox(options: DrainOptions): Promise<DrainResult> {
	return withLock(async () => {
		try {
			return await drainLocked(options);
		} finally {
			// Whatever stopped this drain (a network error on another report, an exception),
			// nothing is "being sent" once it ends: unfinished reports and actions wait again.
			const { db, userId } = options;
			await Promise.all(
				[db.reports, db.actions].map((table) =>
					(table as DeviceDb['reports'])
						.where('userId')
						.equals(userId)
						.filter((r) => r.state === 'sending')
						.modify({ state: 'queued' })
				)
			);
		}
	});
}

async function drainLocked({ db, userId, transport, now = Date.now }: DrainOptions): Promise<DrainResult> {
	let sent = 0;
	const held = new Set<string>();
	await releaseHeldForServer(db, userId, now());
	for (;;) {
		// A pass over the author's entries in order (the userId index keeps them by seq);
		// the next pass picks up whatever was queued meanwhile.
		const batch = (await db.outbox.where('userId').equals(userId).toArray()).filter((op) => !held.has(op.reportId));
		if (batch.length === 0) return { status: 'done', sent, heldUntil: await heldUntil(db, userId) };
		for (const op of batch) {
			if (held.has(op.reportId)) continue;
			// An action on an incident (acknowledge, comment…): its own small path, the same rules.
			if (op.kind === 'event') {
				const outcome = await sendAction(db, transport, op, now);
				if (outcome === 'sent' || outcome === 'gone') {
					if (outcome === 'sent') sent++;
					continue;
				}
				if (outcome === 'held') {
					held.add(op.reportId);
					continue;
				}
				if (outcome === 'unauthenticated') {
					await pauseForSignIn(db, userId);
					return { status: 'paused', sent };
				}
				return { status: 'retry', sent, attempts: outcome.attempts, retryAfterMs: outcome.retryAfterMs };
			}
			const report = await claim(db, op);
			// Gone or moved meanwhile (withdrawn, sent again as a new report): not ours to send.
			if (report === 'gone') continue;
			// Waiting for the officer to fix it: its later entries wait too, others go on.
			if (report === 'held') {
				held.add(op.reportId);
				continue;
			}
			const outcome = await perform(db, transport, op, report, now);
			switch (outcome.kind) {
				case 'ok':
					sent++;
					continue;
				case 'rejected':
					held.add(op.reportId);
					// An answer about this request that is not a server error ends the run of them:
					// a report sent again after a refusal (as new after a 409, or "Thử gửi lại")
					// counts from nothing, and is not held for its first 500.
					await db.outbox.update(op.seq!, { serverErrors: 0, firstServerErrorAt: undefined });
					await markNeedsAction(db, op, outcome.problem, report);
					continue;
				case 'unauthenticated':
					await pauseForSignIn(db, userId);
					return { status: 'paused', sent };
				case 'retry': {
					const attempts = op.attempts + 1;
					// Counted apart from network failures: only the server answering with an
					// error, again and again, means this one report is the trouble (a busy
					// server's 503 leaves the count as it was).
					const errors = serverErrorsAfter(op, outcome.status, now());
					// Then the report waits ("Thử gửi lại", or by itself in a while) so that the
					// reports behind it can go.
					if (holdsFor(errors, now())) {
						held.add(op.reportId);
						await db.outbox.update(op.seq!, { attempts: 0, serverErrors: 0, firstServerErrorAt: undefined });
						await markNeedsAction(db, op, serverFailing(outcome.reason, now()), report);
						continue;
					}
					await db.transaction('rw', db.outbox, db.reports, async () => {
						await db.outbox.update(op.seq!, { attempts, ...errors });
						// Never left the device: the server cannot hold it, so it stays editable.
						if (op.kind === 'report' && outcome.reached === false && !report?.mayBeOnServerBefore) {
							await db.reports.update(op.reportId, { mayBeOnServer: false });
						}
						await db.reports
							.where('id')
							.equals(op.reportId)
							.filter((r) => r.state === 'sending')
							.modify({ state: 'queued' });
					});
					return { status: 'retry', sent, attempts, retryAfterMs: outcome.retryAfterMs };
				}
			}
		}
	}
}

/**
 * Re-reads the entry and its report and marks the report as being sent, in one transaction,
 * so an edit or a withdrawal from another tab lands wholly before (and is what gets sent) or
 * wholly after (and is refused, the report being on its way).
 */
type Claimed = LocalReport & { mayBeOnServerBefore?: boolean };

async function claim(db: DeviceDb, op: ReportOp): Promise<Claimed | 'gone' | 'held' | undefined> {
	if (op.kind === 'attachment') {
		// The files of a report already on its way: it can no longer be edited or withdrawn,
		// so reading is enough (and spares a write per file).
		const [entry, report] = await Promise.all([db.outbox.get(op.seq!), db.reports.get(op.reportId)]);
		if (entry?.reportId === op.reportId && report?.state === 'sending' && report.mayBeOnServer) {
			return { ...report, mayBeOnServerBefore: true };
		}
	}
	return db.transaction('rw', db.outbox, db.reports, async () => {
		const [entry, report] = await Promise.all([db.outbox.get(op.seq!), db.reports.get(op.reportId)]);
		if (!entry || entry.reportId !== op.reportId) return 'gone';
		if (!report) return undefined;
		if (report.state === 'needs_action') return 'held';
		const claimed: LocalReport = {
			...report,
			state: 'sending',
			mayBeOnServer: report.mayBeOnServer || op.kind === 'report'
		};
		await db.reports.put(claimed);
		return { ...claimed, mayBeOnServerBefore: report.mayBeOnServer };
	});
}

async function perform(
	db: DeviceDb,
	transport: Transport,
	op: ReportOp,
	report: LocalReport | undefined,
	now: () => number
): Promise<Outcome> {
	if (!report) return retireOnly(db, op, now);
	if (op.kind === 'report') {
		const outcome = await transport.report(report);
		if (outcome.kind === 'ok') {
			const incidentId = outcome.data?.incident?.id;
			await retire(db, op, now, incidentId ? { incidentId } : {});
		}
		return outcome;
	}
	const attachment = await db.attachments.get(op.attachmentId);
	if (!attachment) return retireOnly(db, op, now);
	const outcome = await transport.attachment(attachment, {
		onProgress: (bytes) => void db.attachments.update(attachment.id, { uploadedBytes: bytes }),
		onUploadUrl: (url) => void db.attachments.update(attachment.id, { uploadUrl: url || undefined })
	});
	if (outcome.kind === 'ok') {
		await retire(db, op, now, {}, () =>
			db.attachments.update(attachment.id, { uploaded: true, uploadedBytes: attachment.size })
		);
	} else if (outcome.kind === 'rejected') {
		// A refused upload session cannot be resumed; the next try starts a new one.
		await db.attachments.update(attachment.id, { uploadUrl: undefined, uploadedBytes: 0 });
	}
	return outcome;
}

/** Removes the entry; the report is "Đã gửi" once none of its entries remain. */
async function retire(
	db: DeviceDb,
	op: ReportOp,
	now: () => number,
	changes: Partial<LocalReport>,
	alsoInside?: () => Promise<unknown>
): Promise<void> {
	await db.transaction('rw', [db.outbox, db.reports, db.attachments], async () => {
		// Issued together: IndexedDB runs a transaction's requests in order, so the count
		// already sees the deletion, without a round trip between them. An action on this
		// report's incident shares its key (so that it waits behind the report) but is not one
		// of the report's own entries: it must not keep the report from being "sent".
		const [, , left] = await Promise.all([
			alsoInside?.(),
			db.outbox.delete(op.seq!),
			db.outbox
				.where('reportId')
				.equals(op.reportId)
				.filter((entry) => entry.kind !== 'event')
				.count()
		]);
		await db.reports.update(
			op.reportId,
			left === 0 ? { ...changes, state: 'sent', sentAt: now(), problem: undefined } : { ...changes, problem: undefined }
		);
	});
}

/**
 * The thing to send is gone (withdrawn, or a file removed while editing): nothing to send, but
 * the report, if still there, is settled like any other retired entry — or it stays "sending".
 */
async function retireOnly(db: DeviceDb, op: ReportOp, now: () => number): Promise<Outcome> {
	await retire(db, op, now, {});
	return { kind: 'ok', status: 200, data: null };
}

async function markNeedsAction(db: DeviceDb, op: ReportOp, problem: Problem, claimed?: Claimed): Promise<void> {
	if (op.kind === 'attachment') {
		await db.reports.update(op.reportId, { state: 'needs_action', problem: { ...problem, attachmentId: op.attachmentId } });
		return;
	}
	// Refused outright, the server kept nothing: the officer may fix and resend it. A 409 means
	// the server holds another version under this id, so it may not be edited on the device.
	// An earlier attempt that went unanswered may have been stored: a later refusal (a proxy's
	// error page, a moved officer) does not prove otherwise.
	const kept =
		problem.code === 'incident_conflict' || problem.code === SERVER_FAILING || Boolean(claimed?.mayBeOnServerBefore);
	await db.reports.update(op.reportId, { state: 'needs_action', problem, mayBeOnServer: kept });
}

/**
 * Reports and actions held for the server's errors long enough ago go back in line: a server
 * that failed for a while (its database away, a bad deploy) is tried again without anybody.
 */
async function releaseHeldForServer(db: DeviceDb, userId: string, now: number): Promise<void> {
	await db.transaction('rw', db.reports, db.actions, async () => {
		for (const table of [db.reports, db.actions] as const) {
			await (table as DeviceDb['reports'])
				.where('userId')
				.equals(userId)
				.filter((r) => r.state === 'needs_action' && dueAgain(r.problem, now))
				.modify({ state: 'queued', problem: undefined });
		}
	});
}

/** When the earliest entry held for the server's errors is due again, if any is held. */
async function heldUntil(db: DeviceDb, userId: string): Promise<number | undefined> {
	const times: number[] = [];
	for (const table of [db.reports, db.actions] as const) {
		await (table as DeviceDb['reports'])
			.where('userId')
			.equals(userId)
			.filter((r) => r.state === 'needs_action' && r.problem?.code === SERVER_FAILING)
			.each((r) => void times.push((r.problem!.at ?? 0) + RETRY_HELD_AFTER_MS));
	}
	return times.length ? Math.min(...times) : undefined;
}

async function pauseForSignIn(db: DeviceDb, userId: string): Promise<void> {
	await Promise.all(
		[db.reports, db.actions].map((table) =>
			(table as DeviceDb['reports'])
				.where('userId')
				.equals(userId)
				.filter((r) => r.state === 'queued' || r.state === 'sending')
				.modify({ state: 'needs_sign_in' })
		)
	);
}

// --- the lock -------------------------------------------------------------------------

let localBusy = false;

async function withLock(run: () => Promise<DrainResult>): Promise<DrainResult> {
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	if (locks) {
		return locks.request(OUTBOX_LOCK, { ifAvailable: true }, async (lock) => (lock ? run() : { status: 'busy' as const }));
	}
	// No Web Locks (tests in Node, very old browsers): one drain per context at least.
	if (localBusy) return { status: 'busy' };
	localBusy = true;
	try {
		return await run();
	} finally {
		localBusy = false;
	}
}
