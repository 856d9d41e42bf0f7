/**
 * The e-mail channel over real SMTP on loopback (the smtp-server package): what arrives
 * (subject, a stable Message-ID per key, the Vietnamese text decoded, the incident header),
 * and what the delivery log is told when the password is wrong or the server is down.
 * Queuing until the server returns is the delivery layer's job, tested there.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Recipient } from '$lib/server/notify/channel';
import { emailChannel, messageIdFor, readEmailConfig, type EmailConfig } from '$lib/server/notify/channels/email';

const USER = 'canhbao@ucmc.example.vn';
const PASS = 'mật-khẩu-đúng-123';
const FROM = 'Ứng Cứu Một Cửa <noreply@ucmc.example.vn>';
const INCIDENT = '0b9e4a52-6c1d-4f7e-9a11-2f6f0c3d8e71';
const LEADER = '5f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

const BODY = [
	'Loại: Lỗi phần mềm một cửa điện tử',
	'Mô tả: Không ký số được hồ sơ đăng ký khai sinh, báo lỗi chứng thư',
	'Phạm vi: Toàn bộ Bộ phận Một cửa',
	'Từ: 08:15 hôm nay',
	'Ảnh hưởng: Tiếp nhận hồ sơ đang bị dừng lại',
	'Người báo: Nguyễn Thị Hồng Nhung'
].join('\n');

function alert(overrides: Partial<Alert> = {}): Alert {
	return {
		incidentId: INCIDENT,
		reason: 'complex_leader',
		title: '[SỰ CỐ PHỨC TẠP] Phường Thái Hòa',
		body: BODY,
		url: `https://ucmc.example.vn/su-co/${INCIDENT}`,
		key: `${INCIDENT}:complex_leader:${LEADER}`,
		...overrides
	};
}

const leader: Recipient = {
	userId: LEADER,
	fullName: 'Trần Văn Đức',
	phone: '+84912000102',
	email: 'duc.tv@phuongthaihoa.example.vn',
	pushSubscriptions: []
};

interface Received {
	raw: Buffer;
	mail: ParsedMail;
	envelopeTo: string[];
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];
/** What RCPT TO answers (to play a mailbox that is full, or gone). */
let rcptError: SMTPServerError | null = null;

beforeAll(async () => {
	server = new SMTPServer({
		logger: false,
		// Plain SMTP on loopback; the real server's TLS is nodemailer's business, not ours.
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		onAuth(auth, _session, callback) {
			if (auth.username === USER && auth.password === PASS) callback(null, { user: auth.username });
			else callback(new Error('Authentication credentials invalid'));
		},
		onRcptTo(_address, _session, callback) {
			callback(rcptError);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', async () => {
				const raw = Buffer.concat(chunks);
				received.push({ raw, mail: await simpleParser(raw), envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
	received.length = 0;
	rcptError = null;
});

function config(env: Record<string, string> = {}): EmailConfig {
	const cfg = readEmailConfig({
		SMTP_HOST: '127.0.0.1',
		SMTP_PORT: String(port),
		SMTP_USER: USER,
		SMTP_PASS: PASS,
		SMTP_FROM: FROM,
		...env
	});
	if (!cfg) throw new Error('expected a configuration');
	return { ...cfg, timeoutMs: 2_000 };
}

/** A port nothing listens on: taken from the system, then let go. */
async function deadPort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const free = (probe.address() as AddressInfo).port;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return free;
}

describe('e-mail over SMTP', () => {
	it('delivers the Step-2 text with subject, a Message-ID from the key and the incident header', async () => {
		const channel = emailChannel(config());
		expect(channel.name).toBe('email');
		expect(channel.configured()).toBe(true);

		const result = await channel.send(alert(), leader);
		expect(result).toMatchObject({ ok: true });

		expect(received).toHaveLength(1);
		const { mail, raw, envelopeTo } = received[0]!;
		expect(envelopeTo).toEqual([leader.email]);
		expect(mail.subject).toBe('[SỰ CỐ PHỨC TẠP] Phường Thái Hòa');
		expect(mail.text?.trimEnd()).toBe(`${BODY}\n\n${alert().url}`);
		expect(mail.messageId).toBe(`<${INCIDENT}=3Acomplex_leader=3A${LEADER}@ucmc.example.vn>`);
		expect(mail.headers.get('x-ucmc-incident')).toBe(INCIDENT);
		expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
		expect(mail.from?.value).toEqual([{ name: 'Ứng Cứu Một Cửa', address: 'noreply@ucmc.example.vn' }]);
		expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : null).toEqual([
			{ name: 'Trần Văn Đức', address: 'duc.tv@phuongthaihoa.example.vn' }
		]);

		// On the wire: UTF-8, encoded for 7-bit transport — never raw 8-bit bytes in the body.
		const wire = raw.toString('latin1');
		expect(wire).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
		expect(wire).toMatch(/Content-Transfer-Encoding: (quoted-printable|base64)/i);
		expect(raw.every((byte) => byte < 0x80)).toBe(true);
	});

	it('sends the same Message-ID for the same key, so a repeat after a crash collapses', async () => {
		const channel = emailChannel(config());
		expect(await channel.send(alert(), leader)).toMatchObject({ ok: true });
		expect(await channel.send(alert(), leader)).toMatchObject({ ok: true });
		expect(await channel.send(alert({ key: `${INCIDENT}:escalated:${LEADER}` }), leader)).toMatchObject({ ok: true });

		const ids = received.map((r) => r.mail.messageId);
		expect(ids).toHaveLength(3);
		expect(ids[0]).toBe(ids[1]);
		expect(ids[2]).not.toBe(ids[0]);
		// A fresh channel (a restarted server) makes the same id too.
		expect(ids[0]).toBe(messageIdFor(alert().key, 'ucmc.example.vn'));
	});

	it('delivers through SMTP_URL just the same', async () => {
		const cfg = readEmailConfig({
			SMTP_URL: `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
			SMTP_FROM: FROM
		});
		expect(await emailChannel(cfg).send(alert(), leader)).toMatchObject({ ok: true });
		expect(received[0]!.mail.subject).toBe('[SỰ CỐ PHỨC TẠP] Phường Thái Hòa');
	});

	it('does not repeat the link when the Step-2 text already ends with it', async () => {
		const withLink = `${BODY}\n${alert().url}`;
		await emailChannel(config()).send(alert({ body: withLink }), leader);
		expect(received[0]!.mail.text?.trimEnd()).toBe(withLink);
	});

	it('a wrong password: not retried, a Vietnamese message, no secret in it', async () => {
		const wrong = 'mật-khẩu-sai-999';
		const result = await emailChannel(config({ SMTP_PASS: wrong })).send(alert(), leader);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.retry).toBe(false);
		expect(result.error).toContain('Máy chủ thư từ chối đăng nhập (sai tên hoặc mật khẩu SMTP)');
		expect(result.error).not.toContain(wrong);
		expect(result.error).not.toContain(PASS);
		expect(received).toHaveLength(0);
	});

	it('the SMTP server down: retried', async () => {
		const result = await emailChannel(config({ SMTP_PORT: String(await deadPort()) })).send(alert(), leader);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.retry).toBe(true);
		expect(result.error).toMatch(/Không kết nối được máy chủ thư/);
		expect(result.error).not.toContain(PASS);
	});

	it('a server that accepts the connection but never greets: retried after the timeout', async () => {
		const sockets: net.Socket[] = [];
		const silent = net.createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const cfg = { ...config({ SMTP_PORT: String((silent.address() as AddressInfo).port) }), timeoutMs: 300 };
			const started = Date.now();
			const result = await emailChannel(cfg).send(alert(), leader);
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(result).toMatchObject({ ok: false, retry: true });
			if (!result.ok) expect(result.error).toMatch(/không trả lời kịp/);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => silent.close(() => resolve()));
		}
	});

	it('a 4xx reply is retried, a 5xx reject is not', async () => {
		const channel = emailChannel(config());
		rcptError = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
		const later = await channel.send(alert(), leader);
		expect(later).toMatchObject({ ok: false, retry: true });

		rcptError = Object.assign(new Error('No such user here'), { responseCode: 550 });
		const never = await channel.send(alert(), leader);
		expect(never).toMatchObject({ ok: false, retry: false });
		if (!never.ok) expect(never.error).toMatch(/từ chối địa chỉ người nhận \(550\)/);
		expect(received).toHaveLength(0);
	});

	it('reaches a person with an e-mail address only', () => {
		const channel = emailChannel(config());
		expect(channel.reaches(leader)).toBe(true);
		expect(channel.reaches({ ...leader, email: null })).toBe(false);
		expect(channel.reaches({ ...leader, email: '  ' })).toBe(false);
	});
});

describe('readEmailConfig', () => {
	it('is off when nothing is set', () => {
		expect(readEmailConfig({})).toBeNull();
		const channel = emailChannel(readEmailConfig({}));
		expect(channel.configured()).toBe(false);
	});

	it('reads SMTP_URL, taking From from the environment', () => {
		const cfg = readEmailConfig({ SMTP_URL: 'smtp://user%40x.vn:p%40ss@mail.example.vn:587', SMTP_FROM: FROM });
		expect(cfg).toMatchObject({ url: 'smtp://user%40x.vn:p%40ss@mail.example.vn:587', user: 'user@x.vn', pass: 'p@ss', domain: 'ucmc.example.vn' });
		expect(cfg?.timeoutMs).toBe(10_000);
	});

	it('reads the separate variables; port 465 means TLS from the start', () => {
		expect(readEmailConfig({ SMTP_HOST: 'mail.example.vn', SMTP_PORT: '465', SMTP_FROM: 'noreply@example.vn' })).toMatchObject({
			host: 'mail.example.vn',
			port: 465,
			secure: true,
			user: null,
			domain: 'example.vn'
		});
		expect(readEmailConfig({ SMTP_HOST: 'h', SMTP_PORT: '587', SMTP_SECURE: '0', SMTP_FROM: 'a@b.vn' })?.secure).toBe(false);
		// The user's address serves as From when SMTP_FROM is not set.
		expect(readEmailConfig({ SMTP_HOST: 'h', SMTP_USER: 'a@b.vn', SMTP_PASS: 'x' })?.from).toBe('a@b.vn');
	});

	it('refuses a half-made setting, naming the variable and never echoing a password', () => {
		expect(() => readEmailConfig({ SMTP_FROM: FROM })).toThrow(/SMTP_FROM set without SMTP_URL or SMTP_HOST/);
		expect(() => readEmailConfig({ SMTP_HOST: 'h' })).toThrow(/SMTP_FROM is required/);
		expect(() => readEmailConfig({ SMTP_HOST: 'h', SMTP_FROM: 'Ứng Cứu' })).toThrow(/no e-mail address/);
		expect(() => readEmailConfig({ SMTP_HOST: 'h', SMTP_FROM: FROM, SMTP_PORT: 'abc' })).toThrow(/SMTP_PORT/);
		expect(() => readEmailConfig({ SMTP_HOST: 'h', SMTP_FROM: FROM, SMTP_SECURE: 'yes' })).toThrow(/SMTP_SECURE/);
		expect(() => readEmailConfig({ SMTP_HOST: 'h', SMTP_FROM: FROM, SMTP_USER: 'u' })).toThrow(/SMTP_USER and SMTP_PASS/);
		expect(() => readEmailConfig({ SMTP_URL: 'http://u:secret@h', SMTP_FROM: FROM })).toThrow(/smtp:\/\//);
		expect(() => readEmailConfig({ SMTP_URL: 'not a url secret', SMTP_FROM: FROM })).toThrow(
			expect.objectContaining({ message: expect.not.stringContaining('secret') })
		);
	});
});
