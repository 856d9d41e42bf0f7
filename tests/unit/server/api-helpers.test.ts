import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import { signInRequestSchema, updateSettingsSchema } from '$lib/domain/account';
import { API_ERROR_CODES, isApiErrorBody } from '$lib/domain/api-error';
import type { Locale } from '$lib/domain/roles';
import {
	ApiError,
	endpoint,
	errorResponse,
	JSON_BODY_LIMIT,
	readJson,
	requireUser
} from '$lib/server/http/api';

const vi_ = JSON.parse(readFileSync(path.resolve('messages/vi.json'), 'utf8')) as Record<string, string>;
const en_ = JSON.parse(readFileSync(path.resolve('messages/en.json'), 'utf8')) as Record<string, string>;

const JSON_TYPE = { 'content-type': 'application/json' };

function eventFor(request: Request, locale: Locale = 'vi', user: unknown = null): RequestEvent {
	return { request, locals: { locale, user } } as unknown as RequestEvent;
}

function post(body: BodyInit | null, headers: Record<string, string> = JSON_TYPE): Request {
	return new Request('http://localhost/api/test', { method: 'POST', body, headers });
}

/** A body that streams without a Content-Length (chunked), `chunk` bytes at a time. */
function streamed(chunks: Uint8Array[], onCancel?: () => void, endless = false): Request {
	let i = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (i < chunks.length) controller.enqueue(chunks[i++]!);
			else if (endless) controller.enqueue(new Uint8Array(1024).fill(0x20));
			else controller.close();
		},
		cancel() {
			onCancel?.();
		}
	});
	return new Request('http://localhost/api/test', {
		method: 'POST',
		body,
		headers: JSON_TYPE,
		duplex: 'half'
	} as RequestInit);
}

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (err) {
		if (err instanceof ApiError) return err;
		throw err;
	}
	throw new Error('expected an ApiError, but the call succeeded');
}

const schema = z.strictObject({
	name: z.string().min(1),
	count: z.number().int().optional(),
	place: z.strictObject({ ward: z.string() }).optional()
});

describe('readJson', () => {
	it('returns the parsed, validated body', async () => {
		const body = JSON.stringify({ name: 'Phường Thái Hòa', count: 3 });
		expect(await readJson(eventFor(post(body)), schema)).toEqual({ name: 'Phường Thái Hòa', count: 3 });
	});

	it('accepts a charset parameter on the content type', async () => {
		const request = post('{"name":"x"}', { 'content-type': 'application/json; charset=utf-8' });
		expect(await readJson(eventFor(request), schema)).toEqual({ name: 'x' });
	});

	it('applies the schema’s own transforms (sign-in trims the username)', async () => {
		const request = post(JSON.stringify({ username: '  motcua ', password: 'demo1234' }));
		expect(await readJson(eventFor(request), signInRequestSchema)).toEqual({ username: 'motcua', password: 'demo1234' });
	});

	it('answers 400 invalid_json for malformed JSON and for an empty body', async () => {
		for (const body of ['{"name": "x"', "{'name': 'x'}", 'undefined', '']) {
			const err = await apiErrorOf(readJson(eventFor(post(body)), schema));
			expect({ body, status: err.status, code: err.code }).toEqual({ body, status: 400, code: 'invalid_json' });
		}
	});

	it('answers 415 for a body that is not declared as JSON', async () => {
		for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, {}] as Record<string, string>[]) {
			const err = await apiErrorOf(readJson(eventFor(post('{"name":"x"}', headers)), schema));
			expect([err.status, err.code]).toEqual([415, 'unsupported_media_type']);
		}
	});

	it('answers 413 from a declared Content-Length over the limit, before reading the body', async () => {
		const request = post('{"name":"x"}', { ...JSON_TYPE, 'content-length': String(JSON_BODY_LIMIT + 1) });
		const err = await apiErrorOf(readJson(eventFor(request), schema));
		expect([err.status, err.code]).toEqual([413, 'body_too_large']);
		expect(err.params).toEqual({ limit: 64 });
		expect(request.bodyUsed).toBe(false);
	});

	it('answers 413 for a chunked body that grows past the limit, and stops reading it', async () => {
		let cancelled = false;
		const request = streamed([new TextEncoder().encode('{"name":"')], () => (cancelled = true), true);
		expect(request.headers.get('content-length')).toBeNull();
		const err = await apiErrorOf(readJson(eventFor(request), schema));
		expect([err.status, err.code]).toEqual([413, 'body_too_large']);
		expect(cancelled).toBe(true);
	});

	it('counts the limit in bytes: exactly at the limit passes, one byte over does not', async () => {
		const limit = 100;
		const exact = JSON.stringify({ name: 'x'.repeat(limit - 11) });
		expect(Buffer.byteLength(exact)).toBe(limit);
		expect(await readJson(eventFor(post(exact)), schema, limit)).toEqual({ name: 'x'.repeat(limit - 11) });

		// Vietnamese letters take two or three bytes in UTF-8.
		const over = JSON.stringify({ name: 'ờ'.repeat(30) });
		expect(over.length).toBeLessThan(limit);
		expect(Buffer.byteLength(over)).toBeGreaterThan(limit);
		const err = await apiErrorOf(readJson(eventFor(post(over)), schema, limit));
		expect([err.status, err.code]).toEqual([413, 'body_too_large']);
	});

	it('decodes a character split across two chunks', async () => {
		const bytes = new TextEncoder().encode(JSON.stringify({ name: 'Phường Thái Hòa' }));
		const cut = bytes.indexOf(0xc6) + 1; // inside the two bytes of "ư"
		const request = streamed([bytes.slice(0, cut), bytes.slice(cut)]);
		expect(await readJson(eventFor(request), schema)).toEqual({ name: 'Phường Thái Hòa' });
	});

	it('answers 400 unknown_field naming the field, also inside a nested object', async () => {
		const top = await apiErrorOf(readJson(eventFor(post('{"name":"x","isAdmin":true}')), schema));
		expect([top.status, top.code, top.params.field]).toEqual([400, 'unknown_field', 'isAdmin']);

		const nested = await apiErrorOf(readJson(eventFor(post('{"name":"x","place":{"ward":"a","extra":1}}')), schema));
		expect([nested.code, nested.params.field]).toEqual(['unknown_field', 'place.extra']);
	});

	it('answers 400 validation_failed naming the field of the wrong type', async () => {
		const err = await apiErrorOf(readJson(eventFor(post('{"name":"x","count":"three"}')), schema));
		expect(err.status).toBe(400);
		expect(err.code).toBe('validation_failed');
		expect(err.params).toMatchObject({ field: 'count', detail: 'invalid_type' });

		const missing = await apiErrorOf(readJson(eventFor(post('{"count":1}')), schema));
		expect(missing.params).toMatchObject({ field: 'name', detail: 'invalid_type' });

		const empty = await apiErrorOf(readJson(eventFor(post('{"name":""}')), schema));
		expect(empty.params).toMatchObject({ field: 'name', detail: 'too_small' });

		const nested = await apiErrorOf(readJson(eventFor(post('{"name":"x","place":{"ward":7}}')), schema));
		expect(nested.params).toMatchObject({ field: 'place.ward' });
	});

	it('names the body itself when it is not an object', async () => {
		for (const body of ['null', '[]', '"text"', '42']) {
			const err = await apiErrorOf(readJson(eventFor(post(body)), schema));
			expect([err.code, err.params.field]).toEqual(['validation_failed', '(body)']);
		}
	});

	it('refuses a phone number that is not a phone number in settings', async () => {
		const err = await apiErrorOf(readJson(eventFor(post('{"phone":"abc"}')), updateSettingsSchema));
		expect([err.status, err.code, err.params.field]).toEqual([400, 'validation_failed', 'phone']);
	});
});

describe('errorResponse', () => {
	async function bodyOf(response: Response) {
		const body: unknown = await response.json();
		if (!isApiErrorBody(body)) throw new Error(`not an API error body: ${JSON.stringify(body)}`);
		return body;
	}

	it('answers { error: { code, message } } as uncacheable JSON with the status', async () => {
		const response = errorResponse('vi', 400, 'invalid_json');
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toContain('application/json');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({
			error: { code: 'invalid_json', message: vi_['api_invalid_json'] }
		});
		expect(vi_['api_invalid_json']).toBe('Dữ liệu gửi lên không phải JSON hợp lệ.');
	});

	it('speaks English to an English caller', async () => {
		const response = errorResponse('en', 400, 'invalid_json');
		expect((await bodyOf(response)).error.message).toBe(en_['api_invalid_json']);
	});

	it.each(API_ERROR_CODES)('has a Vietnamese and a different English message for %s', async (code) => {
		const params = { field: 'phone', limit: 64, minutes: 15 };
		const vi = (await bodyOf(errorResponse('vi', 400, code, params))).error;
		const en = (await bodyOf(errorResponse('en', 400, code, params))).error;
		expect(vi.code).toBe(code);
		expect(en.code).toBe(code);
		expect(vi.message.trim()).not.toBe('');
		expect(en.message.trim()).not.toBe('');
		expect(vi.message).not.toBe(en.message);
		expect(vi.message).not.toContain('{');
		expect(en.message).not.toContain('{');
	});

	it('fills in the field and the limit, and names the field beside the message', async () => {
		const tooLarge = await bodyOf(errorResponse('vi', 413, 'body_too_large', { limit: 64 }));
		expect(tooLarge.error.message).toBe(vi_['api_body_too_large']!.replace('{limit}', '64'));

		const typed = await bodyOf(errorResponse('vi', 400, 'validation_failed', { field: 'startedAt', detail: 'invalid_type' }));
		expect(typed.error).toEqual({
			code: 'validation_failed',
			message: 'Thời điểm bắt đầu bị thiếu hoặc sai kiểu dữ liệu.',
			field: 'startedAt'
		});
		// A key nobody declared is quoted as the caller sent it.
		const unknown = await bodyOf(errorResponse('en', 400, 'unknown_field', { field: 'isAdmin' }));
		expect(unknown.error.message).toBe('The field “isAdmin” is not supported.');
		expect(unknown.error.field).toBe('isAdmin');
	});

	it('passes extra headers through (e.g. Retry-After)', () => {
		const response = errorResponse('vi', 429, 'sign_in_locked', { minutes: 15 }, { 'retry-after': '900' });
		expect(response.headers.get('retry-after')).toBe('900');
	});
});

describe('endpoint and requireUser', () => {
	it('turns an ApiError thrown by the handler into its response, in the caller’s language', async () => {
		const handler = endpoint(async (event) => {
			await readJson(event, schema);
			return new Response('unreachable');
		});
		const vi = await handler(eventFor(post('{oops'), 'vi'));
		const en = await handler(eventFor(post('{oops'), 'en'));
		expect(vi.status).toBe(400);
		expect(await vi.json()).toEqual({ error: { code: 'invalid_json', message: vi_['api_invalid_json'] } });
		expect(await en.json()).toEqual({ error: { code: 'invalid_json', message: en_['api_invalid_json'] } });
	});

	it('turns any other error into a 500 in the same JSON shape, with a reference and no details', async () => {
		const handler = endpoint(() => {
			throw new TypeError('boom at /secret/path.ts:12');
		});
		const logged: unknown[][] = [];
		const original = console.error;
		console.error = (...args: unknown[]) => void logged.push(args);
		try {
			const response = await handler(eventFor(post('{}')));
			expect(response.status).toBe(500);
			const body = await response.json();
			expect(body.error.code).toBe('internal');
			expect(body.error.reference).toMatch(/^[0-9a-f]{8}$/);
			expect(body.error.message).toContain(body.error.reference);
			expect(JSON.stringify(body)).not.toContain('boom');
			// The details are in the server's log, under the same reference.
			expect(String(logged[0]?.[0])).toContain(body.error.reference);
		} finally {
			console.error = original;
		}
	});

	it('requireUser answers 401 without a user and returns the user otherwise', () => {
		const err = (() => {
			try {
				requireUser(eventFor(post('{}')));
			} catch (e) {
				return e;
			}
		})();
		expect(err).toBeInstanceOf(ApiError);
		expect([(err as ApiError).status, (err as ApiError).code]).toEqual([401, 'unauthenticated']);
		const user = { id: 'u1' };
		expect(requireUser(eventFor(post('{}'), 'vi', user))).toBe(user);
	});
});
