/**
 * Report attachments. Both ways in — the simple `PUT` and a finished tus upload — end in
 * `storeAttachment`, so they check the same things and answer the same refusals: the bytes
 * are what their name and declared type say (sniffed), their SHA-256 is the declared one,
 * the report's caps hold, and an id is never reused for other bytes.
 *
 * Refusals are thrown as ApiError: the route and the tus hooks turn them into the same
 * `{ error: { code, message } }` body.
 */
import { and, count, eq, sql, sum } from 'drizzle-orm';
import {
	ATTACHMENT_MAX_BYTES,
	attachmentMetaSchema,
	checkAttachmentType,
	REPORT_ATTACHMENTS_MAX_BYTES,
	REPORT_ATTACHMENTS_MAX_COUNT,
	type AttachmentMeta
} from '$lib/domain/attachment';
import type { AttachmentInfo } from '$lib/domain/incident';
import type { Database } from '../db';
import { incidentAttachments, incidentReports, incidents, type IncidentAttachment, type IncidentReport, type User } from '../db/schema';
import type { BlobStore } from '../files/blob-store';
import type { ReceivedFile } from '../files/receive';
import { ApiError, validationError } from '../http/api';
import { isUuid, visibleIncidents, type Scope } from '../scope';
import { requireOwnReport } from './access';
import { incidentIdOf } from './read.service';

const MB = 1024 * 1024;

/** What a client declares about a file, before its bytes arrive. */
export function parseAttachmentMeta(raw: { name: unknown; type: unknown; size: unknown; sha256: unknown }): AttachmentMeta {
	// Browsers send a base name; anything path-like is cut down to its last part.
	const name = typeof raw.name === 'string' ? (raw.name.split(/[\\/]/).pop() ?? '') : raw.name;
	const parsed = attachmentMetaSchema.safeParse({ ...raw, name });
	if (parsed.success) return parsed.data;
	const refusal = validationError(parsed.error);
	const named = { name: typeof name === 'string' ? name : '' };
	switch (refusal.code) {
		case 'attachment_type_refused':
			return fail(415, 'attachment_type_refused', named);
		case 'attachment_too_large':
			return fail(413, 'attachment_too_large', { ...named, limit: ATTACHMENT_MAX_BYTES / MB });
		case 'attachment_empty':
			return fail(400, 'attachment_empty', named);
		default:
			throw refusal;
	}
}

function fail(status: number, code: ApiError['code'], params: Record<string, string | number> = {}): never {
	throw new ApiError(status, code, params);
}

export function toAttachmentInfo(row: IncidentAttachment): AttachmentInfo {
	return { id: row.id, reportId: row.reportId, name: row.name, type: row.type, size: row.size, sha256: row.sha256 };
}

export function requireAttachmentId(attachmentId: string): void {
	if (!isUuid(attachmentId)) fail(400, 'invalid_id', { field: 'attachmentId' });
}

/**
 * Everything that can be refused before the bytes arrive (so that 25 MB are not sent in
 * vain): the report is the caller's, the id is not taken by other bytes, the caps leave room.
 */
export async function checkUpload(
	db: Database,
	scope: Scope,
	user: User,
	reportId: string,
	attachmentId: string,
	meta: AttachmentMeta
): Promise<IncidentReport> {
	requireAttachmentId(attachmentId);
	const report = await requireOwnReport(db, scope, user, reportId);
	await checkRoom(db, report, attachmentId, meta);
	return report;
}

/** The id's reuse and the report's caps; `db` may be a transaction holding the report's lock. */
async function checkRoom(
	db: Pick<Database, 'select'>,
	report: IncidentReport,
	attachmentId: string,
	meta: Pick<AttachmentMeta, 'name' | 'sha256' | 'size'>
): Promise<IncidentAttachment | null> {
	const [existing] = await db.select().from(incidentAttachments).where(eq(incidentAttachments.id, attachmentId)).limit(1);
	if (existing) {
		// Another ward's file under this id: not found, as anything out of scope is — a conflict
		// would tell that it exists, and its name.
		if (existing.reportId !== report.id && (await wardOfReport(db, existing.reportId)) !== report.wardId) fail(404, 'not_found');
		if (existing.reportId !== report.id || existing.sha256 !== meta.sha256) {
			fail(409, 'attachment_conflict', { name: existing.name });
		}
		return existing;
	}
	const [taken] = await db
		.select({ files: count(), bytes: sum(incidentAttachments.size).mapWith(Number) })
		.from(incidentAttachments)
		.where(eq(incidentAttachments.reportId, report.id));
	if ((taken?.files ?? 0) >= REPORT_ATTACHMENTS_MAX_COUNT) {
		fail(400, 'attachments_too_many', { limit: REPORT_ATTACHMENTS_MAX_COUNT });
	}
	if ((taken?.bytes ?? 0) + meta.size > REPORT_ATTACHMENTS_MAX_BYTES) {
		fail(413, 'attachments_total_too_large', { limit: REPORT_ATTACHMENTS_MAX_BYTES / MB });
	}
	return null;
}

async function wardOfReport(db: Pick<Database, 'select'>, reportId: string): Promise<string | null> {
	const [row] = await db.select({ wardId: incidentReports.wardId }).from(incidentReports).where(eq(incidentReports.id, reportId)).limit(1);
	return row?.wardId ?? null;
}

export interface StoreInput {
	report: IncidentReport;
	attachmentId: string;
	meta: AttachmentMeta;
	/** The received bytes, hashed while they arrived; adopted by the blob store on success. */
	file: ReceivedFile;
	user: User;
}

/**
 * Checks the received file and records it. On success the file has moved into the blob
 * store; on a refusal it is left where it was, for the caller to delete.
 */
export async function storeAttachment(
	db: Database,
	store: BlobStore,
	input: StoreInput
): Promise<{ created: boolean; attachment: AttachmentInfo }> {
	const { report, attachmentId, meta, file, user } = input;
	const name = meta.name;
	if (file.size === 0) fail(400, 'attachment_empty', { name });
	if (file.size > ATTACHMENT_MAX_BYTES) fail(413, 'attachment_too_large', { name, limit: ATTACHMENT_MAX_BYTES / MB });
	const type = checkAttachmentType(name, meta.type, file.head);
	if (!type.ok) fail(415, 'attachment_type_refused', { name });
	if (file.sha256 !== meta.sha256) fail(400, 'checksum_mismatch', { name });

	return db.transaction(async (tx) => {
		// One upload at a time per report, so two files arriving together cannot both take
		// the last place under the caps.
		await tx.select({ id: incidentReports.id }).from(incidentReports).where(eq(incidentReports.id, report.id)).for('update');
		const existing = await checkRoom(tx, report, attachmentId, { name, sha256: file.sha256, size: file.size });
		if (existing) return { created: false, attachment: toAttachmentInfo(existing) };
		await store.adopt(file.path, file.sha256);
		const [row] = await tx
			.insert(incidentAttachments)
			.values({
				id: attachmentId,
				incidentId: report.incidentId,
				reportId: report.id,
				name,
				type: type.type,
				size: file.size,
				sha256: file.sha256,
				uploadedBy: user.id
			})
			.returning();
		await tx.update(incidents).set({ updatedAt: sql`now()` }).where(eq(incidents.id, report.incidentId));
		return { created: true, attachment: toAttachmentInfo(row!) };
	});
}

/**
 * An attachment the scope may read. `id` is the incident's or any of its reports' (a
 * grouped report's id finds the incident's files like the incident's own id does).
 */
export async function findAttachment(
	db: Database,
	scope: Scope,
	id: string,
	attachmentId: string
): Promise<IncidentAttachment | null> {
	if (!isUuid(attachmentId)) return null;
	const incidentId = await incidentIdOf(db, id);
	if (!incidentId) return null;
	const [row] = await db
		.select({ attachment: incidentAttachments })
		.from(incidentAttachments)
		.innerJoin(incidents, eq(incidents.id, incidentAttachments.incidentId))
		.where(
			and(
				eq(incidentAttachments.id, attachmentId),
				eq(incidentAttachments.incidentId, incidentId),
				visibleIncidents(scope)
			)
		)
		.limit(1);
	return row?.attachment ?? null;
}
