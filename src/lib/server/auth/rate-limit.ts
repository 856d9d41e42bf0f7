/**
 * Sign-in rate limiting, stored in the database so it holds across restarts and across
 * several server processes.
 *
 * - Per username: 5 failures within 15 minutes lock that username for 15 minutes after
 *   the last failure. Stops password guessing against one account.
 * - Per address: 50 failures within 15 minutes. A ward's desk PCs usually share one public
 *   address, so this limit is much higher: one officer's typos must not lock out the room.
 *
 * While locked, attempts are refused without checking the password and are not counted,
 * so the wait ends when the message says it will.
 */
import { and, count, desc, eq, gte, lt, or } from 'drizzle-orm';
import type { Database } from '../db';
import { signInFailures } from '../db/schema';

export const WINDOW_MS = 15 * 60_000;
export const USER_LIMIT = 5;
export const ADDRESS_LIMIT = 50;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const userKey = (username: string) => `user:${username.toLowerCase()}`;
const addressKey = (address: string) => `ip:${address}`;

export async function checkSignInAllowed(
	db: Database,
	username: string,
	address: string,
	now = new Date()
): Promise<RateLimitVerdict> {
	const since = new Date(now.getTime() - WINDOW_MS);
	let waitMs = 0;
	for (const [key, limit] of [
		[userKey(username), USER_LIMIT],
		[addressKey(address), ADDRESS_LIMIT]
	] as const) {
		const rows = await db
			.select({ at: signInFailures.at })
			.from(signInFailures)
			.where(and(eq(signInFailures.key, key), gte(signInFailures.at, since)))
			.orderBy(desc(signInFailures.at))
			.limit(limit);
		if (rows.length >= limit) {
			const newest = rows[0]!.at.getTime();
			waitMs = Math.max(waitMs, newest + WINDOW_MS - now.getTime());
		}
	}
	return waitMs > 0
		? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) }
		: { allowed: true };
}

export async function recordSignInFailure(
	db: Database,
	username: string,
	address: string,
	now = new Date()
): Promise<void> {
	const keys = [userKey(username), addressKey(address)];
	await db.transaction(async (tx) => {
		// Old rows have no further use; prune them where they are written.
		await tx
			.delete(signInFailures)
			.where(
				and(
					or(...keys.map((k) => eq(signInFailures.key, k))),
					lt(signInFailures.at, new Date(now.getTime() - WINDOW_MS))
				)
			);
		await tx.insert(signInFailures).values(keys.map((key) => ({ key, at: now })));
	});
}

/** A successful sign-in forgives that username's earlier typos (not the address's). */
export async function clearSignInFailures(db: Database, username: string): Promise<void> {
	await db.delete(signInFailures).where(eq(signInFailures.key, userKey(username)));
}

export async function countRecentFailures(db: Database, username: string, now = new Date()) {
	const [row] = await db
		.select({ n: count() })
		.from(signInFailures)
		.where(
			and(
				eq(signInFailures.key, userKey(username)),
				gte(signInFailures.at, new Date(now.getTime() - WINDOW_MS))
			)
		);
	return row?.n ?? 0;
}
