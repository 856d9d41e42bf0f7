/**
 * The offline QR hand-off (DESIGN §4.6): while a desk PC has no network, its report screen
 * shows a QR code that is a link to this app carrying the whole report in the URL fragment.
 * The officer's phone opens it with its ordinary camera and submits the report over 4G with
 * the PC's own id, so the PC's later sync is an identical repeat that only adds attachments.
 *
 * The fragment, not the query: it never leaves the phone in a request, so the report is not
 * written into any server or proxy log before it is submitted the ordinary way.
 *
 * Format: `#r1.` + base64url (no padding) of the zlib-deflated compact JSON. Short keys,
 * ids as bytes, enumerations as numbers and times as epoch milliseconds keep a typical code
 * under 700 characters — a QR code still read at once from a screen across a desk; zlib's
 * Adler-32 trailer tells a damaged or edited code from a good one. `r1` is the version: a
 * later format takes another prefix, and this one stays readable. PC and phone may run
 * different versions of the app (a PC offline keeps its cached one), so `r1` never changes.
 *
 * No I/O. CompressionStream exists in Chrome 80+ (so 109), Firefox 113+, Safari 16.4+, the
 * service worker and Node 18+ — not on iOS 15: see `handoffSupported`.
 */
import { z } from 'zod/mini';
import { reportSchema, toIsoWithOffset, type Report } from './report';

export interface QrHandoff {
	reportId: string;
	/** The author: the phone submits only when it is signed in as the same officer. */
	userId: string;
	wardId: string;
	report: Report;
}

export type DecodeResult =
	| { ok: true; handoff: QrHandoff }
	| { ok: false; reason: 'foreign' | 'damaged' | 'invalid' };

export const QR_PATH = '/bao-cao/qr';

/**
 * The longest link a QR code can hold: version 40 with the lowest error correction, 2,953
 * bytes (the link is ASCII, so characters). A report whose link is longer — long texts in
 * every field — cannot be handed off this way: the page should say so and offer the SMS.
 */
export const QR_TEXT_MAX = 2953;

const PREFIX = 'r1.';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * No QR code holds a longer fragment, so a longer one never came from one. The limits also
 * keep a crafted link (a "zip bomb") from inflating into megabytes on a phone.
 */
const FRAGMENT_MAX = QR_TEXT_MAX;
/** Far above the largest valid report (4,200 characters of text, JSON-escaped, in UTF-8). */
const INFLATED_MAX = 64 * 1024;

/** Same shape as the server's check on ids: any hex UUID, whatever its version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---- bytes ------------------------------------------------------------------------------

/** All chunks of a stream, or null past `max` bytes; a stream error rejects. */
async function readAll(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | null> {
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let length = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		length += value.byteLength;
		if (length > max) {
			// Cancelling may itself reject on a stream that already failed: nothing to do then.
			reader.cancel().catch(() => {});
			return null;
		}
		chunks.push(value);
	}
	const out = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return out;
}

/**
 * Through a (de)compression stream. `pipeThrough` from a Blob, not a hand-fed writer: a
 * failed inflate then surfaces once, as the rejected read, with no stray rejected write.
 */
function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, max: number) {
	return readAll(new Blob([bytes as BlobPart]).stream().pipeThrough(stream), max);
}

/** Adler-32 (RFC 1950), the checksum zlib puts after the deflated data. */
function adler32(bytes: Uint8Array): number {
	let a = 1;
	let b = 0;
	for (const byte of bytes) {
		a = (a + byte) % 65521;
		b = (b + a) % 65521;
	}
	return ((b << 16) | a) >>> 0;
}

/**
 * True when the code ends in the checksum of what it inflated to. Chrome's inflate checks
 * this and refuses bytes after it; Node's ignores trailing bytes. Checked here as well, so a
 * code with bytes appended is "damaged" in every runtime.
 */
function endsWithChecksum(compressed: Uint8Array, inflated: Uint8Array): boolean {
	const n = compressed.length;
	if (n < 4) return false;
	const stored = ((compressed[n - 4]! << 24) | (compressed[n - 3]! << 16) | (compressed[n - 2]! << 8) | compressed[n - 1]!) >>> 0;
	return stored === adler32(inflated);
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The bytes of an unpadded base64url text, or null. Only the one canonical spelling of the
 * bytes is accepted: a changed last character that only touched unused bits is damage too.
 */
function fromBase64Url(text: string): Uint8Array | null {
	if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
	let binary: string;
	try {
		binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	} catch {
		return null;
	}
	const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
	return toBase64Url(bytes) === text ? bytes : null;
}

// ---- the payload ----------------------------------------------------------------------

/**
 * The compact payload. One letter per field; optional texts absent rather than empty; the
 * three ids as base64url of their 16 bytes (22 characters, not 36); the enumerations as
 * their position in the lists below. All of it is the `r1` format: changing a letter or a
 * position is a new prefix.
 */
const payloadSchema = z.strictObject({
	i: z.string(), // reportId
	u: z.string(), // userId
	w: z.string(), // wardId
	c: z.string(), // category: the catalog id as it is, since catalog ids never change meaning
	x: z.int(), // complexity
	d: z.string(), // description
	s: z.optional(z.string()), // affectedSystem
	e: z.optional(z.string()), // errorMessage
	p: z.int(), // scope
	t: z.int(), // startedAt, epoch ms
	l: z.int(), // impactLevel
	m: z.optional(z.string()), // impact
	a: z.int() // createdAt, epoch ms
});
type Payload = z.infer<typeof payloadSchema>;

// The position is the code: a new value goes at the end, and none is ever removed.
const COMPLEXITY_CODES = ['simple', 'complex'] as const satisfies readonly Report['complexity'][];
const SCOPE_CODES = ['desk', 'several', 'section'] as const satisfies readonly Report['scope'][];
const IMPACT_CODES = ['none', 'slowed', 'stopped'] as const satisfies readonly Report['impactLevel'][];

/** A UUID's 16 bytes in base64url, or null when `id` is not a UUID. */
function packUuid(id: string): string | null {
	if (!UUID.test(id)) return null;
	const hex = id.replace(/-/g, '');
	return toBase64Url(Uint8Array.from({ length: 16 }, (_, k) => parseInt(hex.slice(2 * k, 2 * k + 2), 16)));
}

/** The UUID, lower case with dashes, or null. */
function unpackUuid(packed: string): string | null {
	const bytes = packed.length === 22 ? fromBase64Url(packed) : null;
	if (!bytes) return null;
	const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toPayload(h: QrHandoff): Payload {
	const r = h.report;
	const [i, u, w] = [h.reportId, h.userId, h.wardId].map(packUuid);
	// The PC makes its ids itself: anything else is a bug to see at once, not a QR to print.
	if (!i || !u || !w) throw new RangeError('encodeHandoff: reportId, userId and wardId must be UUIDs');
	const payload: Payload = {
		i,
		u,
		w,
		c: r.category,
		x: COMPLEXITY_CODES.indexOf(r.complexity),
		d: r.description,
		p: SCOPE_CODES.indexOf(r.scope),
		// Milliseconds since the epoch: the exact instant, without the ISO text's length.
		t: Date.parse(r.startedAt),
		l: IMPACT_CODES.indexOf(r.impactLevel),
		a: Date.parse(r.createdAt)
	};
	if (r.affectedSystem) payload.s = r.affectedSystem;
	if (r.errorMessage) payload.e = r.errorMessage;
	if (r.impact) payload.m = r.impact;
	return payload;
}

/**
 * The body `PUT /api/incidents/{id}` takes, times written with this device's offset; null
 * when a code or a time is out of range. An unknown category is left to `reportSchema`.
 */
function toReportBody(p: Payload): Record<string, unknown> | null {
	const complexity = COMPLEXITY_CODES[p.x];
	const scope = SCOPE_CODES[p.p];
	const impactLevel = IMPACT_CODES[p.l];
	const startedAt = new Date(p.t);
	const createdAt = new Date(p.a);
	if (!complexity || !scope || !impactLevel) return null;
	// Integers beyond ±8.64e15 ms are not dates at all.
	if (Number.isNaN(startedAt.getTime()) || Number.isNaN(createdAt.getTime())) return null;
	const body: Record<string, unknown> = {
		category: p.c,
		complexity,
		description: p.d,
		scope,
		startedAt: toIsoWithOffset(startedAt),
		impactLevel,
		createdAt: toIsoWithOffset(createdAt)
	};
	if (p.s !== undefined) body.affectedSystem = p.s;
	if (p.e !== undefined) body.errorMessage = p.e;
	if (p.m !== undefined) body.impact = p.m;
	return body;
}

// ---- the hand-off -----------------------------------------------------------------------

/**
 * Whether this browser can make or read a hand-off (an iPhone stuck on iOS 15 cannot). Ask
 * before offering the QR code or reading one: without it `decodeHandoff` says 'damaged'.
 */
export function handoffSupported(): boolean {
	return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

/**
 * The link the QR code carries: `${origin}/bao-cao/qr#r1.…`. Rejects when an id is not a
 * UUID. Check the length against QR_TEXT_MAX before drawing it: long texts do not fit.
 */
export async function encodeHandoff(h: QrHandoff, origin: string): Promise<string> {
	const json = new TextEncoder().encode(JSON.stringify(toPayload(h)));
	const deflated = await transform(json, new CompressionStream('deflate'), Number.POSITIVE_INFINITY);
	// Unreachable: the limit above is infinite. Keeps the type honest.
	if (!deflated) throw new Error('compression failed');
	return `${origin.replace(/\/+$/, '')}${QR_PATH}#${PREFIX}${toBase64Url(deflated)}`;
}

/**
 * The hand-off in a fragment (with or without its "#"), ids in lower case. Never throws:
 * - 'foreign': not one of ours (another site's QR, a plain link, nothing);
 * - 'damaged': ours, but the bytes do not decode — misread, cut short or edited;
 * - 'invalid': decodes, but is not a report the server would take, or its ids are not UUIDs.
 */
export async function decodeHandoff(fragment: string): Promise<DecodeResult> {
	const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
	if (!text.startsWith(PREFIX)) return { ok: false, reason: 'foreign' };
	if (text.length > FRAGMENT_MAX) return { ok: false, reason: 'damaged' };

	const compressed = fromBase64Url(text.slice(PREFIX.length));
	if (!compressed) return { ok: false, reason: 'damaged' };

	let payload: unknown;
	try {
		const inflated = await transform(compressed, new DecompressionStream('deflate'), INFLATED_MAX);
		if (!inflated || !endsWithChecksum(compressed, inflated)) return { ok: false, reason: 'damaged' };
		payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
	} catch {
		// A bad zlib header, a broken deflate stream, a failed checksum, bad UTF-8, bad JSON.
		return { ok: false, reason: 'damaged' };
	}

	const parsed = payloadSchema.safeParse(payload);
	if (!parsed.success) return { ok: false, reason: 'invalid' };
	const p = parsed.data;
	const [reportId, userId, wardId] = [p.i, p.u, p.w].map(unpackUuid);
	if (!reportId || !userId || !wardId) return { ok: false, reason: 'invalid' };
	const body = toReportBody(p);
	// The same schema the server applies: a code the phone accepts is a report the server takes.
	const report = body && reportSchema.safeParse(body);
	if (!report?.success) return { ok: false, reason: 'invalid' };
	return { ok: true, handoff: { reportId, userId, wardId, report: report.data } };
}
