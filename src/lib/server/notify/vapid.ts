/**
 * The server's VAPID key pair (RFC 8292), which identifies this server to the browsers'
 * push services. It is made once, on the first start, and kept in `app_meta` (key
 * `vapid_keys`): every push subscription is bound to the public key it was made with, so a
 * new pair would silently cut off every installed app. Never rotate it casually.
 *
 * Environment:
 * - `VAPID_SUBJECT`: how a push service can reach this server's operator, a `mailto:` or
 *   `https:` URL (e.g. `mailto:it@phuong.gov.vn`). Default `mailto:admin@localhost`; set a
 *   real address in production — some push services (Apple's) refuse placeholder subjects.
 */
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import type { Database } from '$lib/server/db';
import { appMeta } from '$lib/server/db/schema';

export interface VapidKeys {
	/** Uncompressed P-256 public key, base64url: the browser's `applicationServerKey`. */
	publicKey: string;
	/** The 32-byte private scalar, base64url. Never leaves the server. */
	privateKey: string;
	/** `mailto:` or `https:` URL from VAPID_SUBJECT. */
	subject: string;
}

export const VAPID_META_KEY = 'vapid_keys';
export const DEFAULT_VAPID_SUBJECT = 'mailto:admin@localhost';

/**
 * Reads the key pair, making and storing it on the first start. Two processes starting at
 * once both try to insert; the second insert does nothing and both read the one stored pair.
 */
export async function loadVapidKeys(
	db: Database,
	env: Record<string, string | undefined> = process.env
): Promise<VapidKeys> {
	const subject = vapidSubject(env.VAPID_SUBJECT);
	let stored = await readStored(db);
	if (stored === undefined) {
		const fresh = webpush.generateVAPIDKeys();
		await db
			.insert(appMeta)
			.values({ key: VAPID_META_KEY, value: JSON.stringify({ publicKey: fresh.publicKey, privateKey: fresh.privateKey }) })
			.onConflictDoNothing({ target: appMeta.key });
		stored = await readStored(db);
	}
	if (stored === undefined) throw new Error('The VAPID key pair could not be stored in app_meta.');
	return { ...parseStored(stored), subject };
}

async function readStored(db: Database): Promise<string | undefined> {
	const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, VAPID_META_KEY)).limit(1);
	return row?.value;
}

/** A damaged row is reported, not replaced: a new pair would orphan every subscription. */
function parseStored(value: string): { publicKey: string; privateKey: string } {
	const p = parseJson(value) as { publicKey?: unknown; privateKey?: unknown } | null;
	const b64url = /^[A-Za-z0-9_-]+$/;
	if (
		!p ||
		typeof p.publicKey !== 'string' ||
		typeof p.privateKey !== 'string' ||
		!b64url.test(p.publicKey) ||
		!b64url.test(p.privateKey) ||
		Buffer.from(p.publicKey, 'base64url').length !== 65 ||
		Buffer.from(p.privateKey, 'base64url').length !== 32
	) {
		throw new Error(
			`The stored VAPID key pair (app_meta "${VAPID_META_KEY}") is damaged. Deleting that row makes a new pair, but every browser must then subscribe again.`
		);
	}
	return { publicKey: p.publicKey, privateKey: p.privateKey };
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

/** VAPID_SUBJECT or the default; a typo is refused at start rather than at the first alert. */
export function vapidSubject(value: string | undefined): string {
	const v = value?.trim();
	if (!v) return DEFAULT_VAPID_SUBJECT;
	const url = URL.canParse(v) ? new URL(v) : null;
	if (!url || (url.protocol !== 'mailto:' && url.protocol !== 'https:')) {
		throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL (e.g. mailto:it@example.org), not "${value}".`);
	}
	return v;
}
