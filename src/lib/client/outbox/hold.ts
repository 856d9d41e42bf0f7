/**
 * When one report or action is held for the officer ("Cần xử lý", "Thử gửi lại") so that the
 * entries behind it can go: after the server failed on it 5 times in a row. Only the server
 * answering with an error about this request counts; the network failing says nothing about
 * the report, and neither does a 503 — a busy server, or one whose database is away, asks
 * everybody to come back later.
 */
import { isServerFault } from './transport';

/** Server errors in a row on one entry before its report is held for the officer. */
export const HOLD_AFTER_SERVER_ERRORS = 5;
/** The problem code of a report held that way (the page words it). */
export const SERVER_FAILING = 'server_failing';

/** The entry's server-error count after an answer with `status`. */
export function serverErrorsAfter(op: { serverErrors?: number }, status: number | undefined): number {
	if (status === 503) return op.serverErrors ?? 0;
	return isServerFault(status) ? (op.serverErrors ?? 0) + 1 : 0;
}
