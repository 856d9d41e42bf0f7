/**
 * Web Push over the real protocol on loopback (STACK.md: no push service is reachable
 * here). A local HTTPS server stands in for the push service: it checks the request the way
 * one would (RFC 8030 headers, the VAPID JWT of RFC 8292 with its ES256 signature), and the
 * test decrypts the body with the subscription's own private key and auth secret, made
 * the way a browser makes them — once with http_ece and once with a small independent
 * RFC 8291 implementation below, so a fault shared by the encrypting library and its own
 * decrypter cannot pass unseen.
 *
 * web-push speaks only https, so the loopback service has a certificate made here (no
 * openssl CLI needed) and the channel gets an https.Agent that trusts it.
 *
 * The VAPID key pair comes from `loadVapidKeys` on this file's test database.
 */
import https from 'node:https';
import { loopbackCertificate } from '../../loopback-cert';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
	createDecipheriv,
	createECDH,
	createPublicKey,
	hkdfSync,
	randomBytes,
	randomUUID,
	verify,
	X509Certificate,
	type ECDH,
	type KeyObject
} from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, PushSubscriptionKeys, Recipient } from '$lib/server/notify/channel';
import {
	checkPushSubscription,
	MAX_PUSH_PAYLOAD_BYTES,
	pushChannel,
	pushPayload,
	pushTopic,
	type PushChannelOptions
} from '$lib/server/notify/channels/push';
import { DEFAULT_VAPID_SUBJECT, loadVapidKeys, VAPID_META_KEY, type VapidKeys } from '$lib/server/notify/vapid';
import { openDatabase } from '$lib/server/db';
import { appMeta } from '$lib/server/db/schema';
import { createScratchDatabase, MIGRATIONS_DIR, onPostgres, useTestDatabase } from './test-db';

const ece = createRequire(import.meta.url)('http_ece') as {
	decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer;
};

const SUBJECT = 'mailto:it@phuong-thai-hoa.example.vn';

// ---------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------
// The loopback push service

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/**
 * Answers by path: `/ok/…` 201 Created (as a push service accepts a message), `/status/{n}/…`
 * that status, `/silent/…` never.
 */
class LoopbackPushService {
	readonly received: Received[] = [];
	readonly agent: https.Agent;
	readonly cert: string;
	private readonly server: https.Server;
	private readonly waiting: ServerResponse[] = [];
	origin = '';

	constructor() {
		const { key, cert } = loopbackCertificate();
		this.cert = cert;
		this.agent = new https.Agent({ ca: cert, keepAlive: false });
		this.server = https.createServer({ key, cert }, (req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const path = req.url ?? '';
				this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
				if (path.startsWith('/silent/')) {
					this.waiting.push(res);
					return;
				}
				const status = path.startsWith('/status/') ? Number(path.split('/')[2]) : 201;
				const body = status === 201 ? '' : JSON.stringify({ code: status, errno: 0, message: `Loopback answer ${status}` });
				res.writeHead(status, status === 201 ? { Location: `${this.origin}/message/${randomUUID()}` } : { 'Content-Type': 'application/json' });
				res.end(body);
			});
		});
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	endpoint(kind: 'ok' | 'silent' | `status/${number}`): string {
		return `${this.origin}/${kind}/${randomBytes(12).toString('base64url')}`;
	}

	/** What reached one endpoint. */
	at(endpoint: string): Received[] {
		const path = new URL(endpoint).pathname;
		return this.received.filter((r) => r.path === path);
	}

	async close(): Promise<void> {
		for (const res of this.waiting) res.destroy();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.agent.destroy();
	}
}

// ---------------------------------------------------------------------------------------
// A browser's subscription, and reading a message as the browser would

interface BrowserSubscription {
	keys: PushSubscriptionKeys;
	ecdh: ECDH;
	authSecret: Buffer;
}

/** What `pushManager.subscribe()` makes: a P-256 key pair and 16 random auth bytes. */
function browserSubscription(endpoint: string): BrowserSubscription {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	const authSecret = randomBytes(16);
	return {
		keys: { endpoint, p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
		ecdh,
		authSecret
	};
}

/** RFC 8291 §3.3–3.4 and RFC 8188, one record: written from the RFCs, not from http_ece. */
function decryptRfc8291(body: Buffer, sub: BrowserSubscription): string {
	const salt = body.subarray(0, 16);
	const recordSize = body.readUInt32BE(16);
	const idLength = body[20]!;
	const senderPublic = body.subarray(21, 21 + idLength);
	const record = body.subarray(21 + idLength);
	expect(idLength).toBe(65);
	expect(record.length).toBeLessThanOrEqual(recordSize);
	const receiverPublic = sub.ecdh.getPublicKey();
	const ecdhSecret = sub.ecdh.computeSecret(senderPublic);
	const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic]);
	const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.authSecret, keyInfo, 32));
	const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
	const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(record.subarray(record.length - 16));
	const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
	let end = padded.length - 1;
	while (end >= 0 && padded[end] === 0) end--;
	expect(padded[end]).toBe(2); // the last record's delimiter
	return padded.subarray(0, end).toString('utf8');
}

/** Decrypts with both implementations and insists they agree. */
function readMessage(received: Received, sub: BrowserSubscription): string {
	const byEce = ece
		.decrypt(received.body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.keys.auth })
		.toString('utf8');
	expect(decryptRfc8291(received.body, sub)).toBe(byEce);
	return byEce;
}

function rawP256PublicKey(raw: Buffer): KeyObject {
	return createPublicKey({
		key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
		format: 'jwk'
	});
}

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The checks a push service makes on the Authorization header (RFC 8292 §2–3). */
function expectValidVapid(authorization: string | undefined, audience: string, keys: VapidKeys): void {
	const match = /^vapid t=([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
	expect(match, `Authorization: ${authorization}`).not.toBeNull();
	const [, header, claims, signature, k] = match!;
	expect(k).toBe(keys.publicKey);
	expect(b64json(header!)).toEqual({ typ: 'JWT', alg: 'ES256' });
	const key = rawP256PublicKey(Buffer.from(k!, 'base64url'));
	const signed = Buffer.from(`${header}.${claims}`);
	const sig = Buffer.from(signature!, 'base64url');
	expect(sig.length).toBe(64);
	expect(verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
	// …and the signature is really checked: another key does not verify it.
	const stranger = rawP256PublicKey(createECDH('prime256v1').generateKeys());
	expect(verify('sha256', signed, { key: stranger, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
	const jwt = b64json(claims!);
	expect(jwt.aud).toBe(audience);
	expect(jwt.sub).toBe(keys.subject);
	const now = Math.floor(Date.now() / 1000);
	expect(jwt.exp).toBeGreaterThan(now);
	expect(jwt.exp).toBeLessThanOrEqual(now + 24 * 3600);
}

// ---------------------------------------------------------------------------------------

const INCIDENT = randomUUID();
const USER = randomUUID();

function alert(overrides: Partial<Alert> = {}): Alert {
	return {
		incidentId: INCIDENT,
		reason: 'complex_leader',
		title: '[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
		body: 'Bước 2: Mất kết nối mạng tại quầy tiếp nhận số 3 — máy chủ dịch vụ công không truy cập được. Đề nghị Tổ Đối ứng kiểm tra ngay.',
		url: `https://ucmc.example.vn/su-co/${INCIDENT}`,
		key: `${INCIDENT}:${USER}:complex_leader`,
		...overrides
	};
}

function recipient(...subs: PushSubscriptionKeys[]): Recipient {
	return { userId: USER, fullName: 'Nguyễn Thị Hương', phone: '+84912000001', email: null, pushSubscriptions: subs };
}

const t = useTestDatabase();
let service: LoopbackPushService;
let keys: VapidKeys;

beforeAll(async () => {
	service = new LoopbackPushService();
	await service.start();
});
afterAll(async () => {
	await service.close();
});
beforeEach(async () => {
	keys = await loadVapidKeys(t.db, { VAPID_SUBJECT: SUBJECT });
});
afterEach(() => {
	service.received.length = 0;
});

function channel(options: Omit<PushChannelOptions, 'agent'> = {}) {
	return pushChannel(keys, { ...options, agent: service.agent });
}

describe('the loopback push service itself', () => {
	it('has a self-signed certificate for 127.0.0.1', () => {
		const x509 = new X509Certificate(service.cert);
		expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(x509.checkIssued(x509)).toBe(true);
	});
});

describe('pushChannel: one delivery, checked as a push service and a browser would', () => {
	it('sends an aes128gcm message with VAPID, TTL, urgency and topic that decrypts to the Vietnamese alert', async () => {
		const sub = browserSubscription(service.endpoint('ok'));
		const a = alert();
		const result = await channel().send(a, recipient(sub.keys));
		expect(result).toEqual({ ok: true, detail: 'Đã gửi tới 1 thiết bị' });

		const [got, ...more] = service.at(sub.keys.endpoint);
		expect(more).toHaveLength(0);
		const h = got!.headers;
		expect(h['content-encoding']).toBe('aes128gcm');
		expect(h['content-type']).toBe('application/octet-stream');
		expect(h['ttl']).toBe(String(24 * 3600));
		expect(h['urgency']).toBe('high');
		expect(h['topic']).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
		expect(h['topic']).toBe(pushTopic(a.key));
		expect(Number(h['content-length'])).toBe(got!.body.length);
		expect(got!.body.length).toBeLessThanOrEqual(4096);
		expectValidVapid(h['authorization'], service.origin, keys);

		const text = readMessage(got!, sub);
		// Raw UTF-8 with its diacritics (no \u escapes), exactly the documented shape.
		expect(text).toContain('[SỰ CỐ PHỨC TẠP] Phường Thái Hòa');
		expect(text).toBe(
			JSON.stringify({ title: a.title, body: a.body, url: a.url, tag: a.key, incidentId: a.incidentId, reason: a.reason })
		);
		expect(JSON.parse(text)).toEqual({
			title: '[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
			body: a.body,
			url: `https://ucmc.example.vn/su-co/${INCIDENT}`,
			tag: a.key,
			incidentId: INCIDENT,
			reason: 'complex_leader'
		});
	});

	it('gives the same alert the same Topic every time, and another alert another one', async () => {
		const sub = browserSubscription(service.endpoint('ok'));
		const push = channel();
		await push.send(alert(), recipient(sub.keys));
		// A repeat, as after a crash mid-delivery: even from a fresh channel (a restarted process).
		await pushChannel(keys, { agent: service.agent }).send(alert(), recipient(sub.keys));
		await push.send(alert({ key: `${INCIDENT}:${USER}:escalated`, reason: 'escalated' }), recipient(sub.keys));
		const topics = service.at(sub.keys.endpoint).map((r) => r.headers['topic']);
		expect(topics).toHaveLength(3);
		expect(topics[0]).toBe(topics[1]);
		expect(topics[2]).not.toBe(topics[0]);
		for (const topic of topics) expect(topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
		// Each message is encrypted afresh (new salt and sender key), yet tagged alike.
		const [first, second] = service.at(sub.keys.endpoint);
		expect(first!.body.equals(second!.body)).toBe(false);
		expect(JSON.parse(readMessage(first!, sub)).tag).toBe(JSON.parse(readMessage(second!, sub)).tag);
	});

	it('shortens a Step-2 text too long for one push message, and the message still fits', async () => {
		const sub = browserSubscription(service.endpoint('ok'));
		const long = alert({ body: 'Ứng cứu sự cố mạng tại bộ phận một cửa. '.repeat(400) });
		expect(Buffer.byteLength(long.body)).toBeGreaterThan(4096);
		const result = await channel().send(long, recipient(sub.keys));
		expect(result.ok).toBe(true);
		const [got] = service.at(sub.keys.endpoint);
		expect(got!.body.length).toBeLessThanOrEqual(4096);
		const payload = JSON.parse(readMessage(got!, sub)) as { body: string; title: string; tag: string };
		expect(payload.body.endsWith('…')).toBe(true);
		expect(long.body.startsWith(payload.body.slice(0, -1))).toBe(true);
		expect(payload.title).toBe(long.title);
		expect(payload.tag).toBe(long.key);
		expect(Buffer.byteLength(pushPayload(long))).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
	});

	it('is named push, always configured, and reaches only people with a subscription', () => {
		const push = channel();
		expect(push.name).toBe('push');
		expect(push.configured()).toBe(true);
		expect(push.reaches(recipient())).toBe(false);
		expect(push.reaches(recipient(browserSubscription(service.endpoint('ok')).keys))).toBe(true);
	});
});

describe('pushChannel: failures', () => {
	it('410 Gone: the endpoint is listed as gone and the alert is not retried', async () => {
		const sub = browserSubscription(service.endpoint('status/410'));
		const result = await channel().send(alert(), recipient(sub.keys));
		expect(result).toMatchObject({ ok: false, retry: false, gone: [sub.keys.endpoint] });
		expect(result.ok === false && result.error).toMatch(/^Dịch vụ push trả lời 410: thiết bị đã huỷ đăng ký/);
		expect(service.at(sub.keys.endpoint)).toHaveLength(1);
	});

	it('503: retried later, nothing gone', async () => {
		const sub = browserSubscription(service.endpoint('status/503'));
		const result = await channel().send(alert(), recipient(sub.keys));
		expect(result).toMatchObject({ ok: false, retry: true });
		expect(result).not.toHaveProperty('gone');
		expect(result.ok === false && result.error).toMatch(/^Dịch vụ push trả lời 503: lỗi tạm thời, sẽ thử lại/);
	});

	it.each([
		[404, false, true],
		[400, false, false],
		[401, false, false],
		[403, false, false],
		[413, false, false],
		[429, true, false],
		[500, true, false],
		[502, true, false]
	])('status %i → retry %s, gone %s', async (status, retry, gone) => {
		const sub = browserSubscription(service.endpoint(`status/${status}`));
		const result = await channel().send(alert(), recipient(sub.keys));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.retry).toBe(retry);
		expect(result.gone ?? []).toEqual(gone ? [sub.keys.endpoint] : []);
		expect(result.error).toContain(`Dịch vụ push trả lời ${status}:`);
		// No secrets in the log: neither the endpoint (a capability URL) nor any key.
		expect(result.error).not.toContain(sub.keys.endpoint);
		expect(result.error).not.toContain(keys.privateKey);
	});

	it('a push service that never answers: gives up after timeoutMs, retried later', async () => {
		const sub = browserSubscription(service.endpoint('silent'));
		const started = Date.now();
		const result = await channel({ timeoutMs: 300 }).send(alert(), recipient(sub.keys));
		const took = Date.now() - started;
		expect(result).toEqual({ ok: false, retry: true, error: 'Dịch vụ push không trả lời trong 0,3 giây, sẽ thử lại' });
		expect(service.at(sub.keys.endpoint)).toHaveLength(1); // it did arrive; no answer came
		expect(took).toBeGreaterThanOrEqual(250);
		expect(took).toBeLessThan(5000);
	});

	it('a push service that cannot be reached: retried later', async () => {
		const closed = https.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const sub = browserSubscription(`https://127.0.0.1:${port}/ok/x`);
		const result = await channel().send(alert(), recipient(sub.keys));
		expect(result).toEqual({ ok: false, retry: true, error: 'Không kết nối được dịch vụ push (ECONNREFUSED), sẽ thử lại' });
	});

	it('a push service whose certificate is not trusted: retried later, never sent in clear', async () => {
		const sub = browserSubscription(service.endpoint('ok'));
		const result = await pushChannel(keys, { timeoutMs: 2000 }).send(alert(), recipient(sub.keys));
		expect(result).toMatchObject({ ok: false, retry: true });
		expect(result.ok === false && result.error).toMatch(/^Không kết nối an toàn được tới dịch vụ push \(/);
		expect(service.at(sub.keys.endpoint)).toHaveLength(0);
	});

	it('malformed subscriptions: a clear error, not retried, nothing sent, no throw', async () => {
		const good = browserSubscription(service.endpoint('ok')).keys;
		const offCurve = Buffer.alloc(65, 7);
		offCurve[0] = 4;
		const cases: [PushSubscriptionKeys, string][] = [
			[{ ...good, p256dh: 'không-phải-khoá' }, 'Đăng ký push không hợp lệ: khoá p256dh sai'],
			[{ ...good, p256dh: randomBytes(40).toString('base64url') }, 'Đăng ký push không hợp lệ: khoá p256dh sai'],
			[{ ...good, p256dh: offCurve.toString('base64url') }, 'Đăng ký push không hợp lệ: khoá p256dh sai'],
			[{ ...good, p256dh: '' }, 'Đăng ký push không hợp lệ: khoá p256dh sai'],
			[{ ...good, auth: randomBytes(4).toString('base64url') }, 'Đăng ký push không hợp lệ: khoá auth sai'],
			[{ ...good, endpoint: good.endpoint.replace('https:', 'http:') }, 'Đăng ký push không hợp lệ: địa chỉ endpoint phải là https'],
			[{ ...good, endpoint: 'rác' }, 'Đăng ký push không hợp lệ: địa chỉ endpoint phải là https'],
			[{ endpoint: null, p256dh: null, auth: null } as unknown as PushSubscriptionKeys, 'Đăng ký push không hợp lệ: địa chỉ endpoint phải là https']
		];
		for (const [sub, error] of cases) {
			expect(checkPushSubscription(sub)).toBe(error);
			await expect(channel().send(alert(), recipient(sub))).resolves.toEqual({ ok: false, retry: false, error });
		}
		expect(checkPushSubscription(good)).toBeNull();
		expect(service.received).toHaveLength(0);
	});

	it('nobody subscribed: not retried', async () => {
		await expect(channel().send(alert(), recipient())).resolves.toEqual({
			ok: false,
			retry: false,
			error: 'Người nhận chưa bật thông báo đẩy trên thiết bị nào'
		});
	});
});

describe('pushChannel: a person with several devices', () => {
	it('one device gone, one takes the alert: ok, and the gone endpoint is listed for removal', async () => {
		const phone = browserSubscription(service.endpoint('ok'));
		const oldTablet = browserSubscription(service.endpoint('status/410'));
		const result = await channel().send(alert(), recipient(oldTablet.keys, phone.keys));
		expect(result).toEqual({ ok: true, detail: 'Đã gửi tới 1/2 thiết bị', gone: [oldTablet.keys.endpoint] });
		expect(JSON.parse(readMessage(service.at(phone.keys.endpoint)[0]!, phone)).tag).toBe(alert().key);
	});

	it('a malformed subscription does not cost the other devices the alert', async () => {
		const phone = browserSubscription(service.endpoint('ok'));
		const broken = { ...browserSubscription(service.endpoint('ok')).keys, p256dh: 'xx' };
		const result = await channel().send(alert(), recipient(broken, phone.keys));
		expect(result).toEqual({ ok: true, detail: 'Đã gửi tới 1/2 thiết bị' });
		expect(service.at(phone.keys.endpoint)).toHaveLength(1);
	});

	it('one gone and one failing for now: retried later, the gone one still listed', async () => {
		const gone = browserSubscription(service.endpoint('status/404'));
		const busy = browserSubscription(service.endpoint('status/503'));
		const result = await channel().send(alert(), recipient(gone.keys, busy.keys));
		expect(result).toMatchObject({ ok: false, retry: true, gone: [gone.keys.endpoint] });
		expect(result.ok === false && result.error).toMatch(/^2 thiết bị: Dịch vụ push trả lời 404: .*; Dịch vụ push trả lời 503: /);
	});

	it('all gone: not retried, all listed', async () => {
		const a = browserSubscription(service.endpoint('status/410'));
		const b = browserSubscription(service.endpoint('status/404'));
		const result = await channel().send(alert(), recipient(a.keys, b.keys));
		expect(result).toMatchObject({ ok: false, retry: false, gone: [a.keys.endpoint, b.keys.endpoint] });
	});
});

describe('loadVapidKeys', () => {
	it('makes a key pair once and returns the same one afterwards', async () => {
		const again = await loadVapidKeys(t.db, { VAPID_SUBJECT: SUBJECT });
		expect(again).toEqual(keys);
		expect(keys.subject).toBe(SUBJECT);
		expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
		expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
		const rows = await t.db.select().from(appMeta).where(eq(appMeta.key, VAPID_META_KEY));
		expect(rows).toHaveLength(1);
		expect(JSON.parse(rows[0]!.value)).toEqual({ publicKey: keys.publicKey, privateKey: keys.privateKey });
	});

	it('the stored private key matches the public one (a signature verifies)', () => {
		const priv = Buffer.from(keys.privateKey, 'base64url');
		const pub = Buffer.from(keys.publicKey, 'base64url');
		const ecdh = createECDH('prime256v1');
		ecdh.setPrivateKey(priv);
		expect(ecdh.getPublicKey().equals(pub)).toBe(true);
	});

	it('calls racing on one database end with one pair', async () => {
		await t.db.delete(appMeta);
		const all = await Promise.all(Array.from({ length: 5 }, () => loadVapidKeys(t.db, {})));
		for (const k of all) expect(k).toEqual(all[0]);
		expect(await t.db.select().from(appMeta).where(eq(appMeta.key, VAPID_META_KEY))).toHaveLength(1);
	});

	it('takes the subject from VAPID_SUBJECT, defaults it, and refuses a typo', async () => {
		expect((await loadVapidKeys(t.db, {})).subject).toBe(DEFAULT_VAPID_SUBJECT);
		expect((await loadVapidKeys(t.db, { VAPID_SUBJECT: ' https://ucmc.example.vn/lien-he ' })).subject).toBe(
			'https://ucmc.example.vn/lien-he'
		);
		await expect(loadVapidKeys(t.db, { VAPID_SUBJECT: 'it@example.vn' })).rejects.toThrow(/VAPID_SUBJECT must be a mailto: or https: URL/);
		await expect(loadVapidKeys(t.db, { VAPID_SUBJECT: 'http://example.vn' })).rejects.toThrow(/VAPID_SUBJECT/);
	});

	it('a damaged stored pair is reported, not silently replaced', async () => {
		await t.db.update(appMeta).set({ value: '{"publicKey":"abc"}' }).where(eq(appMeta.key, VAPID_META_KEY));
		await expect(loadVapidKeys(t.db, {})).rejects.toThrow(/stored VAPID key pair .* is damaged/);
		const [row] = await t.db.select().from(appMeta).where(eq(appMeta.key, VAPID_META_KEY));
		expect(row!.value).toBe('{"publicKey":"abc"}');
	});

	it.skipIf(!onPostgres)(
		'two server processes starting at once on one PostgreSQL end with one pair (PostgreSQL only: PGlite has one connection; runs in the TEST_DATABASE_URL pass)',
		async () => {
			const scratch = await createScratchDatabase('vapid');
			const first = await openDatabase({ databaseUrl: scratch.url, dataDir: null });
			const second = await openDatabase({ databaseUrl: scratch.url, dataDir: null });
			try {
				await first.migrate(MIGRATIONS_DIR);
				const all = await Promise.all([
					...Array.from({ length: 4 }, () => loadVapidKeys(first.db, {})),
					...Array.from({ length: 4 }, () => loadVapidKeys(second.db, {}))
				]);
				for (const k of all) expect(k).toEqual(all[0]);
				expect(await first.db.select().from(appMeta)).toHaveLength(1);
			} finally {
				await first.close();
				await second.close();
				await scratch.drop();
			}
		}
	);
});
