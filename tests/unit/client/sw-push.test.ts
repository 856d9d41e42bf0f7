/** The worker's reading of a push message: only well-formed payloads, only the app's own pages. */
import { describe, expect, it } from 'vitest';
import { parsePushPayload, targetUrl } from '$lib/sw/push';

const ORIGIN = 'https://ungcuu.nghean.example';

describe('push messages in the worker', () => {
	it('reads the server’s payload, Vietnamese intact', () => {
		const payload = { title: 'Sự cố phức tạp — cần Tổ trưởng xử lý ngay · Phường Thái Hòa', body: 'Mô tả: Mất mạng', url: `${ORIGIN}/su-co/1`, tag: 'k', incidentId: '1' };
		expect(parsePushPayload(JSON.stringify(payload))).toEqual(payload);
	});

	it('ignores what is not a payload of ours', () => {
		for (const text of [null, '', 'not json', '{}', '{"title":1,"body":"x","url":"/"}', '[]']) expect(parsePushPayload(text)).toBeNull();
	});

	it('opens only the app’s own pages: a foreign or broken link opens the home page', () => {
		expect(targetUrl(`${ORIGIN}/su-co/1`, ORIGIN)).toBe(`${ORIGIN}/su-co/1`);
		expect(targetUrl('/su-co/2', ORIGIN)).toBe(`${ORIGIN}/su-co/2`);
		expect(targetUrl('https://evil.example/x', ORIGIN)).toBe(`${ORIGIN}/`);
		expect(targetUrl('http://[', ORIGIN)).toBe(`${ORIGIN}/`);
	});
});
