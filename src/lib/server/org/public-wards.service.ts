/** Wards as the public sees them: names, opening hours and the citizen notice — nothing internal. */
import { and, asc, eq } from 'drizzle-orm';
import { DEFAULT_NOTICE_VI, WARD_SLUG, type PublicWard, type PublicWardSummary } from '$lib/domain/notice';
import type { Database } from '../db';
import { units } from '../db/schema';

const activeWard = and(eq(units.kind, 'ward'), eq(units.active, true));

export async function listPublicWards(db: Database): Promise<PublicWardSummary[]> {
	return db
		.select({ slug: units.slug, name: units.name, serviceCenterName: units.serviceCenterName })
		.from(units)
		.where(activeWard)
		.orderBy(asc(units.name));
}

export async function getPublicWard(db: Database, slug: string): Promise<PublicWard | null> {
	if (slug.length > 100 || !WARD_SLUG.test(slug)) return null;
	const [ward] = await db
		.select()
		.from(units)
		.where(and(activeWard, eq(units.slug, slug)))
		.limit(1);
	if (!ward) return null;
	return {
		slug: ward.slug,
		name: ward.name,
		serviceCenterName: ward.serviceCenterName,
		address: ward.address,
		openingHours: ward.openingHours,
		notice: {
			text: ward.noticeText ?? DEFAULT_NOTICE_VI,
			isDefault: ward.noticeText === null,
			estimatedWait: ward.estimatedWait
		}
	};
}
