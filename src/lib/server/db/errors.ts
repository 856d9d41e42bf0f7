/** Recognising database refusals that callers turn into answers rather than 500s. */

/** A unique constraint refused the row (PostgreSQL 23505), on either driver, however wrapped. */
export function isUniqueViolation(err: unknown): boolean {
	for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}
