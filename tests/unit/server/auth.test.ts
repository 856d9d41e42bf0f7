import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ADDRESS_LIMIT, countRecentFailures, USER_LIMIT, WINDOW_MS } from '$lib/server/auth/rate-limit';
import { SESSION_TTL_MS, validateSession } from '$lib/server/auth/session.service';
import { signIn, type SignInResult } from '$lib/server/auth/sign-in.service';
import { sessions, signInFailures, units, users, type User } from '$lib/server/db/schema';
import { changeOwnPassword, loadProfile, updateOwnSettings } from '$lib/server/org/users.service';
import {
	makeProvince,
	makeUser,
	makeWard,
		TEST_PASSWORD,
	useTestDatabase
} from './test-db';

const t = useTestDatabase();

const OFFICE = '203.0.113.10';
const ELSEWHERE = '198.51.100.7';
const MINUTE = 60_000;

let lan: User;
let hung: User;
beforeEach(async () => {
	const province = await makeProvince(t.db);
	const ward = await makeWard(t.db, province.id);
	lan = await makeUser(t.db, { role: 'desk_officer', unitId: ward.id, username: 'motcua' });
	hung = await makeUser(t.db, { role: 'ward_responder', unitId: ward.id, username: 'totruong', isLeader: true });
});

function attempt(username: string, password: string, options: { address?: string; now?: Date } = {}) {
	return signIn(t.db, {
		username,
		password,
		address: options.address ?? OFFICE,
		userAgent: 'vitest',
		now: options.now
	});
}

function expectOk(result: SignInResult): Extract<SignInResult, { ok: true }> {
	if (!result.ok) throw new Error(`expected a successful sign-in, got ${JSON.stringify(result)}`);
	return result;
}

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe('signIn', () => {
	it('signs in with the right password, whatever the case and spaces of the username', async () => {
		const now = new Date();
		const result = expectOk(await attempt('  MotCua ', TEST_PASSWORD, { now }));
		expect(result.user.id).toBe(lan.id);
		expect(result.user.lastSignInAt?.getTime()).toBe(now.getTime());
		expect(result.expiresAt.getTime()).toBe(now.getTime() + SESSION_TTL_MS);

		const [stored] = await t.db.select().from(users).where(eq(users.id, lan.id));
		expect(stored?.lastSignInAt?.getTime()).toBe(now.getTime());

		const session = await validateSession(t.db, result.token);
		expect(session?.user.id).toBe(lan.id);
		expect(session?.renewed).toBe(false);
	});

	it('keeps only a hash of the token in the database', async () => {
		const { token } = expectOk(await attempt('motcua', TEST_PASSWORD));
		const rows = await t.db.select().from(sessions);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).not.toContain(token);
		expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
		expect(rows[0]!.userAgent).toBe('vitest');
	});

	it('refuses a wrong password and an unknown username with the same answer', async () => {
		const wrong = await attempt('motcua', 'not-the-password');
		const unknown = await attempt('khongcoai', TEST_PASSWORD);
		expect(wrong).toEqual({ ok: false, reason: 'invalid_credentials' });
		expect(unknown).toEqual(wrong);
		expect(await t.db.select().from(sessions)).toEqual([]);
	});

	it('refuses an empty password', async () => {
		expect(await attempt('motcua', '')).toEqual({ ok: false, reason: 'invalid_credentials' });
	});

	it(`locks a username after ${USER_LIMIT} failures, even against the right password`, async () => {
		const base = new Date();
		for (let i = 0; i < USER_LIMIT; i++) {
			expect(await attempt('motcua', `wrong-${i}`, { now: at(base, i * 1000) })).toEqual({
				ok: false,
				reason: 'invalid_credentials'
			});
		}
		const sixth = await attempt('motcua', TEST_PASSWORD, { now: at(base, 5000) });
		expect(sixth.ok).toBe(false);
		if (sixth.ok || sixth.reason !== 'locked') throw new Error(`expected locked, got ${JSON.stringify(sixth)}`);
		// 15 minutes after the last failure (4 s after the first).
		expect(sixth.retryAfterSeconds).toBeGreaterThanOrEqual(895);
		expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(900);
		// Case and spaces do not make a new username for the limiter.
		expect((await attempt(' MOTCUA', TEST_PASSWORD, { now: at(base, 6000) })).ok).toBe(false);
		// Locked attempts are not counted, so the wait ends when the message says.
		expect(await countRecentFailures(t.db, 'motcua', at(base, 6000))).toBe(USER_LIMIT);

		// A colleague at the same desk (same address) is not affected.
		expectOk(await attempt('totruong', TEST_PASSWORD, { now: at(base, 7000) }));

		// After the window the right password works again, and clears the count.
		expectOk(await attempt('motcua', TEST_PASSWORD, { now: at(base, 16 * MINUTE) }));
		expect(await countRecentFailures(t.db, 'motcua', at(base, 16 * MINUTE))).toBe(0);
	});

	it(`does not lock at ${USER_LIMIT - 1} failures, and a success forgives them`, async () => {
		const base = new Date();
		for (let i = 0; i < USER_LIMIT - 1; i++) await attempt('motcua', `wrong-${i}`, { now: at(base, i) });
		expectOk(await attempt('motcua', TEST_PASSWORD, { now: at(base, 10) }));
		// The earlier typos no longer count: another four are still allowed.
		for (let i = 0; i < USER_LIMIT - 1; i++) await attempt('motcua', `again-${i}`, { now: at(base, 20 + i) });
		expectOk(await attempt('motcua', TEST_PASSWORD, { now: at(base, 30) }));
	});

	it('locks a username from every address, not just the guessing one', async () => {
		const base = new Date();
		for (let i = 0; i < USER_LIMIT; i++) await attempt('motcua', `wrong-${i}`, { now: at(base, i), address: ELSEWHERE });
		expect(await attempt('motcua', TEST_PASSWORD, { now: at(base, 10) })).toMatchObject({ ok: false, reason: 'locked' });
	});

	it(`locks an address after ${ADDRESS_LIMIT} failures across different usernames`, async () => {
		const base = new Date();
		// Ten usernames, each kept under its own limit.
		for (let i = 0; i < ADDRESS_LIMIT - 1; i++) {
			await attempt(`doan-${i % 10}`, 'guess', { now: at(base, i) });
		}
		// 49: the office can still sign in (and that success does not forgive the address).
		expectOk(await attempt('totruong', TEST_PASSWORD, { now: at(base, 100) }));
		await attempt('doan-x', 'guess', { now: at(base, 101) });

		const locked = await attempt('motcua', TEST_PASSWORD, { now: at(base, 200) });
		expect(locked).toMatchObject({ ok: false, reason: 'locked' });
		if (!locked.ok && locked.reason === 'locked') {
			expect(locked.retryAfterSeconds).toBeGreaterThan(890);
			expect(locked.retryAfterSeconds).toBeLessThanOrEqual(900);
		}
		// The same user from another address is fine.
		expectOk(await attempt('motcua', TEST_PASSWORD, { now: at(base, 300), address: ELSEWHERE }));
		// And the office gets in again after the window.
		expectOk(await attempt('motcua', TEST_PASSWORD, { now: at(base, 16 * MINUTE) }));
	});

	it('prunes failures older than two windows (all a lock can look back on) when it records new ones', async () => {
		const base = new Date();
		for (let i = 0; i < 3; i++) await attempt('motcua', 'wrong', { now: at(base, i) });
		await attempt('motcua', 'wrong', { now: at(base, 2 * WINDOW_MS + 10 * MINUTE) });
		const rows = await t.db.select().from(signInFailures).where(eq(signInFailures.key, 'user:motcua'));
		expect(rows).toHaveLength(1);
	});

	it("tells a deactivated user so only when the password is right, and doesn't open a session", async () => {
		await t.db.update(users).set({ active: false }).where(eq(users.id, lan.id));
		expect(await attempt('motcua', 'wrong')).toEqual({ ok: false, reason: 'invalid_credentials' });
		expect(await attempt('motcua', TEST_PASSWORD)).toEqual({ ok: false, reason: 'inactive' });
		expect(await t.db.select().from(sessions)).toEqual([]);
	});

	it('the lock lasts as long as the retryAfterSeconds it announces', async () => {
		const base = new Date();
		await attempt('motcua', 'wrong-0', { now: base });
		for (let i = 1; i < USER_LIMIT; i++) await attempt('motcua', `wrong-${i}`, { now: at(base, 10 * MINUTE) });
		const locked = await attempt('motcua', TEST_PASSWORD, { now: at(base, 10 * MINUTE) });
		expect(locked).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 900 });
		// Five minutes later, with the first failure out of the window, it still holds.
		expect(await attempt('motcua', TEST_PASSWORD, { now: at(base, 15 * MINUTE + 1000) })).toMatchObject({
			ok: false,
			reason: 'locked'
		});
	});

	it('a burst of simultaneous guesses gets only 5 password checks, and then the lock holds', async () => {
		const base = new Date();
		const guesses = Array.from({ length: 11 }, (_, i) => `wrong-${i}`);
		const results = await Promise.all(guesses.map((p) => attempt('motcua', p, { now: base })));
		expect(results.filter((r) => !r.ok && r.reason === 'invalid_credentials')).toHaveLength(USER_LIMIT);
		expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(11 - USER_LIMIT);
		expect(await attempt('motcua', TEST_PASSWORD, { now: at(base, 1000) })).toMatchObject({ ok: false, reason: 'locked' });
	});
});

describe('validateSession', () => {
	it('refuses malformed tokens without a lookup', async () => {
		expectOk(await attempt('motcua', TEST_PASSWORD));
		for (const token of ['', 'abc', 'x'.repeat(42), 'x'.repeat(44), `${'a'.repeat(42)}!`, `${'a'.repeat(42)} `]) {
			expect(await validateSession(t.db, token)).toBeNull();
		}
	});

	it('refuses a well-formed token that was never issued', async () => {
		expectOk(await attempt('motcua', TEST_PASSWORD));
		expect(await validateSession(t.db, 'A'.repeat(43))).toBeNull();
	});

	it('refuses an expired session', async () => {
		const now = new Date();
		const { token } = expectOk(await attempt('motcua', TEST_PASSWORD, { now }));
		// Never used since it was opened: it expires 30 days after sign-in.
		expect(await validateSession(t.db, token, at(now, SESSION_TTL_MS))).toBeNull();
		expect(await validateSession(t.db, token, at(now, SESSION_TTL_MS + MINUTE))).toBeNull();

		const fresh = expectOk(await attempt('motcua', TEST_PASSWORD, { now }));
		expect(await validateSession(t.db, fresh.token, at(now, SESSION_TTL_MS - 1000))).not.toBeNull();
	});

	it('slides the expiry forward at most once a day', async () => {
		const now = new Date();
		const { token, expiresAt } = expectOk(await attempt('motcua', TEST_PASSWORD, { now }));
		const sameDay = await validateSession(t.db, token, at(now, 23 * 60 * MINUTE));
		expect(sameDay).toMatchObject({ renewed: false });
		expect(sameDay?.expiresAt.getTime()).toBe(expiresAt.getTime());

		const later = at(now, 2 * 24 * 60 * MINUTE);
		const renewed = await validateSession(t.db, token, later);
		expect(renewed?.renewed).toBe(true);
		expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
		// Renewed in the database too: still valid after the first expiry.
		expect(await validateSession(t.db, token, at(expiresAt, MINUTE))).not.toBeNull();
	});

	it('refuses, and ends, the session of a deactivated user', async () => {
		const { token } = expectOk(await attempt('motcua', TEST_PASSWORD));
		await t.db.update(users).set({ active: false }).where(eq(users.id, lan.id));
		expect(await validateSession(t.db, token)).toBeNull();
		// Reactivating the account does not bring the old session back.
		await t.db.update(users).set({ active: true }).where(eq(users.id, lan.id));
		expect(await validateSession(t.db, token)).toBeNull();
	});
});

describe('changeOwnPassword', () => {
	async function twoDevices() {
		const pc = expectOk(await attempt('motcua', TEST_PASSWORD));
		const phone = expectOk(await attempt('motcua', TEST_PASSWORD));
		const session = (await validateSession(t.db, pc.token))!;
		return { pc, phone, session };
	}

	it('counts wrong current passwords like failed sign-ins: the 6th try is refused unchecked', async () => {
		const { session } = await twoDevices();
		for (let i = 0; i < 5; i++) {
			const wrong = await changeOwnPassword(t.db, session.user, session.sessionId, { currentPassword: `sai-${i}`, newPassword: 'mat-khau-moi-123', address: '192.0.2.1' });
			expect(wrong).toEqual({ ok: false, reason: 'wrong_current_password' });
		}
		const locked = await changeOwnPassword(t.db, session.user, session.sessionId, { currentPassword: TEST_PASSWORD, newPassword: 'mat-khau-moi-123', address: '192.0.2.1' });
		expect(locked).toMatchObject({ ok: false, reason: 'locked' });
	});

	it('refuses a wrong current password and changes nothing', async () => {
		const { pc, phone, session } = await twoDevices();
		expect(await changeOwnPassword(t.db, session.user, session.sessionId, { currentPassword: 'wrong', newPassword: 'mat-khau-moi-123', address: '192.0.2.1' })).toEqual({
			ok: false,
			reason: 'wrong_current_password'
		});
		expect(await validateSession(t.db, pc.token)).not.toBeNull();
		expect(await validateSession(t.db, phone.token)).not.toBeNull();
		expectOk(await attempt('motcua', TEST_PASSWORD));
	});

	it('refuses the same password again', async () => {
		const { session } = await twoDevices();
		expect(await changeOwnPassword(t.db, session.user, session.sessionId, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, address: '192.0.2.1' })).toEqual({
			ok: false,
			reason: 'password_reused'
		});
	});

	it("ends the user's other sessions, keeps this one, and the new password signs in", async () => {
		const { pc, phone, session } = await twoDevices();
		const other = expectOk(await attempt('totruong', TEST_PASSWORD));
		await t.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, lan.id));

		expect(await changeOwnPassword(t.db, session.user, session.sessionId, { currentPassword: TEST_PASSWORD, newPassword: 'mat-khau-moi-123', address: '192.0.2.1' })).toEqual({
			ok: true
		});
		expect(await validateSession(t.db, pc.token)).not.toBeNull();
		expect(await validateSession(t.db, phone.token)).toBeNull();
		// Someone else's session is untouched.
		expect(await validateSession(t.db, other.token)).not.toBeNull();

		expect(await attempt('motcua', TEST_PASSWORD)).toEqual({ ok: false, reason: 'invalid_credentials' });
		const again = expectOk(await attempt('motcua', 'mat-khau-moi-123'));
		expect(again.user.mustChangePassword).toBe(false);
	});
});

describe('updateOwnSettings', () => {
	it('stores phone, e-mail and language', async () => {
		const updated = await updateOwnSettings(t.db, lan, {
			phone: '+84912345678',
			email: 'lan@thaihoa.example',
			locale: 'en'
		});
		expect(updated).toMatchObject({ phone: '+84912345678', email: 'lan@thaihoa.example', locale: 'en' });
		const [stored] = await t.db.select().from(users).where(eq(users.id, lan.id));
		expect(stored).toMatchObject({ phone: '+84912345678', email: 'lan@thaihoa.example', locale: 'en' });
		expect(stored!.updatedAt.getTime()).toBeGreaterThanOrEqual(lan.updatedAt.getTime());
		expect((await loadProfile(t.db, stored!)).locale).toBe('en');
	});

	it('leaves out fields alone and clears a field given as an empty string', async () => {
		await updateOwnSettings(t.db, lan, { phone: '+84912345678', email: 'lan@thaihoa.example' });
		await updateOwnSettings(t.db, lan, { phone: '' });
		const [stored] = await t.db.select().from(users).where(eq(users.id, lan.id));
		expect(stored).toMatchObject({ phone: null, email: 'lan@thaihoa.example', locale: 'vi' });
	});

	it("changes only the caller's own row", async () => {
		await updateOwnSettings(t.db, lan, { email: 'lan@thaihoa.example' });
		const [other] = await t.db.select().from(users).where(eq(users.id, hung.id));
		expect(other?.email).toBeNull();
	});
});

describe('loadProfile', () => {
	it('carries the unit summary and never the password hash', async () => {
		const profile = await loadProfile(t.db, lan);
		expect(profile).toMatchObject({ id: lan.id, username: 'motcua', role: 'desk_officer', locale: 'vi' });
		const [ward] = await t.db.select().from(units).where(eq(units.id, lan.unitId!));
		expect(profile.unit?.id).toBe(ward!.id);
		expect(JSON.stringify(profile)).not.toContain(lan.passwordHash);
		expect(profile).not.toHaveProperty('passwordHash');
	});

	it('has no unit for the system administrator', async () => {
		const admin = await makeUser(t.db, { role: 'admin', unitId: null });
		expect((await loadProfile(t.db, admin)).unit).toBeNull();
	});
});
