/**
 * E-mail over SMTP (nodemailer): the Step-2 text as plain UTF-8, one message per recipient,
 * with a Message-ID built from the alert's key — the same key gives the same Message-ID, so
 * a message sent again after a crash mid-delivery is collapsed by the mail client.
 *
 * Off until configured (SMTP_URL or SMTP_HOST, and SMTP_FROM). Every failure comes back as
 * words for the delivery log, never a secret, and says whether trying again can help.
 */
import nodemailer, { type SMTPTransportOptions } from 'nodemailer';
import type { Alert, Channel, Recipient, SendResult } from '../channel';

export interface EmailConfig {
	/** SMTP_URL (smtp://user:pass@host:587, smtps://… for TLS from the start); or the parts below. */
	url: string | null;
	host: string | null;
	port: number | null;
	/** TLS from the first byte (port 465). null: nodemailer decides (465 → yes, else STARTTLS when offered). */
	secure: boolean | null;
	user: string | null;
	pass: string | null;
	/** The From header, e.g. "Ứng Cứu Một Cửa <noreply@ubnd.example.vn>". */
	from: string;
	/** The domain of the From address: the right-hand side of every Message-ID. */
	domain: string;
	/** Connection, greeting and idle-socket timeout. */
	timeoutMs: number;
}

type Env = Record<string, string | undefined>;

export const EMAIL_TIMEOUT_MS = 10_000;

const SMTP_VARIABLES = ['SMTP_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASS', 'SMTP_SECURE', 'SMTP_FROM'];

/**
 * The e-mail settings, or null when no SMTP server is configured. A half-made setting
 * (a port with no host, a user with no password, a From without an address) is refused
 * at start with the variable's name, rather than found out at the first incident.
 */
export function readEmailConfig(env: Env = process.env): EmailConfig | null {
	const value = (name: string) => env[name]?.trim() || null;
	const url = value('SMTP_URL');
	const host = value('SMTP_HOST');
	if (!url && !host) {
		const stray = SMTP_VARIABLES.filter((name) => value(name));
		if (stray.length > 0) throw new Error(`${stray.join(', ')} set without SMTP_URL or SMTP_HOST.`);
		return null;
	}
	if (url && host) throw new Error('Set SMTP_URL or SMTP_HOST (with SMTP_PORT…), not both.');

	let user = value('SMTP_USER');
	let pass = env.SMTP_PASS || null;
	let port: number | null = null;
	let secure = readSecure(value('SMTP_SECURE'));
	if (url) {
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			// Not echoed: the URL carries the password.
			throw new Error('SMTP_URL is not a URL (expected smtp://user:password@host:587).');
		}
		if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
			throw new Error('SMTP_URL must start with smtp:// or smtps://.');
		}
		if (value('SMTP_PORT') || user || pass) throw new Error('With SMTP_URL, put port, user and password in the URL.');
		user = parsed.username ? decodeURIComponent(parsed.username) : null;
		pass = parsed.password ? decodeURIComponent(parsed.password) : null;
	} else {
		port = readPort(value('SMTP_PORT'));
		if (secure === null && port === 465) secure = true;
	}
	if (url && secure !== null) throw new Error('With SMTP_URL, choose TLS by the scheme (smtps://), not SMTP_SECURE.');
	if ((user === null) !== (pass === null)) throw new Error('SMTP user and password go together (SMTP_USER and SMTP_PASS).');

	const from = value('SMTP_FROM') ?? (user?.includes('@') ? user : null);
	if (!from) throw new Error('SMTP_FROM is required, e.g. "Ứng Cứu Một Cửa <noreply@ubnd.example.vn>".');
	const domain = domainOf(from);
	if (!domain) throw new Error(`SMTP_FROM has no e-mail address: "${from}".`);

	return { url, host, port, secure, user, pass, from, domain, timeoutMs: EMAIL_TIMEOUT_MS };
}

function readSecure(raw: string | null): boolean | null {
	if (raw === null) return null;
	const v = raw.toLowerCase();
	if (v === '1' || v === 'true') return true;
	if (v === '0' || v === 'false') return false;
	throw new Error(`SMTP_SECURE must be 1 or 0 (or unset), not "${raw}".`);
}

function readPort(raw: string | null): number | null {
	if (raw === null) return null;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`SMTP_PORT must be a port number, not "${raw}".`);
	return port;
}

/** "Name <user@example.vn>" or "user@example.vn" → "example.vn". */
function domainOf(from: string): string | null {
	const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
	const at = address.lastIndexOf('@');
	const domain = at > 0 ? address.slice(at + 1).trim().toLowerCase() : '';
	return /^[a-z0-9.-]+$/.test(domain) && !domain.startsWith('.') && !domain.endsWith('.') ? domain : null;
}

/**
 * The key as the left part of a Message-ID: RFC 5322 allows only "atext" there, so anything
 * else (the ":" between incident, reason and recipient) is written =XX, byte by byte — the
 * same key always gives the same id, and two keys never give one.
 */
export function messageIdFor(key: string, domain: string): string {
	const left = Array.from(new TextEncoder().encode(key), (byte) => {
		const ch = String.fromCharCode(byte);
		return /[A-Za-z0-9_-]/.test(ch) ? ch : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}).join('');
	return `<${left}@${domain}>`;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

type SmtpError = Error & { code?: string; responseCode?: number; permanent?: boolean; response?: string; originalCode?: string };

export function emailChannel(config: EmailConfig | null): Channel {
	let transport: ReturnType<typeof createTransport> | null = null;
	const getTransport = (cfg: EmailConfig) => (transport ??= createTransport(cfg));

	return {
		name: 'email',
		configured: () => config !== null,
		reaches: (recipient: Recipient) => EMAIL.test(recipient.email?.trim() ?? ''),
		async send(alert: Alert, recipient: Recipient): Promise<SendResult> {
			if (!config) return { ok: false, retry: false, error: 'Chưa cấu hình máy chủ thư (SMTP).' };
			const to = recipient.email?.trim() ?? '';
			if (!EMAIL.test(to)) return { ok: false, retry: false, error: `Địa chỉ e-mail không hợp lệ: "${to}".` };
			const messageId = messageIdFor(alert.key, config.domain);
			const body = alert.body.normalize('NFC');
			try {
				const info = await getTransport(config).sendMail({
					from: config.from,
					to: recipient.fullName ? { name: recipient.fullName, address: to } : to,
					subject: alert.title.normalize('NFC'),
					// The Step-2 text usually ends with the link already; it is not repeated then.
					text: body.includes(alert.url) ? body : `${body}\n\n${alert.url}`,
					messageId,
					// Every alert about one incident in one thread, whatever the subject says.
					references: messageIdFor(`incident:${alert.incidentId}`, config.domain),
					headers: {
						'X-Ucmc-Incident': alert.incidentId,
						// RFC 3834: an automatic message; out-of-office replies stay away.
						'Auto-Submitted': 'auto-generated'
					}
				});
				return { ok: true, detail: `${messageId} ${oneLine(info.response ?? '')}`.trim() };
			} catch (err) {
				return classify(err as SmtpError, config);
			}
		}
	};
}

/** One connection per message (no pool): alerts are rare, and a dead pooled connection would only add a failure mode. */
function createTransport(cfg: EmailConfig) {
	const timeouts = {
		connectionTimeout: cfg.timeoutMs,
		greetingTimeout: cfg.timeoutMs,
		socketTimeout: cfg.timeoutMs,
		dnsTimeout: cfg.timeoutMs
	};
	const options: SMTPTransportOptions = cfg.url
		? { url: cfg.url, ...timeouts }
		: {
				host: cfg.host ?? undefined,
				port: cfg.port ?? undefined,
				secure: cfg.secure ?? undefined,
				auth: cfg.user && cfg.pass ? { user: cfg.user, pass: cfg.pass } : undefined,
				...timeouts
			};
	return nodemailer.createTransport(options);
}

/** Whether sending again can help, and what happened in words a ward's IT officer can act on. */
function classify(err: SmtpError, config: EmailConfig): SendResult {
	const code = err.code ?? '';
	const reply = err.responseCode;
	const said = scrub(err.response ? ` Máy chủ trả lời: "${oneLine(err.response)}".` : '', config);

	if (code === 'EAUTH') {
		// 454 is "temporary authentication failure": the server's problem, not the password's.
		if (reply !== undefined && reply >= 400 && reply < 500) {
			return { ok: false, retry: true, error: `Máy chủ thư tạm thời không cho đăng nhập (${reply}).${said}` };
		}
		return { ok: false, retry: false, error: `Máy chủ thư từ chối đăng nhập (sai tên hoặc mật khẩu SMTP).${said}` };
	}
	if (code === 'ENOAUTH') {
		return { ok: false, retry: false, error: 'Máy chủ thư yêu cầu đăng nhập nhưng chưa cấu hình tên và mật khẩu SMTP.' };
	}
	if (code === 'ETLS' || code === 'EREQUIRETLS') {
		return {
			ok: false,
			retry: false,
			error: 'Không thiết lập được kết nối mã hóa (TLS) với máy chủ thư — kiểm tra cổng, SMTP_SECURE và chứng chỉ.'
		};
	}
	if (reply !== undefined && reply >= 400) {
		const permanent = err.permanent ?? (reply >= 500 && reply !== 503);
		if (!permanent) return { ok: false, retry: true, error: `Máy chủ thư tạm thời từ chối (${reply}), sẽ gửi lại.${said}` };
		if (code === 'EENVELOPE') {
			return { ok: false, retry: false, error: `Máy chủ thư từ chối địa chỉ người nhận (${reply}).${said}` };
		}
		return { ok: false, retry: false, error: `Máy chủ thư từ chối thư (${reply}).${said}` };
	}
	if (code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'ECONFIG') {
		return { ok: false, retry: false, error: scrub(`Thư không hợp lệ: ${oneLine(err.message)}`, config) };
	}
	// ECONNECTION, ETIMEDOUT, ESOCKET (ECONNREFUSED…), EDNS, and anything not recognised.
	const cause = err.originalCode && err.originalCode !== code ? `${code}/${err.originalCode}` : code || 'lỗi mạng';
	const what = code === 'ETIMEDOUT' ? 'Máy chủ thư không trả lời kịp' : 'Không kết nối được máy chủ thư';
	return { ok: false, retry: true, error: `${what} (${cause}), sẽ gửi lại.` };
}

function oneLine(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The password never reaches the delivery log, even if a server echoes it. */
function scrub(text: string, config: EmailConfig): string {
	return config.pass && config.pass.length >= 3 ? text.split(config.pass).join('***') : text;
}
