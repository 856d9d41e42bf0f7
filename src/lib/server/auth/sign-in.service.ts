/** Sign-in: rate limit, verify, open a session. Returns a closed result, never throws. */
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { users, type User } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from './password';
import { forgiveSignInAttempt, reserveSignInAttempt } from './rate-limit';
import { createSession } from './session.service';

export type SignInResult =
	| { ok: true; user: User; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid_credentials' | 'inactive' }
	| { ok: false; reason: 'locked'; retryAfterSeconds: number };

export interface SignInInput {
	username: string;
	password: string;
	address: string;
	userAgent: string | null;
	now?: Date;
}

export async function signIn(db: Database, input: SignInInput): Promise<SignInResult> {
	const now = input.now ?? new Date();
	const username = input.username.trim().toLowerCase();

	// The attempt counts as a failure until the password proves right.
	const reservation = await reserveSignInAttempt(db, username, input.address, now);
	if (!reservation.allowed) {
		return { ok: false, reason: 'locked', retryAfterSeconds: reservation.retryAfterSeconds };
	}

	const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
	const valid = user
		? await verifyPassword(user.passwordHash, input.password)
		: await verifyAgainstDummy(input.password);
	if (!user || !valid) return { ok: false, reason: 'invalid_credentials' };

	await forgiveSignInAttempt(db, username, reservation.ids);
	// Only someone who knows the password learns that the account was deactivated.
	if (!user.active) return { ok: false, reason: 'inactive' };
	const { token, expiresAt } = await createSession(db, user.id, input.userAgent, now);
	const [updated] = await db
		.update(users)
		.set({ lastSignInAt: now })
		.where(eq(users.id, user.id))
		.returning();
	return { ok: true, user: updated ?? user, token, expiresAt };
}
