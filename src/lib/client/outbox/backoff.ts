/**
 * When to try again after a failed send: exponential backoff with jitter, capped, so that
 * a hundred desk PCs coming back online at once do not hit the server in step, and a device
 * that has been offline all morning still retries every few minutes.
 */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 4 * 60_000;

/**
 * Delay before attempt `attempts + 1`, for `attempts` failures so far (≥ 1).
 * "Equal jitter": half fixed, half random, so the delay still grows with each failure.
 */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
	const exponent = Math.max(0, Math.min(attempts - 1, 20));
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The wait before the next try: what the server asked for when it said (a busy server),
 * spread over up to half as much again so that a room of desks told the same thing does not
 * come back in step; otherwise the backoff.
 */
export function retryDelay(attempts: number, retryAfterMs?: number, random: () => number = Math.random): number {
	if (retryAfterMs === undefined) return backoffDelay(attempts, random);
	return Math.round(retryAfterMs * (1 + random() / 2));
}
