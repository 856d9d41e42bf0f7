/**
 * A ward's notice in a human voice: recorded (or uploaded) by an administrator or the ward's
 * Response Team leader or deputy, one per ward, replaced by the next, removed on request —
 * each change in the audit with who made it. Displays fetch it without signing in.
 *
 * Refusals are returned (`{ ok: false, reason }`), never thrown: the route names the status.
 */
import { eq } from 'drizzle-orm';
import {
	AUDIO_TYPES,
	checkNoticeAudio,
	formatDuration,
	mayRecordNoticeVoice,
	noticeAudioUrl,
	roundSeconds,
	type AudioType,
	type NoticeAudioRefusal,
	type NoticeVoiceInfo
} from '$lib/domain/notice-voice';
import { DEFAULT_NOTICE_VI, WARD_SLUG } from '$lib/domain/notice';
import { recordAudit } from '../admin/audit.service';
import type { Database } from '../db';
import { units, wardNoticeAudio, type Unit, type User } from '../db/schema';
import type { BlobStore } from '../files/blob-store';
import { findVisibleUnit, type Scope } from '../scope';
import { forgetPublicWard } from './public-ward-cache';

type NoticeAudioRow = typeof wardNoticeAudio.$inferSelect;

export type VoiceAccess = { ok: true; ward: Unit } | { ok: false; reason: 'not_found' | 'forbidden' };

/**
 * The ward, if the caller may change its recording. Another ward (or no ward at all) is
 * "not found", as everywhere; a person of the ward without the right is "forbidden".
 */
export async function wardForVoice(db: Database, actor: User, scope: Scope, wardId: string): Promise<VoiceAccess> {
	const ward = await findVisibleUnit(db, scope, wardId);
	if (!ward || ward.kind !== 'ward') return { ok: false, reason: 'not_found' };
	if (!mayRecordNoticeVoice(actor)) return { ok: false, reason: 'forbidden' };
	return { ok: true, ward };
}

const noticeTextOf = (ward: Pick<Unit, 'noticeText'>) => ward.noticeText ?? DEFAULT_NOTICE_VI;

function infoOf(ward: Unit, row: NoticeAudioRow): NoticeVoiceInfo {
	return {
		url: noticeAudioUrl(ward.slug, row.sha256),
		type: row.type as AudioType,
		durationSeconds: roundSeconds(row.durationMs / 1000),
		size: row.size,
		recordedAt: row.recordedAt.toISOString(),
		recordedByName: row.recordedByName,
		matchesText: row.noticeText === noticeTextOf(ward)
	};
}

/** One line for the audit, readable on its own: "0:42 · WebM · 180 KB". */
function auditValue(row: Pick<NoticeAudioRow, 'durationMs' | 'type' | 'size'>): Record<string, unknown> {
	const kind = AUDIO_TYPES[row.type as AudioType] ?? row.type;
	return { noticeVoice: `${formatDuration(row.durationMs / 1000)} · ${kind} · ${Math.max(1, Math.round(row.size / 1024))} KB` };
}

export async function getNoticeVoice(db: Database, ward: Unit): Promise<NoticeVoiceInfo | null> {
	const [row] = await db.select().from(wardNoticeAudio).where(eq(wardNoticeAudio.wardId, ward.id)).limit(1);
	return row ? infoOf(ward, row) : null;
}

export type SaveVoiceResult =
	| { ok: true; created: boolean; audio: NoticeVoiceInfo }
	| { ok: false; reason: NoticeAudioRefusal; durationSeconds?: number };

/**
 * Checks the bytes by their content (type, size, length), stores them, and makes them the
 * ward's recording in one transaction with its audit entry. The notice text of the moment is
 * kept with it, so that a later edit of the text can be pointed out.
 */
export async function saveNoticeVoice(
	db: Database,
	store: BlobStore,
	actor: User,
	ward: Unit,
	bytes: Uint8Array
): Promise<SaveVoiceResult> {
	const check = checkNoticeAudio(bytes);
	if (!check.ok) return check;
	const sha256 = await store.put(bytes);
	const row = await db.transaction(async (tx) => {
		// The ward's row, locked: its notice text now, and one recording change at a time.
		const [current] = await tx.select().from(units).where(eq(units.id, ward.id)).for('update');
		const [before] = await tx.select().from(wardNoticeAudio).where(eq(wardNoticeAudio.wardId, ward.id));
		const values = {
			wardId: ward.id,
			sha256,
			type: check.type,
			size: bytes.byteLength,
			durationMs: Math.round(check.durationSeconds * 1000),
			noticeText: noticeTextOf(current ?? ward),
			recordedBy: actor.id,
			recordedByName: actor.fullName,
			recordedAt: new Date()
		};
		const [saved] = await tx
			.insert(wardNoticeAudio)
			.values(values)
			.onConflictDoUpdate({ target: wardNoticeAudio.wardId, set: values })
			.returning();
		await recordAudit(tx, actor, {
			action: 'notice_voice.record',
			unit: ward,
			entityId: ward.id,
			entityName: ward.name,
			before: before ? auditValue(before) : null,
			after: auditValue(saved!)
		});
		return { saved: saved!, replaced: Boolean(before), ward: current ?? ward };
	});
	forgetPublicWard(ward.id);
	return { ok: true, created: !row.replaced, audio: infoOf(row.ward, row.saved) };
}

/** Removes the ward's recording; false when it had none (nothing to record in the audit). */
export async function removeNoticeVoice(db: Database, actor: User, ward: Unit): Promise<boolean> {
	const removed = await db.transaction(async (tx) => {
		const [row] = await tx.delete(wardNoticeAudio).where(eq(wardNoticeAudio.wardId, ward.id)).returning();
		if (!row) return false;
		await recordAudit(tx, actor, {
			action: 'notice_voice.remove',
			unit: ward,
			entityId: ward.id,
			entityName: ward.name,
			before: auditValue(row),
			after: null
		});
		return true;
	});
	if (removed) forgetPublicWard(ward.id);
	return removed;
}

/**
 * The public bytes: only the current recording of an active ward, named by its SHA-256
 * (an old address, a removed recording or an inactive ward answer nothing).
 */
export async function readPublicNoticeVoice(
	db: Database,
	store: BlobStore,
	slug: string,
	sha256: string
): Promise<{ type: string; bytes: Uint8Array<ArrayBuffer> } | null> {
	if (slug.length > 100 || !WARD_SLUG.test(slug) || !/^[0-9a-f]{64}$/.test(sha256)) return null;
	const [row] = await db
		.select({ type: wardNoticeAudio.type, sha256: wardNoticeAudio.sha256, active: units.active, kind: units.kind })
		.from(wardNoticeAudio)
		.innerJoin(units, eq(units.id, wardNoticeAudio.wardId))
		.where(eq(units.slug, slug))
		.limit(1);
	if (!row || !row.active || row.kind !== 'ward' || row.sha256 !== sha256) return null;
	const bytes = await store.get(sha256);
	return bytes ? { type: row.type, bytes } : null;
}
