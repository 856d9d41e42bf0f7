/**
 * A phone number as a schema: normalised to E.164, refused with 'invalid_phone'. The rules
 * themselves are in phone-number.ts (re-exported here), which pages use without zod.
 */
import { z } from 'zod/mini';
import { normalizePhone } from './phone-number';

export * from './phone-number';

export const phoneSchema = z.pipe(
	z.string({ error: 'invalid_phone' }),
	z.transform((value: string, ctx) => {
		const normalized = normalizePhone(value);
		if (normalized === null) {
			ctx.issues.push({ code: 'custom', message: 'invalid_phone', input: value });
			return z.NEVER;
		}
		return normalized;
	})
);
