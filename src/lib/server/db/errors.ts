/** Recognising database refusals that callers turn into answers rather than 500s. */

/** The database refused with this SQLSTATE, on either driver, however wrapped. */
function hasCode(err: unknown, code: string): boolean {
	for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		if ((e as { code?: unknown }).code === code) return true;
	}
	return false;
}

/** A unique constraint refused the row (PostgreSQL 23505). */
export const isUniqueViolation = (err: unknown) => hasCode(err, '23505');

/** A foreign key refused the row (23503): what it points at went away meanwhile. */
export const isForeignKeyViolation = (err: unknown) => hasCode(err, '23503');
