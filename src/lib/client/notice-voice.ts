/**
 * The ward's recorded notice, from the recording page: read, save, remove. A recording or a
 * chosen file is checked here first with the server's own rules (its content, 2 MB, 3
 * minutes), so a wrong file is named at once, without sending 2 MB over 3G in vain.
 */
import {
	checkNoticeAudio,
	formatDuration,
	NOTICE_AUDIO_MAX_BYTES,
	NOTICE_AUDIO_MAX_SECONDS,
	type NoticeAudioCheck,
	type NoticeVoiceInfo
} from '$lib/domain/notice-voice';
import { m } from '$lib/paraglide/messages';
import { callApi } from './api';

export type VoiceResult<T> = { ok: true; value: T } | { ok: false; message: string };

const voicePath = (wardId: string) => `/api/units/${encodeURIComponent(wardId)}/notice/audio`;

export async function loadNoticeVoice(wardId: string): Promise<VoiceResult<NoticeVoiceInfo | null>> {
	const result = await callApi<{ audio: NoticeVoiceInfo | null }>(voicePath(wardId));
	if (result.ok) return { ok: true, value: result.data.audio };
	return { ok: false, message: result.reason === 'offline' ? m.settings_needs_network() : result.message };
}

/** The bytes checked as the server will; the refusal in words. */
export async function checkRecording(blob: Blob): Promise<(NoticeAudioCheck & { ok: true }) | { ok: false; message: string }> {
	// Not read at all when it is plainly too big (a 300 MB video chosen by mistake).
	if (blob.size > NOTICE_AUDIO_MAX_BYTES) return { ok: false, message: refusalMessage({ ok: false, reason: 'audio_too_large' }) };
	const check = checkNoticeAudio(new Uint8Array(await blob.arrayBuffer()));
	return check.ok ? check : { ok: false, message: refusalMessage(check) };
}

function refusalMessage(check: NoticeAudioCheck & { ok: false }): string {
	switch (check.reason) {
		case 'audio_empty':
			return m.api_audio_empty();
		case 'audio_too_large':
			return m.api_audio_too_large({ limit: NOTICE_AUDIO_MAX_BYTES / 1024 / 1024 });
		case 'audio_type_refused':
			return m.api_audio_type_refused();
		case 'audio_unreadable':
			return m.api_audio_unreadable();
		case 'audio_too_long':
			return m.api_audio_too_long({
				duration: formatDuration(check.durationSeconds ?? NOTICE_AUDIO_MAX_SECONDS),
				limit: NOTICE_AUDIO_MAX_SECONDS / 60
			});
	}
}

/** Sends the bytes as they are; the page keeps them whatever the answer, for another try. */
export async function saveNoticeVoice(wardId: string, blob: Blob): Promise<VoiceResult<NoticeVoiceInfo>> {
	if (!navigator.onLine) return { ok: false, message: m.admin_voice_needs_network() };
	let response: Response;
	try {
		response = await fetch(voicePath(wardId), {
			method: 'PUT',
			headers: { 'content-type': blob.type || 'application/octet-stream' },
			body: blob,
			credentials: 'same-origin'
		});
	} catch {
		return { ok: false, message: m.admin_voice_needs_network() };
	}
	const body = (await response.json().catch(() => null)) as { audio?: NoticeVoiceInfo; error?: { message?: string } } | null;
	if (response.ok && body?.audio) return { ok: true, value: body.audio };
	return { ok: false, message: body?.error?.message ?? m.api_unreachable({ status: response.status }) };
}

export async function removeNoticeVoice(wardId: string): Promise<VoiceResult<null>> {
	const result = await callApi(voicePath(wardId), { method: 'DELETE' });
	if (result.ok) return { ok: true, value: null };
	return { ok: false, message: result.reason === 'offline' ? m.settings_needs_network() : result.message };
}
