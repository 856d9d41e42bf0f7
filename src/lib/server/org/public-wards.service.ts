/**
 * Wards as the public sees them: names, opening hours, the citizen notice, and whether an
 * incident has stopped intake since when — nothing internal (no descriptions, no names).
 */
import { and, asc, eq, inArray, isNull, min } from 'drizzle-orm';
import {
	DEFAULT_NOTICE_VI,
	WARD_SLUG,
	type PublicStatus,
	type PublicWard,
	type PublicWardSummary
} from '$lib/domain/notice';
import { noticeAudioUrl, roundSeconds } from '$lib/domain/notice-voice';
import type { Database } from '../db';
import { incidents, units, wardNoticeAudio } from '../db/schema';

const activeWard = and(eq(units.kind, 'ward'), eq(units.active, true));

export async function listPublicWards(db: Database): Promise<PublicWardSummary[]> {
	return db
		.select({ slug: units.slug, name: units.name, serviceCenterName: units.serviceCenterName })
		.from(units)
		.where(activeWard)
		.orderBy(asc(units.name));
}

export async function getPublicWard(db: Database, slug: string): Promise<PublicWard | null> {
	return (await loadPublicWard(db, slug))?.ward ?? null;
}

/** The public answer and, for the server's own use only, the ward's id. */
export async function loadPublicWard(db: Database, slug: string): Promise<{ wardId: string; ward: PublicWard } | null> {
	if (slug.length > 100 || !WARD_SLUG.test(slug)) return null;
	const [found] = await db
		.select({ ward: units, audio: { sha256: wardNoticeAudio.sha256, type: wardNoticeAudio.type, durationMs: wardNoticeAudio.durationMs } })
		.from(units)
		.leftJoin(wardNoticeAudio, eq(wardNoticeAudio.wardId, units.id))
		.where(and(activeWard, eq(units.slug, slug)))
		.limit(1);
	if (!found) return null;
	const { ward, audio } = found;
	// Field by field: the unit's id and anything internal stay out (see PUBLIC_WARD_FIELDS).
	return { wardId: ward.id, ward: { ...publicFacts(ward, audio), status: await wardStatus(db, ward.id) } };
}

/** Intake is stopped while an open incident of the ward says so; since its earliest start. */
export async function wardStatus(db: Database, wardId: string): Promise<PublicStatus> {
	const [row] = await db
		.select({ since: min(incidents.startedAt) })
		.from(incidents)
		.where(
			and(
				eq(incidents.wardId, wardId),
				eq(incidents.impactLevel, 'stopped'),
				inArray(incidents.status, ['reported', 'acknowledged', 'escalated']),
				isNull(incidents.mergedInto)
			)
		);
	return row?.since ? { state: 'problem', since: new Date(row.since).toISOString() } : { state: 'normal' };
}

function publicFacts(
	ward: typeof units.$inferSelect,
	audio: { sha256: string; type: string; durationMs: number } | null
): Omit<PublicWard, 'status'> {
	return {
		slug: ward.slug,
		name: ward.name,
		serviceCenterName: ward.serviceCenterName,
		address: ward.address,
		openingHours: ward.openingHours,
		notice: {
			text: ward.noticeText ?? DEFAULT_NOTICE_VI,
			isDefault: ward.noticeText === null,
			estimatedWait: ward.estimatedWait,
			// Who recorded it and when are not the public's business.
			audio: audio
				? { url: noticeAudioUrl(ward.slug, audio.sha256), type: audio.type, durationSeconds: roundSeconds(audio.durationMs / 1000) }
				: null
		}
	};
}
