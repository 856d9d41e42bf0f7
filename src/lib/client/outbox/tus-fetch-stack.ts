/**
 * tus-js-client's HTTP layer on `fetch`. Its default uses XMLHttpRequest, which a service
 * worker does not have; the outbox must drain from the worker too (Background Sync), so
 * both page and worker upload through this one stack. `fetch` reports no upload progress:
 * progress advances per chunk instead (the uploader uses chunks of about a megabyte).
 */
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import { timeoutFor } from './transport';

class FetchResponse implements HttpResponse {
	constructor(
		private readonly response: Response,
		private readonly body: string
	) {}
	getStatus() {
		return this.response.status;
	}
	getHeader(header: string) {
		return this.response.headers.get(header) ?? undefined;
	}
	getBody() {
		return this.body;
	}
	getUnderlyingObject() {
		return this.response;
	}
}

class FetchRequest implements HttpRequest {
	private readonly headers: Record<string, string> = {};
	private readonly controller = new AbortController();

	constructor(
		private readonly method: string,
		private readonly url: string
	) {}
	getMethod() {
		return this.method;
	}
	getURL() {
		return this.url;
	}
	setHeader(header: string, value: string) {
		this.headers[header] = value;
	}
	getHeader(header: string) {
		return this.headers[header];
	}
	setProgressHandler() {
		// fetch has no upload progress; see the module comment.
	}
	async send(body: Blob | null = null): Promise<HttpResponse> {
		// A stalled connection must not hold the outbox (and its lock) forever: each request
		// gets a minute plus time for its chunk at 3G speed. (AbortSignal.any is too new for
		// Chrome 109, hence the timer.)
		const timer = setTimeout(() => this.controller.abort(), timeoutFor(body?.size ?? 0));
		try {
			const response = await fetch(this.url, {
				method: this.method,
				headers: this.headers,
				body,
				credentials: 'same-origin',
				cache: 'no-store',
				signal: this.controller.signal
			});
			return new FetchResponse(response, await response.text());
		} finally {
			clearTimeout(timer);
		}
	}
	abort() {
		this.controller.abort();
		return Promise.resolve();
	}
	getUnderlyingObject() {
		return this.controller;
	}
}

export const fetchHttpStack: HttpStack = {
	createRequest: (method, url) => new FetchRequest(method, url),
	getName: () => 'FetchHttpStack'
};
