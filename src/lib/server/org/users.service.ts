/** The signed-in user's own profile and settings. */
import { eq } from 'drizzle-orm';
import type { Profile, UpdateSettings } from '$lib/domain/account';
import { isLocale } from '$lib/domain/roles';
import type { Database } from '../db';
import { units, users, type Unit, type User } from '../db/schema';
import { hashPassword, verifyPassword } from '../auth/password';
import { forgiveSignInAttempt, reserveSignInAttempt } from '../auth/rate-limit';
import { deleteUserSessions } from '../auth/session.service';
import { toUnitSummary } from './units.service';

export function toProfile(user: User, unit: Unit | null): Profile {
	return {
		id: user.id,
		username: user.username,
		fullName: user.fullName,
		role: user.role,
		isLeader: user.isLeader,
		isDeputy: user.isDeputy,
		phone: user.phone,
		email: user.email,
		locale: isLocale(user.locale) ? user.locale : 'vi',
		mustChangePassword: user.mustChangePassword,
		unit: unit ? toUnitSummary(unit) : null
	};
}

export async function updateOwnSettings(db: Database, user: User, changes: UpdateSettings): Promise<User> {
	const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
	if (changes.locale !== undefined) set.locale = changes.locale;
	if (changes.phone !== undefined) set.phone = changes.phone || null;
	if (changes.email !== undefined) set.email = changes.email || null;
	const [updated] = await db.update(users).set(set).where(eq(users.id, user.id)).returning();
	return updated ?? user;
}

export type ChangePasswordResult =
	| { ok: true }
	| { ok: false; reason: 'wrong_current_password' | 'password_reused' }
	| { ok: false; reason: 'locked'; retryAfterSeconds: number };

/**
 * Changes the password and ends the user's other sessions (a lost phone stays signed out).
 * Wrong current passwords count like failed sign-ins: an unattended open session must not
 * become a way to guess the password.
 */
export async function changeOwnPassword(
	db: Database,
	user: User,
	currentSessionId: string,
	input: { currentPassword: string; newPassword: string; address: string }
): Promise<ChangePasswordResult> {
	const reservation = await reserveSignInAttempt(db, user.username, input.address);
	if (!reservation.allowed) return { ok: false, reason: 'locked', retryAfterSeconds: reservation.retryAfterSeconds };
	if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
		return { ok: false, reason: 'wrong_current_password' };
	}
	await forgiveSignInAttempt(db, user.username, reservation.ids);
	const { newPassword } = input;
	if (input.currentPassword === newPassword) return { ok: false, reason: 'password_reused' };
	await db
		.update(users)
		.set({ passwordHash: await hashPassword(newPassword), mustChangePassword: false, updatedAt: new Date() })
		.where(eq(users.id, user.id));
	await deleteUserSessions(db, user.id, currentSessionId);
	return { ok: true };
}

/** The profile with the user's unit, for answers outside a signed-in request (sign-in). */
export async function loadProfile(db: Database, user: User): Promise<Profile> {
	const [unit] = user.unitId
		? await db.select().from(units).where(eq(units.id, user.unitId)).limit(1)
		: [];
	return toProfile(user, unit ?? null);
}
