/**
 * Text fields as people type them. Control characters (NUL and the like) have no place in
 * a name, a password or a notice, and some databases refuse them outright: they are turned
 * away at the schema, with a clear message, before they reach a query.
 */
import { z } from 'zod/mini';

// C0 controls and DEL, except tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacters(value: string): boolean {
	return CONTROL.test(value);
}

/** A string of at most `max` characters with no control characters. */
export function plainText(max: number) {
	// NFC: a name typed with combining tone marks (some keyboards, pasted text) is stored
	// as the same characters as the precomposed one, so it compares equal.
	return z.string().check(z.normalize('NFC'), z.maxLength(max), noControlCharacters());
}

/** Optional free text: blank means "not given", so "" and a missing field compare equal. */
export function optionalText(max: number) {
	// Trimmed before the length check: a note that fits once its trailing newline goes, fits.
	return z.pipe(
		z.optional(z.string().check(z.normalize('NFC'), z.trim(), z.maxLength(max), noControlCharacters())),
		z.transform((value) => (value ? value : undefined))
	);
}

function noControlCharacters() {
	return z.refine<string>((value) => !hasControlCharacters(value), 'invalid_characters');
}
