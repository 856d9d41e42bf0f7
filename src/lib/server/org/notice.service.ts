/** An administrator sets a ward's own citizen notice, or restores the official one. */
import { eq } from 'drizzle-orm';
import type { WardNoticeUpdate } from '$lib/domain/notice';
import type { Database } from '../db';
import { units, type User } from '../db/schema';
import { findVisibleUnit, type Scope } from '../scope';
import { forgetPublicWard } from './public-ward-cache';

export type NoticeUpdateResult = { ok: true } | { ok: false; reason: 'not_found' | 'forbidden' };

export async function updateWardNotice(
	db: Database,
	actor: User,
	scope: Scope,
	wardId: string,
	update: WardNoticeUpdate
): Promise<NoticeUpdateResult> {
	const ward = await findVisibleUnit(db, scope, wardId);
	if (!ward || ward.kind !== 'ward') return { ok: false, reason: 'not_found' };
	if (actor.role !== 'admin') return { ok: false, reason: 'forbidden' };
	await db
		.update(units)
		.set({ noticeText: update.text, estimatedWait: update.estimatedWait })
		.where(eq(units.id, ward.id));
	forgetPublicWard(ward.id);
	return { ok: true };
}
