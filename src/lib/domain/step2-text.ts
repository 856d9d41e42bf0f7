/**
 * The Step-2 report as plain text (Step 2 of the procedure: what happened, since when, what
 * it stops, with photos): the same words go into the ward's Zalo group, an SMS to the leader,
 * and later push and e-mail, so whoever reads it — on any channel — reads the same facts in
 * the same order. One fact per line, because Zalo and SMS show no formatting and a line that
 * starts with "Từ:" or "Ảnh hưởng:" is found at a glance on a small screen.
 *
 * Pure text: it runs in the page (share, copy, `sms:` links), the service worker and Node.
 */
import { formatDate, formatTime } from './datetime';
import { getCategory, type Complexity } from './incident-catalog';
import type { ImpactLevel, ReportScope } from './report';

export interface Step2Input {
	/** A catalog id; an id this version does not know is shown as it is. */
	category: string;
	complexity: Complexity;
	wardName: string;
	description: string;
	affectedSystem?: string;
	errorMessage?: string;
	scope: ReportScope;
	/** ISO 8601, preferably with an offset. */
	startedAt: string;
	impactLevel: ImpactLevel;
	impact?: string;
	reporterName: string;
	/** Absolute URL of the incident page. */
	link?: string;
	attachmentCount?: number;
}

const TITLES: Record<Complexity, string> = {
	simple: '[SỰ CỐ ĐƠN GIẢN]',
	complex: '[SỰ CỐ PHỨC TẠP]'
};

const SCOPE_WORDS: Record<ReportScope, string> = {
	desk: 'Một quầy',
	several: 'Một số quầy',
	section: 'Toàn bộ Bộ phận Một cửa'
};

const IMPACT_WORDS: Record<ImpactLevel, string> = {
	none: 'Chưa ảnh hưởng đến tiếp nhận hồ sơ',
	slowed: 'Tiếp nhận hồ sơ bị chậm',
	stopped: 'Tiếp nhận hồ sơ đang bị dừng lại'
};

/** Between the impact level's words and the reporter's own. */
const IMPACT_SEPARATOR = ' — ';

/** A well-formed pair stays; a lone surrogate becomes U+FFFD (no lookbehind: Safari 15). */
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;

/**
 * A lone surrogate (from a bad paste) would make `encodeURIComponent` throw, and the share
 * button with it. `String.prototype.toWellFormed` would do this, but Chrome 109 lacks it.
 */
function wellFormed(text: string): string {
	return text.replace(SURROGATES, (match) => (match.length === 2 ? match : '\uFFFD'));
}

/**
 * User text on one line: a newline typed into the description would otherwise start what
 * looks like a new fact. NFC because Unikey can type "Unicode tổ hợp" (combining marks),
 * which some phones render badly and which costs an SMS two characters per letter.
 */
function oneLine(text: string | undefined): string {
	return wellFormed(text ?? '')
		.normalize('NFC')
		.replace(/\s+/g, ' ')
		.trim();
}

/** "08:15 hôm nay" on the same Vietnam calendar day as `now`, else "23:30 24/11/2026". */
function startedAtWords(startedAt: string, now: Date): string {
	const instant = new Date(startedAt);
	// A text that is not a time is still worth showing as typed, rather than failing the share.
	if (Number.isNaN(instant.getTime())) return oneLine(startedAt);
	const time = formatTime(instant);
	// Compared as Vietnam dates: 00:30 in Vietnam is already "tomorrow" though UTC says otherwise.
	return formatDate(instant) === formatDate(now) ? `${time} hôm nay` : `${time} ${formatDate(instant)}`;
}

/** The lines the full text and the SMS text share, with the optional ones chosen by the caller. */
interface Parts {
	description: string;
	impact: string;
	withDetails: boolean;
}

function lines(input: Step2Input, now: Date, parts: Parts): string[] {
	const ward = oneLine(input.wardName);
	const title = TITLES[input.complexity] ?? '[SỰ CỐ]';
	const category = oneLine(getCategory(input.category)?.labelVi ?? input.category);
	const affectedSystem = oneLine(input.affectedSystem);
	const errorMessage = oneLine(input.errorMessage);
	const impactWords = IMPACT_WORDS[input.impactLevel] ?? oneLine(input.impactLevel);
	const attachments = input.attachmentCount ?? 0;
	const reporter = oneLine(input.reporterName);
	const link = oneLine(input.link);

	const out = [ward ? `${title} ${ward}` : title, `Loại: ${category}`, `Mô tả: ${parts.description}`];
	if (parts.withDetails && affectedSystem) out.push(`Hệ thống: ${affectedSystem}`);
	if (parts.withDetails && errorMessage) out.push(`Thông báo lỗi: "${errorMessage}"`);
	out.push(`Phạm vi: ${SCOPE_WORDS[input.scope] ?? oneLine(input.scope)}`);
	out.push(`Từ: ${startedAtWords(input.startedAt, now)}`);
	out.push(`Ảnh hưởng: ${parts.impact ? `${impactWords}${IMPACT_SEPARATOR}${parts.impact}` : impactWords}`);
	if (parts.withDetails && attachments > 0) out.push(`Ảnh/video: ${attachments} tệp`);
	// A line with nothing after its colon is noise.
	if (reporter) out.push(`Người báo: ${reporter}`);
	if (link) out.push(link);
	return out;
}

/** The full Step-2 text, for the Zalo group (and later push and e-mail). */
export function formatStep2Text(input: Step2Input, now: Date): string {
	return lines(input, now, {
		description: oneLine(input.description),
		impact: oneLine(input.impact),
		withDetails: true
	}).join('\n');
}

/**
 * The longest SMS text, in UTF-16 code units (what the phone counts). Vietnamese letters
 * are outside the GSM 7-bit alphabet, so the message goes as UCS-2: 70 characters alone,
 * 67 per part once concatenated. Three parts hold only 201 — less than the fixed lines
 * (title, category, scope, time, impact level, name, link) already take: 260 to 340 with a
 * real ward, name and link. So the bound is seven parts, 7 × 67 = 469 (under 480): the phone
 * shows the parts as one message, and 130 to 210 characters are left for the description.
 * Carriers bill per part; an incident worth an SMS to the leader is worth seven.
 */
export const SMS_TEXT_MAX = 7 * 67;

/**
 * The impact words ("Tiếp nhận hồ sơ đang bị dừng lại") carry the fact, so the free text after
 * them gives way to the description: when both are long it keeps this many characters.
 */
const SMS_IMPACT_SHARE = 60;

const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` characters including the "…", at a space when one is near, so
 * that a Vietnamese syllable ("dừng") is not cut into another word ("dừ").
 */
function cut(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(max, 0));
	let end = max - ELLIPSIS.length;
	// Never split a surrogate pair (an emoji) in two.
	if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
	const space = text.lastIndexOf(' ', end);
	if (space > 0 && end - space <= 15) end = space;
	return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * The Step-2 text for an SMS: without the system, the error message and the attachment count
 * (the leader reads those in the app), and with the description — then the impact text — cut
 * so that the whole text is at most SMS_TEXT_MAX characters.
 */
export function shortStep2Text(input: Step2Input, now: Date): string {
	const description = oneLine(input.description);
	const impact = oneLine(input.impact);
	const build = (desc: string, imp: string) =>
		lines(input, now, { description: desc, impact: imp, withDetails: false }).join('\n');

	const full = build(description, impact);
	if (full.length <= SMS_TEXT_MAX) return full;

	// What the two texts may share; an impact text also brings its " — ".
	const room = SMS_TEXT_MAX - build('', '').length;
	const impactCost = impact ? impact.length + IMPACT_SEPARATOR.length : 0;
	const descriptionRoom = Math.max(0, Math.min(description.length, room - Math.min(impactCost, SMS_IMPACT_SHARE)));
	const impactRoom = room - descriptionRoom - IMPACT_SEPARATOR.length;
	const text = build(cut(description, descriptionRoom), impactRoom > ELLIPSIS.length ? cut(impact, impactRoom) : '');
	// Only absurd names or links get here; the text is then cut whole, link included.
	return text.length <= SMS_TEXT_MAX ? text : cut(text, SMS_TEXT_MAX);
}

/** Keeps the digits and the "+" of a stored number, so a stray space cannot break the link. */
function dialable(phone: string): string {
	return phone.replace(/[^\d+]/g, '');
}

/**
 * An `sms:` link that opens the phone's messages app with the text filled in. "?&body=" is
 * the one spelling both Android ("?body=") and iOS ("&body=") read.
 */
export function smsHref(phoneE164: string | null, text: string): string {
	return `sms:${phoneE164 ? dialable(phoneE164) : ''}?&body=${encodeURIComponent(wellFormed(text))}`;
}

export function telHref(phoneE164: string): string {
	return `tel:${dialable(phoneE164)}`;
}
