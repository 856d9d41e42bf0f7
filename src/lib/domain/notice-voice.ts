/**
 * The ward's notice in a human voice: a recording (made in the browser or uploaded) that the
 * notice display plays instead of the device's speech synthesis, which Windows 7/8.1 PCs and
 * most TV boxes cannot do in Vietnamese. Who may record it, and what a recording may be.
 */
import { probeAudio, type AudioType } from './audio-file';
import type { Role } from './roles';

export { AUDIO_TYPES, type AudioType } from './audio-file';

/**
 * Three minutes read slowly is well over the longest notice a screen holds (500 characters);
 * 2 MB is three minutes of browser-recorded Opus with room to spare, and a phone on 3G
 * sends it in well under a minute.
 */
export const NOTICE_AUDIO_MAX_BYTES = 2 * 1024 * 1024;
export const NOTICE_AUDIO_MAX_SECONDS = 180;

/** Administrators (within their units) and the ward's Response Team leader and deputy. */
export function mayRecordNoticeVoice(user: { role: Role; isLeader: boolean; isDeputy: boolean }): boolean {
	return user.role === 'admin' || (user.role === 'ward_responder' && (user.isLeader || user.isDeputy));
}

export type NoticeAudioRefusal = 'audio_empty' | 'audio_too_large' | 'audio_type_refused' | 'audio_unreadable' | 'audio_too_long';

export type NoticeAudioCheck =
	| { ok: true; type: AudioType; durationSeconds: number }
	/** `durationSeconds`: how long a too-long recording is, for the message. */
	| { ok: false; reason: NoticeAudioRefusal; durationSeconds?: number };

/** The page checks a recording or a chosen file with this before sending it; the server again. */
export function checkNoticeAudio(bytes: Uint8Array): NoticeAudioCheck {
	if (bytes.byteLength === 0) return { ok: false, reason: 'audio_empty' };
	if (bytes.byteLength > NOTICE_AUDIO_MAX_BYTES) return { ok: false, reason: 'audio_too_large' };
	const probe = probeAudio(bytes);
	if (!probe.ok) return { ok: false, reason: probe.reason === 'not_audio' ? 'audio_type_refused' : 'audio_unreadable' };
	if (probe.durationSeconds > NOTICE_AUDIO_MAX_SECONDS) {
		return { ok: false, reason: 'audio_too_long', durationSeconds: probe.durationSeconds };
	}
	return probe;
}

/**
 * The recording's public address. Its SHA-256 is in the path, not in a query parameter: a new
 * recording is a new address, which every cache (the browser's, a proxy's, the display's
 * service worker, which ignores some parameters) fetches afresh, while the old bytes may be
 * kept for good.
 */
export function noticeAudioUrl(wardSlug: string, sha256: string): string {
	return `/api/public/wards/${encodeURIComponent(wardSlug)}/notice-audio/${sha256}`;
}

/** One decimal: what a person reads as "0:42", with room for rounding. */
export const roundSeconds = (seconds: number) => Math.round(seconds * 10) / 10;

/** "1:05" */
export function formatDuration(seconds: number): string {
	const whole = Math.max(0, Math.round(seconds));
	return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** What the recording page shows about a ward's recording (`GET /api/units/{id}/notice/audio`). */
export interface NoticeVoiceInfo {
	url: string;
	type: AudioType;
	durationSeconds: number;
	size: number;
	recordedAt: string;
	recordedByName: string;
	/** False once the notice text was changed after this was recorded: it may no longer match. */
	matchesText: boolean;
}
