/**
 * Zalo ZNS: a template message to a phone number, through an approved template of the
 * ward's (or province's) verified Official Account. Off until configured.
 *
 *   POST https://business.openapi.zalo.me/message/template
 *   access_token: <OA access token>
 *   { "phone": "84912345678", "template_id": "…", "template_data": { … }, "tracking_id": "…" }
 *
 * Zalo answers HTTP 200 with `{ error: 0, message, data: { msg_id, … } }` on success and
 * `{ error: <negative code>, message }` on failure.
 *
 * The template the OA registers must declare four parameters (names are ours, chosen here):
 *   title    ≤ 60 characters   "[SỰ CỐ PHỨC TẠP] Phường Thái Hòa"
 *   summary  ≤ 120 characters  the Step-2 facts on one line ("Loại: …; Mô tả: …")
 *   time     16 characters     "dd/MM/yyyy HH:mm", Vietnam time, when the alert left
 *   link     the incident page (a template button's URL parameter), never cut
 * so the data stays within about 300 of the 400 characters a template may hold, leaving
 * room for the template's own words. Lengths are counted in characters (code points).
 */
import { createHash } from 'node:crypto';
import { formatDateTime } from '$lib/domain/datetime';
import { normalizePhone, toZaloPhone } from '$lib/domain/phone';
import type { Alert, Channel, Recipient, SendResult } from '../channel';

export const ZNS_DEFAULT_ENDPOINT = 'https://business.openapi.zalo.me/message/template';
export const ZNS_TIMEOUT_MS = 10_000;

export interface ZnsConfig {
	accessToken: string;
	templateId: string;
	endpoint: string;
	timeoutMs: number;
}

type Env = Record<string, string | undefined>;

/**
 * ZNS settings, or null when ZNS_ACCESS_TOKEN and ZNS_TEMPLATE_ID are both unset. One
 * without the other is refused at start, naming the missing variable.
 */
export function readZnsConfig(env: Env = process.env): ZnsConfig | null {
	const accessToken = env.ZNS_ACCESS_TOKEN?.trim() || null;
	const templateId = env.ZNS_TEMPLATE_ID?.trim() || null;
	const endpoint = env.ZNS_ENDPOINT?.trim() || null;
	if (!accessToken && !templateId) {
		if (endpoint) throw new Error('ZNS_ENDPOINT set without ZNS_ACCESS_TOKEN and ZNS_TEMPLATE_ID.');
		return null;
	}
	if (!accessToken) throw new Error('ZNS_TEMPLATE_ID is set but ZNS_ACCESS_TOKEN is not.');
	if (!templateId) throw new Error('ZNS_ACCESS_TOKEN is set but ZNS_TEMPLATE_ID is not.');
	if (endpoint && !isHttpUrl(endpoint)) throw new Error(`ZNS_ENDPOINT must be an http(s) URL, not "${endpoint}".`);
	return { accessToken, templateId, endpoint: endpoint ?? ZNS_DEFAULT_ENDPOINT, timeoutMs: ZNS_TIMEOUT_MS };
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

/** Field limits (characters) and the budget of all the data together; see the header. */
export const ZNS_LIMITS = { title: 60, summary: 120, data: 300 } as const;

/**
 * Zalo's tracking_id is the partner's own reference, at most 48 characters. Our keys
 * (incident, reason and recipient: two UUIDs and a word) are longer, and cutting them
 * would give two recipients the same id — so a longer key becomes its SHA-256 (hex, first
 * 48 characters): still the same for the same key, still different for different ones.
 */
export const ZNS_TRACKING_ID_MAX = 48;

export function znsTrackingId(key: string): string {
	if (key.length <= ZNS_TRACKING_ID_MAX && /^[A-Za-z0-9_.:-]+$/.test(key)) return key;
	return createHash('sha256').update(key).digest('hex').slice(0, ZNS_TRACKING_ID_MAX);
}

export interface ZnsTemplateData {
	title: string;
	summary: string;
	time: string;
	link: string;
}

export function znsTemplateData(alert: Alert, now: Date): ZnsTemplateData {
	const title = clip(oneLine(alert.title), ZNS_LIMITS.title);
	const time = formatDateTime(now);
	const link = alert.url.trim();
	const room = ZNS_LIMITS.data - length(title) - length(time) - length(link);
	const facts = alert.body
		.split('\n')
		.map(oneLine)
		.filter((line) => line && line !== oneLine(alert.title) && line !== link)
		.join('; ');
	return { title, summary: clip(facts, Math.max(0, Math.min(ZNS_LIMITS.summary, room))), time, link };
}

/**
 * What Zalo's codes mean for us. From Zalo's table of ZNS codes ("Cách xử lý mã lỗi",
 * zalo.cloud): -100 unknown error ("try again later"), -108 phone number invalid, -124
 * access token invalid. -216 is what Zalo's OA APIs answer for an invalid or expired token
 * and is treated the same, as is any code whose message speaks of the access token. Every
 * other code names something a person must fix (template, app, OA, quota, the recipient's
 * Zalo account): not retried, Zalo's own words kept in the log.
 */
const UNKNOWN_ERROR = -100;
const PHONE_INVALID = -108;
const TOKEN_CODES = new Set([-124, -216]);

export const ZNS_TOKEN_EXPIRED = 'Mã truy cập Zalo đã hết hạn — cần cấp lại (ZNS_ACCESS_TOKEN).';

export interface ZnsOptions {
	/** The clock for the "time" field (tests). */
	now?: () => Date;
}

export function znsChannel(config: ZnsConfig | null, options: ZnsOptions = {}): Channel {
	const now = options.now ?? (() => new Date());
	return {
		name: 'zns',
		configured: () => config !== null,
		// Whether the number is usable is said in the delivery log by send(), not hidden here.
		reaches: (recipient: Recipient) => Boolean(recipient.phone?.trim()),
		async send(alert: Alert, recipient: Recipient): Promise<SendResult> {
			if (!config) return { ok: false, retry: false, error: 'Chưa cấu hình Zalo ZNS.' };
			const e164 = normalizePhone(recipient.phone ?? '');
			if (!e164) return { ok: false, retry: false, error: `Số điện thoại không đúng định dạng: "${recipient.phone ?? ''}".` };
			if (!e164.startsWith('+84')) {
				return { ok: false, retry: false, error: `Zalo ZNS chỉ gửi được tới số điện thoại Việt Nam (${e164}).` };
			}
			const body = {
				phone: toZaloPhone(e164),
				template_id: config.templateId,
				template_data: znsTemplateData(alert, now()),
				tracking_id: znsTrackingId(alert.key)
			};

			let response: Response;
			try {
				response = await fetch(config.endpoint, {
					method: 'POST',
					headers: { 'content-type': 'application/json', access_token: config.accessToken },
					body: JSON.stringify(body),
					// A redirect would carry the access_token header to wherever it points.
					redirect: 'manual',
					signal: AbortSignal.timeout(config.timeoutMs)
				});
			} catch (err) {
				return networkFailure('Zalo', err);
			}
			const text = await response.text().catch(() => '');
			if (response.status >= 500 || response.status === 408 || response.status === 429) {
				return { ok: false, retry: true, error: `Zalo tạm thời không nhận tin (HTTP ${response.status}), sẽ gửi lại.` };
			}
			if (response.status === 401 || response.status === 403) return { ok: false, retry: false, error: ZNS_TOKEN_EXPIRED };
			if (!response.ok) {
				return { ok: false, retry: false, error: `Zalo từ chối yêu cầu (HTTP ${response.status}): ${snippet(text, config)}` };
			}
			let answer: { error?: unknown; message?: unknown; data?: { msg_id?: unknown } };
			try {
				answer = JSON.parse(text);
			} catch {
				// A proxy's or a maintenance page: not Zalo's answer.
				return { ok: false, retry: true, error: 'Zalo trả lời không đúng dạng (không phải JSON), sẽ gửi lại.' };
			}
			return interpret(answer, e164, config);
		}
	};
}

function interpret(answer: { error?: unknown; message?: unknown; data?: { msg_id?: unknown } }, e164: string, config: ZnsConfig): SendResult {
	// Only a number (or a numeric string) is a code: Number(null) would read as success.
	const raw = answer.error;
	const code = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	const message = typeof answer.message === 'string' ? answer.message : '';
	if (code === 0) {
		const msgId = answer.data?.msg_id;
		return { ok: true, detail: msgId ? `msg_id ${String(msgId)}` : undefined };
	}
	if (!Number.isFinite(code)) return { ok: false, retry: true, error: 'Zalo trả lời không đúng dạng (thiếu mã lỗi), sẽ gửi lại.' };
	const said = message ? ` (Zalo ${code}: ${snippet(message, config)})` : ` (Zalo ${code})`;
	if (TOKEN_CODES.has(code) || /access[\s_-]?token/i.test(message)) return { ok: false, retry: false, error: ZNS_TOKEN_EXPIRED };
	if (code === PHONE_INVALID) return { ok: false, retry: false, error: `Zalo không nhận số điện thoại ${e164}${said}.` };
	if (code === UNKNOWN_ERROR) return { ok: false, retry: true, error: `Zalo gặp lỗi không xác định, sẽ gửi lại${said}.` };
	return { ok: false, retry: false, error: `Zalo từ chối tin${said}.` };
}

/** Timeouts, refused connections, DNS: the other side may come back. */
function networkFailure(service: string, err: unknown): SendResult {
	const e = err as { name?: string; cause?: { code?: string } };
	if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
		return { ok: false, retry: true, error: `${service} không trả lời kịp (quá thời gian chờ), sẽ gửi lại.` };
	}
	const code = e?.cause?.code ?? 'lỗi mạng';
	return { ok: false, retry: true, error: `Không kết nối được ${service} (${code}), sẽ gửi lại.` };
}

function snippet(text: string, config: ZnsConfig): string {
	return clip(oneLine(text).split(config.accessToken).join('***'), 200);
}

function oneLine(text: string): string {
	return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function length(text: string): number {
	return Array.from(text).length;
}

/** At most `max` characters (code points), "…" included when cut, at a space when one is near. */
function clip(text: string, max: number): string {
	const chars = Array.from(text);
	if (chars.length <= max) return text;
	if (max <= 1) return chars.slice(0, max).join('');
	let end = max - 1;
	const space = chars.lastIndexOf(' ', end);
	// Not inside a syllable ("dừng" → "dừ"), unless the only space is far back.
	if (space > 0 && end - space <= 15) end = space;
	return `${chars.slice(0, end).join('').trimEnd()}…`;
}
