/**
 * Argon2id password hashing (OWASP's baseline: 19 MiB, 2 passes, 1 lane). It costs tens of
 * milliseconds by design; that cost is the protection.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash must read as "wrong password", never as a crash.
		return false;
	}
}

/**
 * A real hash to verify against when the username does not exist, so that a missing user
 * and a wrong password take the same time and cannot be told apart.
 */
let dummyHash: Promise<string> | undefined;
export function verifyAgainstDummy(password: string): Promise<boolean> {
	dummyHash ??= hashPassword('not-a-real-password-for-timing-only');
	return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
