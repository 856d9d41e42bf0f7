/** Guards of the notification settings: push subscriptions only to browsers' push services, and "Gửi thử" not in a loop. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_SERVICE_HOSTS } from '$lib/server/config';
import { isPushService, mayTest, TEST_INTERVAL_MS } from '$lib/server/notify/settings.service';

describe('push subscriptions', () => {
	it('point only at the browsers’ push services, never into the server’s own network', () => {
		for (const ok of [
			'https://fcm.googleapis.com/fcm/send/abc',
			'https://updates.push.services.mozilla.com/wpush/v2/abc',
			'https://web.push.apple.com/QO3',
			'https://wns2-bl2p.notify.windows.com/w/?token=x'
		]) {
			expect(isPushService(ok, DEFAULT_PUSH_SERVICE_HOSTS), ok).toBe(true);
		}
		for (const bad of [
			'https://10.0.0.5:8443/admin',
			'https://127.0.0.1/push',
			'https://fcm.googleapis.com.evil.example/x',
			'https://evilfcm.googleapis.com.example/x',
			'https://localhost/x',
			'not a url'
		]) {
			expect(isPushService(bad, DEFAULT_PUSH_SERVICE_HOSTS), bad).toBe(false);
		}
		// A test's loopback push service, when the server is told so (PUSH_SERVICE_HOSTS).
		expect(isPushService('https://127.0.0.1:4431/push', ['127.0.0.1'])).toBe(true);
	});
});

describe('"Gửi thử"', () => {
	it('is allowed once per 30 seconds per person', () => {
		const now = 1_000_000;
		expect(mayTest('a', now)).toBe(true);
		expect(mayTest('a', now + 1_000)).toBe(false);
		expect(mayTest('b', now + 1_000)).toBe(true);
		expect(mayTest('a', now + TEST_INTERVAL_MS)).toBe(true);
	});
});
