/**
 * The one funnel for JSON endpoints: parse the body with a domain schema, turn every
 * refusal into `{ error: { code, message } }` in the caller's language, and never let bad
 * input reach a 500 or show a stack trace.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { safeParse, type core } from 'zod/mini';
import { isApiErrorCode, type ApiErrorBody, type ApiErrorCode } from '$lib/domain/api-error';
import type { Locale } from '$lib/domain/roles';
import { BodyError, receiveBytes, TooLargeError } from '../files/receive';
import { errorMessage, type MessageParams } from './messages';

/** Reports, comments and settings are small; files travel on their own endpoints. */
export const JSON_BODY_LIMIT = 64 * 1024;

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: ApiErrorCode,
		readonly params: MessageParams = {},
		readonly headers: Record<string, string> = {}
	) {
		super(code);
	}
}

export function errorResponse(
	locale: Locale,
	status: number,
	code: ApiErrorCode,
	params: MessageParams = {},
	headers: Record<string, string> = {}
): Response {
	return json(errorBody(locale, code, params), { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** The error body alone, for handlers that build their own response (the tus hooks). */
export function errorBody(locale: Locale, code: ApiErrorCode, params: MessageParams = {}): ApiErrorBody {
	const body: ApiErrorBody = { error: { code, message: errorMessage(code, params, locale) } };
	if (params.field !== undefined) body.error.field = String(params.field);
	if (params.reference !== undefined) body.error.reference = String(params.reference);
	return body;
}

type Handler<E extends RequestEvent> = (event: E) => Promise<Response> | Response;

/**
 * Wraps a `+server.ts` handler: an `ApiError` thrown anywhere becomes its 4xx, and anything
 * unexpected becomes a 500 in the same JSON shape, with a reference to the logged details
 * (never the details themselves).
 */
export function endpoint<E extends RequestEvent>(handler: Handler<E>): Handler<E> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (err) {
			if (err instanceof ApiError) {
				return errorResponse(event.locals.locale, err.status, err.code, err.params, err.headers);
			}
			return internalError(event, err);
		}
	};
}

export function internalError(event: RequestEvent, err: unknown): Response {
	const reference = crypto.randomUUID().slice(0, 8);
	console.error(`[${reference}] ${event.request.method} ${event.request.url}`, err);
	return errorResponse(event.locals.locale ?? 'vi', 500, 'internal', { reference });
}

export function requireUser(event: RequestEvent): NonNullable<App.Locals['user']> {
	if (!event.locals.user) throw new ApiError(401, 'unauthenticated');
	return event.locals.user;
}

/**
 * A shared desk PC drains the outbox of whoever made each report. The device names that
 * person in `X-Expected-User`; if another officer's session is open now, the write is
 * refused rather than filed under the wrong name (the device asks the author to sign in).
 */
export function requireExpectedUser(event: RequestEvent): NonNullable<App.Locals['user']> {
	const user = requireUser(event);
	if (!isExpectedUser(event.request, user.id)) throw new ApiError(401, 'session_mismatch');
	return user;
}

/** False only when the request names another user in `X-Expected-User`. */
export function isExpectedUser(request: Request, userId: string): boolean {
	const expected = request.headers.get('x-expected-user')?.trim().toLowerCase();
	return !expected || expected === userId.toLowerCase();
}

/** Reads a JSON body within `limit` bytes and validates it with `schema`. */
export async function readJson<S extends core.$ZodType>(
	event: RequestEvent,
	schema: S,
	limit = JSON_BODY_LIMIT
): Promise<core.output<S>> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type');
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (declared > limit) throw tooLarge(limit);

	const text = await readTextWithin(event.request, limit);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'invalid_json');
	}
	const parsed = safeParse(schema, value);
	if (parsed.success) return parsed.data;
	throw validationError(parsed.error);
}

async function readTextWithin(request: Request, limit: number): Promise<string> {
	try {
		return new TextDecoder().decode(await receiveBytes(request.body, limit));
	} catch (err) {
		// The adapter aborts a body over its own limit (a BodyError here): still "too large".
		if (err instanceof TooLargeError || err instanceof BodyError) throw tooLarge(limit);
		throw err;
	}
}

const kib = (bytes: number) => Math.round(bytes / 1024);

/**
 * The rest of an oversize body is never read, so the connection cannot carry another
 * request: say so, or the client's next call on it would be cut off.
 */
export function tooLarge(limit: number, code: ApiErrorCode = 'body_too_large'): ApiError {
	const limitParam = code === 'body_too_large' ? kib(limit) : Math.round(limit / 1024 / 1024);
	return new ApiError(413, code, { limit: limitParam }, { connection: 'close' });
}

/** Names the first problem and where it is; one clear message beats a list of ten. */
export function validationError(error: core.$ZodError): ApiError {
	const issue = error.issues[0];
	if (!issue) return new ApiError(400, 'validation_failed', { field: '' });
	if (issue.code === 'unrecognized_keys') {
		const where = issue.path.length ? `${issue.path.join('.')}.` : '';
		return new ApiError(400, 'unknown_field', { field: `${where}${issue.keys[0] ?? ''}` });
	}
	const field = issue.path.join('.') || '(body)';
	// A schema may name a closed error code as its message (e.g. 'notice_empty').
	if (isApiErrorCode(issue.message)) return new ApiError(400, issue.message, { field });
	return new ApiError(400, 'validation_failed', { field, detail: issue.code });
}
