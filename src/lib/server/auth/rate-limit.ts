/**
 * Sign-in rate limiting, stored in the database so it holds across restarts and across
 * several server processes.
 *
 * - Per username: 5 failures within 15 minutes lock that username until 15 minutes after
 *   the 5th. Stops password guessing against one account.
 * - Per address: 50 failures within 15 minutes. A ward's desk PCs usually share one public
 *   address, so this limit is much higher: one officer's typos must not lock out the room.
 *
 * Every attempt is counted as a failure *before* the password is checked (a reservation)
 * and forgiven when it succeeds. Checking and reserving happen under a per-key advisory
 * lock, so a burst of simultaneous guesses gets no more password checks than the limit.
 * While locked, attempts are refused without checking the password and are not counted,
 * so the wait ends when the message says it will.
 */
import { and, count, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { signInFailures } from '../db/schema';

export const WINDOW_MS = 15 * 60_000;
export const USER_LIMIT = 5;
export const ADDRESS_LIMIT = 50;

export type Reservation =
	| { allowed: true; ids: string[] }
	| { allowed: false; retryAfterSeconds: number };

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const userKey = (username: string) => `user:${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `ip:${address}`;

/** Reserves one attempt for this username and address, or says how long to wait. */
export async function reserveSignInAttempt(
	db: Database,
	username: string,
	address: string,
	now = new Date()
): Promise<Reservation> {
	const limits = [
		[userKey(username), USER_LIMIT],
		[addressKey(address), ADDRESS_LIMIT]
	] as const;
	return db.transaction(async (tx) => {
		// Always user then address: a fixed order cannot deadlock.
		for (const [key] of limits) {
			await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
		}
		let waitMs = 0;
		for (const [key, limit] of limits) waitMs = Math.max(waitMs, await lockWaitMs(tx, key, limit, now));
		if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };

		await tx
			.delete(signInFailures)
			.where(
				and(
					or(...limits.map(([key]) => eq(signInFailures.key, key))),
					lt(signInFailures.at, new Date(now.getTime() - 2 * WINDOW_MS))
				)
			);
		const rows = await tx
			.insert(signInFailures)
			.values(limits.map(([key]) => ({ key, at: now })))
			.returning({ id: signInFailures.id });
		return { allowed: true, ids: rows.map((r) => r.id) };
	});
}

/**
 * How long `key` stays locked: when its last `limit` failures fall within one window, until
 * one window after the newest of them.
 */
async function lockWaitMs(tx: Tx, key: string, limit: number, now: Date): Promise<number> {
	const recent = await tx
		.select({ at: signInFailures.at })
		.from(signInFailures)
		.where(and(eq(signInFailures.key, key), gte(signInFailures.at, new Date(now.getTime() - 2 * WINDOW_MS))))
		.orderBy(desc(signInFailures.at))
		.limit(limit);
	if (recent.length < limit) return 0;
	const newest = recent[0]!.at.getTime();
	const oldest = recent[limit - 1]!.at.getTime();
	if (newest - oldest > WINDOW_MS) return 0;
	return Math.max(0, newest + WINDOW_MS - now.getTime());
}

/**
 * After a successful sign-in: the reserved attempt was no failure, and the username's
 * earlier typos are forgiven (the address's are not: they may be someone else's guesses).
 */
export async function forgiveSignInAttempt(db: Database, username: string, reservedIds: string[]): Promise<void> {
	await db
		.delete(signInFailures)
		.where(or(inArray(signInFailures.id, reservedIds), eq(signInFailures.key, userKey(username))));
}

/** Failures of a username within the last window (administration and tests read it). */
export async function countRecentFailures(db: Database, username: string, now = new Date()): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(signInFailures)
		.where(and(eq(signInFailures.key, userKey(username)), gte(signInFailures.at, new Date(now.getTime() - WINDOW_MS))));
	return row?.n ?? 0;
}
