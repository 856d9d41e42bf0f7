/**
 * Every notice display and many citizens' phones poll a ward's public status: answers are
 * kept in memory for a few seconds, so a room full of phones (or a flood from one address)
 * costs one query per ward every few seconds and never slows signed-in users. A change to
 * the ward's incidents (live updates reach every process) or to its notice drops its answer
 * at once, so a display learns of an outage within its own polling interval.
 */
import type { PublicWard } from '$lib/domain/notice';
import type { Database } from '../db';
import { loadPublicWard } from './public-wards.service';

export const PUBLIC_WARD_TTL_MS = 5_000;
/** Unknown slugs are kept too (a flood of made-up ones must not reach the database each time), within a bound. */
const MAX_ENTRIES = 2_000;

interface Entry {
	answer: { wardId: string; ward: PublicWard } | null;
	expires: number;
}

const entries = new Map<string, Entry>();

export async function cachedPublicWard(db: Database, slug: string, now = Date.now()): Promise<PublicWard | null> {
	const hit = entries.get(slug);
	if (hit && hit.expires > now) return hit.answer?.ward ?? null;
	const answer = await loadPublicWard(db, slug);
	if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
	entries.set(slug, { answer, expires: now + PUBLIC_WARD_TTL_MS });
	return answer?.ward ?? null;
}

/** The ward's incidents or notice changed: its next answer is read fresh. */
export function forgetPublicWard(wardId: string): void {
	for (const [slug, entry] of entries) if (entry.answer?.wardId === wardId) entries.delete(slug);
}

export function clearPublicWardCache(): void {
	entries.clear();
}
