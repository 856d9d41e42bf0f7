/**
 * SMS through a gateway the province or a carrier runs, reached by a generic webhook: one
 * JSON POST per message, which the gateway turns into an SMS. Off until configured.
 *
 *   POST $SMS_WEBHOOK_URL
 *   Authorization: Bearer $SMS_WEBHOOK_TOKEN        (when set)
 *   Idempotency-Key: <alert key>
 *   { "to": "84912345678", "text": "…", "id": "<alert key>" }
 *
 * `id` is stable for one recipient and reason, so a gateway that remembers ids drops a repeat
 * sent after a crash. Any 2xx is success; 408, 429 and 5xx (and no answer) are tried again;
 * other 4xx say the request itself is wrong and are not.
 */
import { normalizePhone, toZaloPhone } from '$lib/domain/phone';
import { SMS_TEXT_MAX } from '$lib/domain/step2-text';
import type { Alert, Channel, Recipient, SendResult } from '../channel';

export const SMS_TIMEOUT_MS = 10_000;

export interface SmsConfig {
	url: string;
	/** Sent as `Authorization: Bearer …`; null sends no Authorization header. */
	token: string | null;
	timeoutMs: number;
}

type Env = Record<string, string | undefined>;

/** SMS settings, or null when SMS_WEBHOOK_URL is unset. */
export function readSmsConfig(env: Env = process.env): SmsConfig | null {
	const url = env.SMS_WEBHOOK_URL?.trim() || null;
	const token = env.SMS_WEBHOOK_TOKEN?.trim() || null;
	if (!url) {
		if (token) throw new Error('SMS_WEBHOOK_TOKEN is set but SMS_WEBHOOK_URL is not.');
		return null;
	}
	let parsed: URL | null = null;
	try {
		parsed = new URL(url);
	} catch {
		// Not echoed: a gateway URL may carry a key in its query.
	}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw new Error('SMS_WEBHOOK_URL must be an http(s) URL.');
	}
	return { url, token, timeoutMs: SMS_TIMEOUT_MS };
}

/**
 * Title, the Step-2 facts, the link — at most SMS_TEXT_MAX (469, seven UCS-2 parts; under
 * 480) UTF-16 units, what the phone counts. The facts give way first; the link is never cut.
 */
export function smsText(alert: Alert): string {
	const title = oneLine(alert.title);
	const link = alert.url.trim();
	const facts = alert.body
		.normalize('NFC')
		.split('\n')
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter((line) => line && line !== title && line !== link)
		.join('\n');
	const fixed = `${title}\n\n${link}`;
	if (fixed.length >= SMS_TEXT_MAX) return `${cut(title, Math.max(0, SMS_TEXT_MAX - link.length - 1))}\n${link}`;
	const room = SMS_TEXT_MAX - fixed.length;
	return facts && room > 1 ? `${title}\n${cut(facts, room)}\n${link}` : `${title}\n${link}`;
}

export function smsWebhookChannel(config: SmsConfig | null): Channel {
	return {
		name: 'sms',
		configured: () => config !== null,
		// Whether the number is usable is said in the delivery log by send(), not hidden here.
		reaches: (recipient: Recipient) => Boolean(recipient.phone?.trim()),
		async send(alert: Alert, recipient: Recipient): Promise<SendResult> {
			if (!config) return { ok: false, retry: false, error: 'Chưa cấu hình cổng SMS.' };
			const e164 = normalizePhone(recipient.phone ?? '');
			if (!e164) return { ok: false, retry: false, error: `Số điện thoại không đúng định dạng: "${recipient.phone ?? ''}".` };

			const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': alert.key };
			if (config.token) headers.authorization = `Bearer ${config.token}`;
			let response: Response;
			try {
				response = await fetch(config.url, {
					method: 'POST',
					headers,
					body: JSON.stringify({ to: toZaloPhone(e164), text: smsText(alert), id: alert.key }),
					// A redirect would carry the token elsewhere; the URL should be the final one.
					redirect: 'manual',
					signal: AbortSignal.timeout(config.timeoutMs)
				});
			} catch (err) {
				return networkFailure(err);
			}
			const text = await response.text().catch(() => '');
			const status = response.status;
			if (status >= 200 && status < 300) return { ok: true, detail: text ? snippet(text, config) : `HTTP ${status}` };
			if (status >= 500 || status === 408 || status === 429) {
				return { ok: false, retry: true, error: `Cổng SMS tạm thời không nhận tin (HTTP ${status}), sẽ gửi lại.` };
			}
			if (status === 401 || status === 403) {
				return { ok: false, retry: false, error: `Cổng SMS từ chối xác thực (HTTP ${status}) — kiểm tra SMS_WEBHOOK_TOKEN.` };
			}
			if (status >= 300 && status < 400) {
				return { ok: false, retry: false, error: `Cổng SMS chuyển hướng (HTTP ${status}) — kiểm tra SMS_WEBHOOK_URL.` };
			}
			const said = text ? `: ${snippet(text, config)}` : '';
			return { ok: false, retry: false, error: `Cổng SMS từ chối tin (HTTP ${status})${said}` };
		}
	};
}

function networkFailure(err: unknown): SendResult {
	const e = err as { name?: string; cause?: { code?: string } };
	if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
		return { ok: false, retry: true, error: 'Cổng SMS không trả lời kịp (quá thời gian chờ), sẽ gửi lại.' };
	}
	return { ok: false, retry: true, error: `Không kết nối được cổng SMS (${e?.cause?.code ?? 'lỗi mạng'}), sẽ gửi lại.` };
}

function snippet(text: string, config: SmsConfig): string {
	const line = config.token ? oneLine(text).split(config.token).join('***') : oneLine(text);
	return cut(line, 200);
}

function oneLine(text: string): string {
	return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** At most `max` UTF-16 units, "…" included, at a space when one is near, never inside a surrogate pair. */
function cut(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 1) return max === 1 ? '…' : '';
	let end = max - 1;
	if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
	const space = text.lastIndexOf(' ', end);
	if (space > 0 && end - space <= 15) end = space;
	return `${text.slice(0, end).trimEnd()}…`;
}
