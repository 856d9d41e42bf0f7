/**
 * The Zalo ZNS and SMS-webhook channels against a local HTTP endpoint that checks each
 * request as the real API would: method, path, headers, the JSON shape key by key, the phone
 * as 84… without "+", the stable tracking id — and answers as the real API answers, success
 * and failure, so the retry decision is checked on each.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Recipient } from '$lib/server/notify/channel';
import { readSmsConfig, smsText, smsWebhookChannel, type SmsConfig } from '$lib/server/notify/channels/sms-webhook';
import {
	readZnsConfig,
	ZNS_DEFAULT_ENDPOINT,
	ZNS_LIMITS,
	ZNS_TOKEN_EXPIRED,
	ZNS_TRACKING_ID_MAX,
	znsChannel,
	znsTrackingId,
	type ZnsConfig
} from '$lib/server/notify/channels/zns';
import { SMS_TEXT_MAX } from '$lib/domain/step2-text';

const TOKEN = 'zalo-oa-access-token-ABC123';
const TEMPLATE = '412345';
const SMS_TOKEN = 'sms-gateway-secret-XYZ';
const INCIDENT = '0b9e4a52-6c1d-4f7e-9a11-2f6f0c3d8e71';
const LEADER = '5f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const URL_ = `https://ucmc.example.vn/su-co/${INCIDENT}`;

const BODY = [
	'[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
	'Loại: Lỗi phần mềm một cửa điện tử',
	'Mô tả: Không ký số được hồ sơ đăng ký khai sinh, báo lỗi chứng thư',
	'Phạm vi: Toàn bộ Bộ phận Một cửa',
	'Từ: 08:15 hôm nay',
	'Ảnh hưởng: Tiếp nhận hồ sơ đang bị dừng lại',
	'Người báo: Nguyễn Thị Hồng Nhung',
	URL_
].join('\n');

function alert(overrides: Partial<Alert> = {}): Alert {
	return {
		incidentId: INCIDENT,
		reason: 'complex_leader',
		title: '[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
		body: BODY,
		url: URL_,
		key: `${INCIDENT}:complex_leader:${LEADER}`,
		...overrides
	};
}

const leader: Recipient = {
	userId: LEADER,
	fullName: 'Trần Văn Đức',
	phone: '+84912000102',
	email: null,
	pushSubscriptions: []
};

interface Seen {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	json: Record<string, unknown>;
}

type Reply = { status: number; body?: unknown } | 'hang';

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let reply: Reply = { status: 200 };

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			let json: Record<string, unknown> = {};
			try {
				json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				// Checked by the test: a body that is not JSON leaves `json` empty.
			}
			seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, json });
			if (reply === 'hang') return;
			res.writeHead(reply.status, { 'content-type': 'application/json' });
			res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
	// A hanging request needs no cleaning here: the channel's timeout aborts it, which closes
	// its socket. (Dropping the server's connections between tests would also drop fetch's
	// pooled keep-alive sockets under it, and fail the next test's request.)
	seen.length = 0;
	reply = { status: 200 };
});

const NOW = new Date('2026-11-25T01:05:00Z'); // 08:05 in Vietnam

function zns(overrides: Partial<ZnsConfig> = {}) {
	const cfg = readZnsConfig({ ZNS_ACCESS_TOKEN: TOKEN, ZNS_TEMPLATE_ID: TEMPLATE, ZNS_ENDPOINT: `${base}/message/template` });
	if (!cfg) throw new Error('expected a configuration');
	return znsChannel({ ...cfg, timeoutMs: 1_000, ...overrides }, { now: () => NOW });
}

const ZALO_OK = {
	error: 0,
	message: 'Success',
	data: { msg_id: 'a1b2c3d4e5', sent_time: '1764032700000', quota: { dailyQuota: '500', remainingQuota: '499' } }
};

describe('Zalo ZNS', () => {
	it('posts the documented request: header, JSON shape, phone as 84… without "+", tracking_id', async () => {
		reply = { status: 200, body: ZALO_OK };
		const channel = zns();
		expect(channel.name).toBe('zns');
		expect(channel.configured()).toBe(true);

		const result = await channel.send(alert(), leader);
		expect(result).toEqual({ ok: true, detail: 'msg_id a1b2c3d4e5' });

		expect(seen).toHaveLength(1);
		const request = seen[0]!;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/message/template');
		expect(request.headers['access_token']).toBe(TOKEN);
		expect(request.headers['content-type']).toMatch(/^application\/json\b/);
		expect(request.headers['authorization']).toBeUndefined();

		expect(Object.keys(request.json).sort()).toEqual(['phone', 'template_data', 'template_id', 'tracking_id']);
		expect(request.json.phone).toBe('84912000102');
		expect(request.json.template_id).toBe(TEMPLATE);
		expect(request.json.tracking_id).toBe(znsTrackingId(alert().key));

		const data = request.json.template_data as Record<string, string>;
		expect(Object.keys(data).sort()).toEqual(['link', 'summary', 'time', 'title']);
		expect(data.title).toBe('[SỰ CỐ PHỨC TẠP] Phường Thái Hòa');
		expect(data.time).toBe('25/11/2026 08:05');
		expect(data.link).toBe(URL_);
		// The facts on one line, without the title and the link they repeat.
		expect(data.summary).toMatch(/^Loại: Lỗi phần mềm một cửa điện tử; Mô tả: Không ký số/);
		expect(data.summary).not.toContain('\n');
		expect(data.summary).not.toContain(URL_);
		const chars = (s: string) => Array.from(s).length;
		expect(chars(data.title!)).toBeLessThanOrEqual(ZNS_LIMITS.title);
		expect(chars(data.summary!)).toBeLessThanOrEqual(ZNS_LIMITS.summary);
		expect(Object.values(data).reduce((sum, v) => sum + chars(v), 0)).toBeLessThanOrEqual(ZNS_LIMITS.data);
	});

	it("keeps the tracking_id within Zalo's 48 characters, the same for the same key, different per recipient", async () => {
		reply = { status: 200, body: ZALO_OK };
		const channel = zns();
		await channel.send(alert(), leader);
		await channel.send(alert(), leader);
		await channel.send(alert({ key: `${INCIDENT}:complex_leader:6a1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e40` }), leader);
		const ids = seen.map((s) => s.json.tracking_id as string);
		expect(ids[0]).toBe(ids[1]);
		expect(ids[2]).not.toBe(ids[0]);
		for (const id of ids) expect(id.length).toBeLessThanOrEqual(ZNS_TRACKING_ID_MAX);
		// A short, plain key goes as it is.
		expect(znsTrackingId('test:2026-11-25')).toBe('test:2026-11-25');
	});

	it('writes any stored form of a Vietnamese number as 84…', async () => {
		reply = { status: 200, body: ZALO_OK };
		await zns().send(alert(), { ...leader, phone: '0912 000 102' });
		expect(seen[0]!.json.phone).toBe('84912000102');
	});

	it('an expired access token (-124): not retried, and the log says to issue a new one', async () => {
		reply = { status: 200, body: { error: -124, message: 'Access token invalid' } };
		const result = await zns().send(alert(), leader);
		expect(result).toEqual({ ok: false, retry: false, error: ZNS_TOKEN_EXPIRED });
		expect(ZNS_TOKEN_EXPIRED).toContain('Mã truy cập Zalo đã hết hạn — cần cấp lại');
		expect(JSON.stringify(result)).not.toContain(TOKEN);

		// Zalo's OA APIs say it with -216; any code whose message names the token means the same.
		reply = { status: 200, body: { error: -216, message: 'Access token has expired' } };
		expect(await zns().send(alert(), leader)).toMatchObject({ ok: false, retry: false, error: ZNS_TOKEN_EXPIRED });
	});

	it('a phone number Zalo refuses (-108), or one that is no phone at all: not retried', async () => {
		reply = { status: 200, body: { error: -108, message: 'Phone number invalid' } };
		const refused = await zns().send(alert(), leader);
		expect(refused).toMatchObject({ ok: false, retry: false });
		if (!refused.ok) expect(refused.error).toMatch(/Zalo không nhận số điện thoại \+84912000102/);

		seen.length = 0;
		const malformed = await zns().send(alert(), { ...leader, phone: '12345' });
		expect(malformed).toMatchObject({ ok: false, retry: false });
		if (!malformed.ok) expect(malformed.error).toMatch(/không đúng định dạng/);
		// A foreign number has no ZNS.
		const foreign = await zns().send(alert(), { ...leader, phone: '+14155550100' });
		expect(foreign).toMatchObject({ ok: false, retry: false });
		expect(seen).toHaveLength(0);
	});

	it('Zalo\'s "unknown error" (-100) is retried; another rejection (template) is not', async () => {
		reply = { status: 200, body: { error: -100, message: 'Unknown error' } };
		expect(await zns().send(alert(), leader)).toMatchObject({ ok: false, retry: true });
		reply = { status: 200, body: { error: -109, message: 'Template ID invalid' } };
		const template = await zns().send(alert(), leader);
		expect(template).toMatchObject({ ok: false, retry: false });
		if (!template.ok) expect(template.error).toContain('Template ID invalid');
	});

	it('an answer without a numeric error code is not taken for success', async () => {
		reply = { status: 200, body: { error: null, message: 'Success' } };
		expect(await zns().send(alert(), leader)).toMatchObject({ ok: false, retry: true });
	});

	it('HTTP 503 is retried', async () => {
		reply = { status: 503, body: { message: 'Service Unavailable' } };
		expect(await zns().send(alert(), leader)).toMatchObject({ ok: false, retry: true });
	});

	it('an endpoint that never answers is retried after the timeout', async () => {
		reply = 'hang';
		const started = Date.now();
		const result = await zns({ timeoutMs: 300 }).send(alert(), leader);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result).toMatchObject({ ok: false, retry: true });
		if (!result.ok) expect(result.error).toMatch(/không trả lời kịp/);
		expect(seen).toHaveLength(1);
	});

	it('nothing listening (a port taken from the system, then let go) is retried', async () => {
		const probe = http.createServer();
		await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
		const free = (probe.address() as AddressInfo).port;
		await new Promise<void>((resolve) => probe.close(() => resolve()));
		const result = await zns({ endpoint: `http://127.0.0.1:${free}/message/template` }).send(alert(), leader);
		expect(result).toMatchObject({ ok: false, retry: true });
	});

	it('reaches a person with a phone number only', () => {
		const channel = zns();
		expect(channel.reaches(leader)).toBe(true);
		expect(channel.reaches({ ...leader, phone: null })).toBe(false);
		expect(channel.reaches({ ...leader, phone: ' ' })).toBe(false);
	});

	it('readZnsConfig: off when unset, the official endpoint by default, a half-setting refused', () => {
		expect(readZnsConfig({})).toBeNull();
		expect(znsChannel(readZnsConfig({})).configured()).toBe(false);
		expect(readZnsConfig({ ZNS_ACCESS_TOKEN: 't', ZNS_TEMPLATE_ID: '1' })).toEqual({
			accessToken: 't',
			templateId: '1',
			endpoint: ZNS_DEFAULT_ENDPOINT,
			timeoutMs: 10_000
		});
		expect(ZNS_DEFAULT_ENDPOINT).toBe('https://business.openapi.zalo.me/message/template');
		expect(() => readZnsConfig({ ZNS_ACCESS_TOKEN: 't' })).toThrow(/ZNS_TEMPLATE_ID/);
		expect(() => readZnsConfig({ ZNS_TEMPLATE_ID: '1' })).toThrow(/ZNS_ACCESS_TOKEN/);
		expect(() => readZnsConfig({ ZNS_ACCESS_TOKEN: 't', ZNS_TEMPLATE_ID: '1', ZNS_ENDPOINT: 'ftp://x' })).toThrow(/ZNS_ENDPOINT/);
	});
});

function sms(overrides: Partial<SmsConfig> = {}) {
	const cfg = readSmsConfig({ SMS_WEBHOOK_URL: `${base}/sms/send`, SMS_WEBHOOK_TOKEN: SMS_TOKEN });
	if (!cfg) throw new Error('expected a configuration');
	return smsWebhookChannel({ ...cfg, timeoutMs: 1_000, ...overrides });
}

describe('SMS webhook', () => {
	it('posts { to, text, id } with the Bearer token; any 2xx is success', async () => {
		reply = { status: 202, body: { queued: true } };
		const channel = sms();
		expect(channel.name).toBe('sms');
		expect(channel.configured()).toBe(true);

		const result = await channel.send(alert(), leader);
		expect(result).toMatchObject({ ok: true });

		const request = seen[0]!;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/sms/send');
		expect(request.headers['authorization']).toBe(`Bearer ${SMS_TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^application\/json\b/);
		expect(request.headers['idempotency-key']).toBe(alert().key);
		expect(Object.keys(request.json).sort()).toEqual(['id', 'text', 'to']);
		expect(request.json.to).toBe('84912000102');
		expect(request.json.id).toBe(alert().key);

		const text = request.json.text as string;
		expect(text.length).toBeLessThanOrEqual(480);
		expect(text.startsWith('[SỰ CỐ PHỨC TẠP] Phường Thái Hòa\nLoại:')).toBe(true);
		expect(text.endsWith(`\n${URL_}`)).toBe(true);
		// Title and link once each, though the Step-2 text carries them too.
		expect(text.split(URL_)).toHaveLength(2);
		expect(text.split('[SỰ CỐ PHỨC TẠP]')).toHaveLength(2);
	});

	it('a long text is cut in the facts, never in the link, to at most 480 characters', () => {
		const long = alert({ body: `Mô tả: ${'Máy chủ một cửa điện tử không phản hồi. '.repeat(30)}` });
		const text = smsText(long);
		expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX);
		expect(SMS_TEXT_MAX).toBeLessThanOrEqual(480);
		expect(text.endsWith(`…\n${URL_}`)).toBe(true);
	});

	it('sends no Authorization header without a token', async () => {
		reply = { status: 200, body: { ok: true } };
		expect(await sms({ token: null }).send(alert(), leader)).toMatchObject({ ok: true });
		expect(seen[0]!.headers['authorization']).toBeUndefined();
	});

	it('400 is not retried; 429, 408 and 503 are', async () => {
		reply = { status: 400, body: { error: 'invalid "to"' } };
		const bad = await sms().send(alert(), leader);
		expect(bad).toMatchObject({ ok: false, retry: false });
		if (!bad.ok) expect(bad.error).toMatch(/HTTP 400/);

		for (const status of [429, 408, 503]) {
			reply = { status, body: { error: 'later' } };
			expect(await sms().send(alert(), leader)).toMatchObject({ ok: false, retry: true });
		}
	});

	it('a rejected token (401) is not retried and says which setting to check, without the token', async () => {
		reply = { status: 401, body: { error: `bad token ${SMS_TOKEN}` } };
		const result = await sms().send(alert(), leader);
		expect(result).toMatchObject({ ok: false, retry: false });
		if (!result.ok) expect(result.error).toMatch(/SMS_WEBHOOK_TOKEN/);
		expect(JSON.stringify(result)).not.toContain(SMS_TOKEN);
	});

	it('an endpoint that never answers is retried after the timeout', async () => {
		reply = 'hang';
		const result = await sms({ timeoutMs: 300 }).send(alert(), leader);
		expect(result).toMatchObject({ ok: false, retry: true });
	});

	it('reaches a person with a phone number; a malformed one is reported, not sent', async () => {
		const channel = sms();
		expect(channel.reaches(leader)).toBe(true);
		expect(channel.reaches({ ...leader, phone: null })).toBe(false);
		const result = await channel.send(alert(), { ...leader, phone: 'abc' });
		expect(result).toMatchObject({ ok: false, retry: false });
		expect(seen).toHaveLength(0);
	});

	it('readSmsConfig: off when unset; a token without a URL, or a URL that is not http(s), refused', () => {
		expect(readSmsConfig({})).toBeNull();
		expect(smsWebhookChannel(readSmsConfig({})).configured()).toBe(false);
		expect(readSmsConfig({ SMS_WEBHOOK_URL: 'https://sms.example.vn/send' })).toEqual({
			url: 'https://sms.example.vn/send',
			token: null,
			timeoutMs: 10_000
		});
		expect(() => readSmsConfig({ SMS_WEBHOOK_TOKEN: 'x' })).toThrow(/SMS_WEBHOOK_URL/);
		expect(() => readSmsConfig({ SMS_WEBHOOK_URL: 'sms.example.vn' })).toThrow(/http/);
	});
});
