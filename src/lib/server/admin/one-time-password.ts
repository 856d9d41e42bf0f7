/**
 * One-time passwords an administrator hands out on paper: read aloud, typed on a phone by
 * someone who may be signing in for the first time. No letters that look alike (0/o, 1/l/i),
 * lower case only, in three groups of four: "k7mp-x3qa-9tzr" (about 59 bits).
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function oneTimePassword(): string {
	const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
	return `${group()}-${group()}-${group()}`;
}
