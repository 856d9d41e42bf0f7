/**
 * Web Push to installed apps (RFC 8030 delivery, RFC 8291 aes128gcm encryption, RFC 8292
 * VAPID), through the `web-push` package. One alert goes to every subscription (device) of
 * the person; one device taking it is a success.
 *
 * The payload the service worker receives (JSON, UTF-8):
 *   { title, body, url, tag, incidentId, reason }
 * where `tag` is `alert.key`: the worker uses it as the notification tag so an update or a
 * repeat replaces the earlier notification instead of piling up. The same key also gives the
 * push `Topic` header, so a repeat sent after a crash replaces the undelivered message at the
 * push service itself.
 *
 * Results: any device accepted → ok (endpoints answered 404/410 are listed in `gone` for
 * the caller to delete, on success too); only gone → not retryable; 400/401/403/413 → not
 * retryable (a person must fix something); 429, 5xx, network errors, timeouts → retryable.
 * `send` never throws; `error` is short Vietnamese for the delivery log, without secrets
 * (no endpoint URLs, no keys).
 */
import { createHash, createPublicKey } from 'node:crypto';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Alert, Channel, PushSubscriptionKeys, Recipient, SendResult } from '../channel';
import type { VapidKeys } from '../vapid';

export interface PushChannelOptions {
	/** Socket inactivity limit for one request to a push service (default 10 s). */
	timeoutMs?: number;
	/** An https.Agent for the requests, e.g. one that trusts a private CA (tests). */
	agent?: Agent;
}

/** The payload the service worker parses. */
export interface PushPayload {
	title: string;
	body: string;
	url: string;
	/** `alert.key`: the notification tag. */
	tag: string;
	incidentId: string;
	reason: string;
}

/** How long a push service keeps an alert for an offline device. */
export const PUSH_TTL_SECONDS = 24 * 3600;
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;
/**
 * Push services accept at most 4096 bytes of body. aes128gcm with one record adds an
 * 86-byte header (salt, record size, the 65-byte key), the padding delimiter and a 16-byte
 * tag, leaving 3993 bytes for the JSON.
 */
export const MAX_PUSH_PAYLOAD_BYTES = 4096 - 86 - 1 - 16;

/**
 * The Topic header for an alert key: at most 32 characters of the URL-safe base64 alphabet
 * (RFC 8030 §5.4). The first 24 bytes of the key's SHA-256 make exactly 32, the same on
 * every retry and after a restart.
 */
export function pushTopic(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest().subarray(0, 24).toString('base64url');
}

/**
 * The JSON text sent to the worker. A long Step-2 summary is shortened (ending in "…") to
 * fit one push message; the whole text is on the incident page the notification opens.
 */
export function pushPayload(alert: Alert): string {
	const full: PushPayload = {
		title: alert.title,
		body: alert.body,
		url: alert.url,
		tag: alert.key,
		incidentId: alert.incidentId,
		reason: alert.reason
	};
	const fits = (p: PushPayload) => Buffer.byteLength(JSON.stringify(p), 'utf8') <= MAX_PUSH_PAYLOAD_BYTES;
	if (fits(full)) return JSON.stringify(full);
	const body = shorten(alert.body, (b) => fits({ ...full, body: b }));
	if (body !== null) return JSON.stringify({ ...full, body });
	const title = shorten(alert.title, (t) => fits({ ...full, body: '', title: t }));
	return JSON.stringify({ ...full, body: '', title: title ?? '' });
}

/** The longest prefix of `text` (whole code points, plus "…") that `fits`, or null. */
function shorten(text: string, fits: (s: string) => boolean): string | null {
	const chars = Array.from(text.normalize('NFC'));
	const cut = (n: number) => (n === 0 ? '' : `${chars.slice(0, n).join('').trimEnd()}…`);
	if (!fits(cut(0))) return null;
	let lo = 0;
	let hi = chars.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (fits(cut(mid))) lo = mid;
		else hi = mid - 1;
	}
	return cut(lo);
}

/**
 * Why a stored subscription can never work, in Vietnamese, or null when it looks sound.
 * The subscribe endpoint should refuse such a subscription up front with this message.
 */
export function checkPushSubscription(sub: PushSubscriptionKeys): string | null {
	const url = typeof sub.endpoint === 'string' ? parseUrl(sub.endpoint) : null;
	if (!url || url.protocol !== 'https:') return 'Đăng ký push không hợp lệ: địa chỉ endpoint phải là https';
	const b64 = /^[A-Za-z0-9_\-+/]+={0,2}$/;
	const p256dh = typeof sub.p256dh === 'string' && b64.test(sub.p256dh) ? Buffer.from(sub.p256dh, 'base64url') : null;
	if (!p256dh || p256dh.length !== 65 || p256dh[0] !== 4 || !isP256Point(p256dh)) {
		return 'Đăng ký push không hợp lệ: khoá p256dh sai';
	}
	const auth = typeof sub.auth === 'string' && b64.test(sub.auth) ? Buffer.from(sub.auth, 'base64url') : null;
	if (!auth || auth.length < 16) return 'Đăng ký push không hợp lệ: khoá auth sai';
	return null;
}

function parseUrl(text: string): URL | null {
	try {
		return new URL(text);
	} catch {
		return null;
	}
}

function isP256Point(raw: Buffer): boolean {
	try {
		createPublicKey({
			key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
			format: 'jwk'
		});
		return true;
	} catch {
		return false;
	}
}

type Outcome = { sent: true } | { sent: false; gone: boolean; retry: boolean; error: string };

export function pushChannel(keys: VapidKeys, options: PushChannelOptions = {}): Channel {
	const timeoutMs = options.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS;
	const vapidDetails = { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey };

	async function sendOne(sub: PushSubscriptionKeys, payload: string, topic: string): Promise<Outcome> {
		const invalid = checkPushSubscription(sub);
		if (invalid) return { sent: false, gone: false, retry: false, error: invalid };
		try {
			await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
				vapidDetails,
				TTL: PUSH_TTL_SECONDS,
				urgency: 'high',
				topic,
				timeout: timeoutMs,
				contentEncoding: 'aes128gcm',
				...(options.agent ? { agent: options.agent } : {})
			});
			return { sent: true };
		} catch (err) {
			return classify(err, timeoutMs);
		}
	}

	return {
		name: 'push',
		configured: () => true,
		reaches: (recipient: Recipient) => recipient.pushSubscriptions.length > 0,
		async send(alert: Alert, recipient: Recipient): Promise<SendResult> {
			try {
				const subs = recipient.pushSubscriptions;
				if (subs.length === 0) {
					return { ok: false, retry: false, error: 'Người nhận chưa bật thông báo đẩy trên thiết bị nào' };
				}
				const payload = pushPayload(alert);
				const topic = pushTopic(alert.key);
				const outcomes = await Promise.all(subs.map((sub) => sendOne(sub, payload, topic)));
				return summarise(subs, outcomes);
			} catch (err) {
				// Not expected (sendOne catches); the job runner must still never see a throw.
				return { ok: false, retry: true, error: `Lỗi khi gửi thông báo đẩy: ${shortText(String(err))}` };
			}
		}
	};
}

function summarise(subs: readonly PushSubscriptionKeys[], outcomes: Outcome[]): SendResult {
	const gone = subs.filter((_, i) => {
		const o = outcomes[i]!;
		return !o.sent && o.gone;
	}).map((s) => s.endpoint);
	const sent = outcomes.filter((o) => o.sent).length;
	const failures = outcomes.filter((o): o is Extract<Outcome, { sent: false }> => !o.sent);
	if (sent > 0) {
		const detail = subs.length === 1 ? 'Đã gửi tới 1 thiết bị' : `Đã gửi tới ${sent}/${subs.length} thiết bị`;
		return gone.length > 0 ? { ok: true, detail, gone } : { ok: true, detail };
	}
	const errors = [...new Set(failures.map((f) => f.error))];
	const error = subs.length === 1 ? errors.join('; ') : `${subs.length} thiết bị: ${errors.join('; ')}`;
	const retry = failures.some((f) => f.retry);
	return gone.length > 0 ? { ok: false, retry, gone, error } : { ok: false, retry, error };
}

function classify(err: unknown, timeoutMs: number): Outcome {
	if (err instanceof webpush.WebPushError) return byStatus(err.statusCode, err.body);
	const e = err as { code?: unknown; message?: unknown } | null;
	const message = typeof e?.message === 'string' ? e.message : String(err);
	if (message === 'Socket timeout') {
		return {
			sent: false,
			gone: false,
			retry: true,
			error: `Dịch vụ push không trả lời trong ${formatSeconds(timeoutMs)} giây, sẽ thử lại`
		};
	}
	const code = typeof e?.code === 'string' ? e.code : null;
	if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME/i.test(code)) {
		return { sent: false, gone: false, retry: true, error: `Không kết nối an toàn được tới dịch vụ push (${code}), sẽ thử lại` };
	}
	if (code) {
		return { sent: false, gone: false, retry: true, error: `Không kết nối được dịch vụ push (${code}), sẽ thử lại` };
	}
	// web-push refuses its input with a plain Error before sending (checked above, so rare).
	return { sent: false, gone: false, retry: false, error: `Không gửi được thông báo đẩy: ${shortText(message)}` };
}

function byStatus(status: number, body: unknown): Outcome {
	const said = typeof body === 'string' ? shortText(body) : '';
	const why = (text: string) => `Dịch vụ push trả lời ${status}: ${text}${said ? ` (${said})` : ''}`;
	if (status === 404) return { sent: false, gone: true, retry: false, error: why('đăng ký không còn tồn tại') };
	if (status === 410) return { sent: false, gone: true, retry: false, error: why('thiết bị đã huỷ đăng ký') };
	if (status === 413) return { sent: false, gone: false, retry: false, error: why('nội dung thông báo quá lớn') };
	if (status === 400) return { sent: false, gone: false, retry: false, error: why('yêu cầu không hợp lệ') };
	if (status === 401 || status === 403) {
		return { sent: false, gone: false, retry: false, error: why('khoá VAPID bị từ chối, thiết bị cần đăng ký lại') };
	}
	if (status === 429) return { sent: false, gone: false, retry: true, error: why('gửi quá nhiều, sẽ thử lại') };
	if (status >= 500) return { sent: false, gone: false, retry: true, error: why('lỗi tạm thời, sẽ thử lại') };
	return { sent: false, gone: false, retry: false, error: why('không nhận thông báo') };
}

/** One line, at most 120 characters, for the delivery log. */
function shortText(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function formatSeconds(ms: number): string {
	return (Math.round(ms / 100) / 10).toString().replace('.', ',');
}
