/**
 * Server-side sessions. The browser keeps a random token in an HttpOnly cookie; the
 * database keeps only its SHA-256, so a leaked table cannot be replayed as cookies.
 *
 * Sessions last 30 days and slide: leaders answer from phones they rarely sign in on.
 * The expiry is pushed forward at most once a day to keep requests write-free.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { sessions, units, users, type Unit, type User } from '../db/schema';

export const SESSION_COOKIE = 'ucmc_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
const RENEW_AFTER_MS = 24 * 60 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
	db: Database,
	userId: string,
	userAgent: string | null,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await db.insert(sessions).values({
		id: hashToken(token),
		userId,
		createdAt: now,
		lastSeenAt: now,
		expiresAt,
		userAgent: userAgent?.slice(0, 300) ?? null
	});
	return { token, expiresAt };
}

export interface ValidSession {
	user: User;
	/** The user's unit, read in the same query: every request needs it for scoping. */
	unit: Unit | null;
	sessionId: string;
	expiresAt: Date;
	/** Set when the expiry moved and the cookie should be re-sent. */
	renewed: boolean;
}

/**
 * Every request asks this, so it is built once per database and prepared: no query to
 * compose each time, and on PostgreSQL no statement to parse and plan.
 */
function prepareSessionLookup(db: Database) {
	return db
		.select({ user: users, unit: units, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(units, eq(units.id, users.unitId))
		.where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`)))
		.limit(1)
		.prepare('ucmc_session_lookup');
}
const sessionLookups = new WeakMap<Database, ReturnType<typeof prepareSessionLookup>>();

function sessionLookup(db: Database): ReturnType<typeof prepareSessionLookup> {
	let lookup = sessionLookups.get(db);
	if (!lookup) sessionLookups.set(db, (lookup = prepareSessionLookup(db)));
	return lookup;
}

export async function validateSession(
	db: Database,
	token: string,
	now = new Date()
): Promise<ValidSession | null> {
	// Tokens are 43 base64url characters; anything else is not worth a query.
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const id = hashToken(token);
	const [row] = await sessionLookup(db).execute({ id, now: now.toISOString() });
	if (!row) return null;
	if (!row.user.active) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	let expiresAt = row.expiresAt;
	let renewed = false;
	if (now.getTime() - row.lastSeenAt.getTime() > RENEW_AFTER_MS) {
		expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		renewed = true;
		await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
	}
	return { user: row.user, unit: row.unit, sessionId: id, expiresAt, renewed };
}

export async function deleteSessionByToken(db: Database, token: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

/** Ends every session of a user (deactivation, password change elsewhere). */
export async function deleteUserSessions(db: Database, userId: string, exceptId?: string) {
	await db
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), exceptId ? ne(sessions.id, exceptId) : undefined));
}

export async function purgeExpiredSessions(db: Database, now = new Date()): Promise<void> {
	await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
