import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signIn, waitUntilOfflineReady } from './helpers';

/**
 * Web Push, as far as this machine allows (STACK.md: no push service is reachable here):
 * a push delivered to the worker through the DevTools protocol shows the notification with
 * the right title, tag and link, and its click path opens the incident; the settings screen
 * subscribes through a PushManager that returns a loopback push service, and "Gửi thử"
 * sends a real encrypted Web Push there, which the test decrypts with the subscription's keys.
 */

const ece = createRequire(import.meta.url)('http_ece') as {
	decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: string }): Buffer;
};

async function registrationOf(context: BrowserContext, page: Page) {
	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string; scopeURL: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
	await cdp.send('ServiceWorker.enable');
	const origin = new URL(page.url()).origin;
	await expect.poll(() => registrations.some((r) => r.scopeURL.startsWith(origin))).toBe(true);
	return { cdp, origin, registrationId: registrations.find((r) => r.scopeURL.startsWith(origin))!.registrationId };
}

test('a push shows the incident’s notification (title, one tag per incident, link), and tapping it opens the incident', async ({
	page,
	context
}) => {
	await context.grantPermissions(['notifications']);
	await signIn(page, 'totruong');
	await waitUntilOfflineReady(page);
	const { cdp, origin, registrationId } = await registrationOf(context, page);
	const incidentId = '0192f0a4-7c1e-7b3a-9d2e-4f5a6b7c8d9e';
	const payload = {
		title: 'Sự cố phức tạp — cần Tổ trưởng xử lý ngay · Phường Thái Hòa',
		body: '[SỰ CỐ PHỨC TẠP] Phường Thái Hòa\nMô tả: Mất kết nối mạng toàn bộ Bộ phận Một cửa',
		url: `${origin}/su-co/${incidentId}`,
		tag: 'ucmc-0123456789abcdef',
		incidentId,
		reason: 'reported_complex'
	};
	await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
	const shown = async () =>
		page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as { url: string } }));
		});
	await expect.poll(shown).toEqual([{ title: payload.title, body: payload.body, tag: `incident-${incidentId}`, data: { url: payload.url } }]);
	// An escalation of the same incident replaces it rather than piling up.
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin,
		registrationId,
		data: JSON.stringify({ ...payload, title: 'Sự cố được chuyển lên tỉnh và doanh nghiệp CNTT · Phường Thái Hòa', reason: 'escalated' })
	});
	await expect.poll(async () => (await shown()).map((n) => n.title)).toEqual(['Sự cố được chuyển lên tỉnh và doanh nghiệp CNTT · Phường Thái Hòa']);

	// The tap: the worker's own click handler, with the notification it showed.
	const worker = context.serviceWorkers().find((w) => w.url().startsWith(origin))!;
	await worker.evaluate(async () => {
		const scope = self as unknown as ServiceWorkerGlobalScope;
		const [notification] = await scope.registration.getNotifications();
		scope.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }));
	});
	await expect(page).toHaveURL(`${origin}/su-co/${incidentId}`);
});

test('settings subscribe this device through the browser’s PushManager, and "Gửi thử" reaches the push service, encrypted', async ({
	page,
	context
}) => {
	// The loopback push service: HTTPS with the certificate the server under test trusts.
	const dir = path.resolve('.e2e-push');
	const received: { headers: Record<string, string | string[] | undefined>; body: Buffer }[] = [];
	const service = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks) });
			res.writeHead(201).end();
		});
	});
	await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
	const endpoint = `https://127.0.0.1:${(service.address() as AddressInfo).port}/push/phone-of-totruong`;
	// What a browser makes when it subscribes: an ECDH P-256 key pair and an auth secret.
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };

	try {
		await context.grantPermissions(['notifications']);
		// No push service is reachable from here: the browser's PushManager hands out the loopback one.
		await context.addInitScript(
			({ endpoint, keys }) => {
				let current: PushSubscription | null = null;
				const make = () =>
					({
						endpoint,
						expirationTime: null,
						options: {},
						getKey: () => null,
						toJSON: () => ({ endpoint, expirationTime: null, keys }),
						unsubscribe: async () => {
							current = null;
							return true;
						}
					}) as unknown as PushSubscription;
				PushManager.prototype.subscribe = async function () {
					current = make();
					return current;
				};
				PushManager.prototype.getSubscription = async function () {
					return current;
				};
			},
			{ endpoint, keys }
		);
		await signIn(page, 'totruong');
		await waitUntilOfflineReady(page);
		await page.goto('/cai-dat');
		const settings = page.getByTestId('notification-settings');
		await settings.getByRole('button', { name: 'Nhận thông báo trên thiết bị này' }).click();
		await expect(settings.getByTestId('push-on')).toHaveText('Thiết bị này đang nhận thông báo.');
		await settings.getByTestId('notify-test').click();
		const results = settings.getByTestId('notify-test-results');
		await expect(results.locator('[data-channel="push"]')).toHaveText('Thông báo trên ứng dụng: Đã gửi');

		// Besides the test, the server may deliver alerts of earlier specs' incidents that were
		// waiting for a way to reach him (sent once he has one): each links to its incident.
		const messages = received.map((push) => {
			expect(push.headers['content-encoding']).toBe('aes128gcm');
			expect(String(push.headers.authorization)).toMatch(/^vapid t=.+, k=.+$/);
			const text = ece.decrypt(push.body, { version: 'aes128gcm', privateKey: ecdh, authSecret: keys.auth }).toString('utf8');
			return JSON.parse(text) as { title: string; url: string };
		});
		const tests = messages.filter((message) => message.title === 'Thông báo thử — Ứng Cứu Một Cửa');
		expect(tests).toHaveLength(1);
		expect(new URL(tests[0]!.url).pathname).toBe('/cai-dat');
		for (const other of messages.filter((message) => !tests.includes(message))) {
			expect(new URL(other.url).pathname).toMatch(/^\/su-co\/[0-9a-f-]{36}$/);
		}
	} finally {
		service.close();
	}
});
