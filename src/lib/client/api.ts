/**
 * Calls to our own API, returning a closed result instead of throwing, so every screen
 * maps each reason to a calm message: "offline" is a state, not an error.
 */
import { isApiErrorBody, type ApiErrorCode } from '$lib/domain/api-error';
import { m } from '$lib/paraglide/messages';

export type ApiResult<T> =
	| { ok: true; status: number; data: T }
	| { ok: false; reason: 'offline' }
	| { ok: false; reason: 'unauthenticated'; message: string }
	| {
			ok: false;
			reason: 'rejected' | 'server';
			status: number;
			code: ApiErrorCode | 'unknown';
			message: string;
			field?: string;
	  };

export interface ApiRequest {
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	body?: unknown;
	signal?: AbortSignal;
}

export async function callApi<T>(path: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
	// With no network at all, say so without a request that can only fail.
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return { ok: false, reason: 'offline' };
	let response: Response;
	try {
		response = await fetch(path, {
			method: request.method ?? 'GET',
			headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
			body: request.body === undefined ? undefined : JSON.stringify(request.body),
			credentials: 'same-origin',
			signal: request.signal
		});
	} catch (err) {
		if (err instanceof DOMException && err.name === 'AbortError') throw err;
		return { ok: false, reason: 'offline' };
	}
	const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
	if (response.ok) return { ok: true, status: response.status, data: body as T };

	const error = isApiErrorBody(body) ? body.error : null;
	// Not our API's answer (a proxy's error page): still a calm message in the user's language.
	const message = error?.message ?? m.api_unreachable({ status: response.status });
	if (response.status === 401 && error?.code === 'unauthenticated') {
		return { ok: false, reason: 'unauthenticated', message };
	}
	return {
		ok: false,
		reason: response.status >= 500 ? 'server' : 'rejected',
		status: response.status,
		code: error?.code ?? 'unknown',
		message,
		field: error?.field
	};
}
