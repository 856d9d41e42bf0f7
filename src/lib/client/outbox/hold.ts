/**
 * When one report or action is held for the officer ("Cần xử lý", "Thử gửi lại") so that the
 * entries behind it can go: after the server failed on it 5 times in a row over at least 10
 * minutes — a database restarting, a deploy, a few minutes of trouble hold nothing. Only the
 * server answering with an error about this request counts; the network failing says
 * nothing about the report, and neither does a 503 — a busy server, or one whose database is
 * away, asks everybody to come back later. A report held that way goes back in line by
 * itself 10 minutes later: nobody has to be there to press the button.
 */
import type { OutboxOp, Problem } from '../db';
import { isServerFault } from './transport';

/** Server errors in a row on one entry before its report is held for the officer… */
export const HOLD_AFTER_SERVER_ERRORS = 5;
/** …the first of them at least this long ago. */
export const HOLD_AFTER_MS = 10 * 60_000;
/** A report held for the server's errors is tried again by itself this long after. */
export const RETRY_HELD_AFTER_MS = 10 * 60_000;
/** The problem code of a report held that way (the page words it). */
export const SERVER_FAILING = 'server_failing';

export type ServerErrors = Pick<OutboxOp, 'serverErrors' | 'firstServerErrorAt'>;

/** The entry's server-error count, and when the run of them began, after an answer with `status`. */
export function serverErrorsAfter(op: ServerErrors, status: number | undefined, now: number): ServerErrors {
	if (status === 503) return { serverErrors: op.serverErrors ?? 0, firstServerErrorAt: op.firstServerErrorAt };
	if (!isServerFault(status)) return { serverErrors: 0, firstServerErrorAt: undefined };
	return { serverErrors: (op.serverErrors ?? 0) + 1, firstServerErrorAt: op.firstServerErrorAt ?? now };
}

/** Enough errors, over long enough, that this one entry is the trouble. */
export function holdsFor(errors: ServerErrors, now: number): boolean {
	return (errors.serverErrors ?? 0) >= HOLD_AFTER_SERVER_ERRORS && now - (errors.firstServerErrorAt ?? now) >= HOLD_AFTER_MS;
}

/** The problem a held entry shows, stamped with when it was held (it goes back in line later). */
export function serverFailing(message: string, now: number): Problem {
	return { code: SERVER_FAILING, message, at: now };
}

/** Held for the server's errors long enough ago to go back in line. */
export function dueAgain(problem: Problem | undefined, now: number): boolean {
	return problem?.code === SERVER_FAILING && now - (problem.at ?? 0) >= RETRY_HELD_AFTER_MS;
}
