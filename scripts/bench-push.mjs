/**
 * The alert path's speed, for `npm run bench`: from a report sent to the server to the Web
 * Push request arriving at a loopback push service (HTTPS, as real ones), over 100 complex
 * reports one after another (p50 and p95), next to the raw cost of the same push — web-push
 * straight from this process to the same service. Target: p95 under 1 s.
 */
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import webpush from 'web-push';
import { loopbackCertificate } from '../tests/loopback-cert.ts';

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

/** The loopback push service; its certificate must be trusted by the server (NODE_EXTRA_CA_CERTS). */
export async function startPushService() {
	const { key, cert } = loopbackCertificate(1);
	let waiter = null;
	const server = https.createServer({ key, cert }, (req, res) => {
		req.resume();
		req.on('end', () => {
			res.writeHead(201).end();
			waiter?.(performance.now());
			waiter = null;
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	const subscription = {
		endpoint: `https://127.0.0.1:${server.address().port}/push/leader`,
		keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
	};
	return {
		cert,
		subscription,
		agent: new https.Agent({ ca: cert }),
		/** Resolves with the arrival time of the next push request. */
		next: () => new Promise((resolve) => (waiter = resolve)),
		close: () => server.close()
	};
}

async function session(base, username) {
	const response = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: base },
		body: JSON.stringify({ username, password: 'demo1234' })
	});
	if (!response.ok) throw new Error(`sign-in of ${username}: ${response.status}`);
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function benchPush(base, service, count = 100) {
	const leader = await session(base, 'totruong');
	const subscribed = await fetch(`${base}/api/me/notifications/push`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json', cookie: leader, origin: base },
		body: JSON.stringify(service.subscription)
	});
	if (!subscribed.ok) throw new Error(`subscribe: ${subscribed.status} ${await subscribed.text()}`);
	const desk = await session(base, 'motcua');

	const ours = [];
	for (let i = 0; i < count; i++) {
		const now = new Date();
		const arrived = service.next();
		const started = performance.now();
		const response = await fetch(`${base}/api/incidents/${randomUUID()}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', cookie: desk, origin: base },
			body: JSON.stringify({
				category: 'digital_signing',
				complexity: 'complex',
				scope: 'desk',
				impactLevel: 'slowed',
				description: `Không ký số được hồ sơ ${i + 1}`,
				startedAt: new Date(now.getTime() - 60_000).toISOString(),
				createdAt: now.toISOString()
			})
		});
		if (response.status !== 201) throw new Error(`report ${i}: ${response.status}`);
		ours.push((await arrived) - started);
	}

	const keys = webpush.generateVAPIDKeys();
	const raw = [];
	for (let i = 0; i < count; i++) {
		const arrived = service.next();
		const started = performance.now();
		await webpush.sendNotification(service.subscription, JSON.stringify({ title: 'Sự cố', body: 'x'.repeat(300) }), {
			vapidDetails: { subject: 'mailto:bench@localhost', publicKey: keys.publicKey, privateKey: keys.privateKey },
			TTL: 60,
			agent: service.agent
		});
		raw.push((await arrived) - started);
	}
	return {
		p50: percentile(ours, 0.5),
		p95: percentile(ours, 0.95),
		rawP50: percentile(raw, 0.5),
		rawP95: percentile(raw, 0.95)
	};
}
