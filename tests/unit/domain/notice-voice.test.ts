import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeAudio } from '$lib/domain/audio-file';
import { checkNoticeAudio, formatDuration, mayRecordNoticeVoice, NOTICE_AUDIO_MAX_BYTES, noticeAudioUrl } from '$lib/domain/notice-voice';

// Recorded by Chromium's MediaRecorder from a 440 Hz tone, as a browser records a notice.
const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve('tests/fixtures/audio', name)));

const bytes = (...parts: (number[] | string | Uint8Array)[]) =>
	new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : Array.from(p))));
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];

/** PCM WAV: 8 kHz, 16-bit mono (16,000 bytes a second). */
function wav(seconds: number): Uint8Array {
	const data = Math.round(seconds * 16000);
	return bytes('RIFF', le32(36 + data), 'WAVE', 'fmt ', le32(16), le16(1), le16(1), le32(8000), le32(16000), le16(2), le16(16), 'data', le32(data), new Uint8Array(data));
}

/** MPEG-1 Layer III frames at 44.1 kHz, 1152 samples each: 417 bytes at 128 kbit/s, 104 at 32. */
function mp3(frames: number, id3 = false, kbps: 128 | 32 = 128): Uint8Array {
	const frame = new Uint8Array(kbps === 128 ? 417 : 104);
	frame.set([0xff, 0xfb, kbps === 128 ? 0x90 : 0x10, 0x00]);
	const tag = id3 ? bytes('ID3', [3, 0, 0, 0, 0, 0, 10], new Uint8Array(10)) : new Uint8Array();
	return bytes(tag, ...Array.from({ length: frames }, () => frame));
}

/** An Ogg page of stream 7 carrying one packet, with its granule position. */
function oggPage(packet: Uint8Array, granule: number, first = false): Uint8Array {
	const header = bytes('OggS', [0, first ? 2 : 0], le32(granule), le32(0), le32(7), le32(0), le32(0), [1, packet.length]);
	return bytes(header, packet);
}
const opusHead = bytes('OpusHead', [1, 1], le16(312), le32(48000), [0, 0, 0]);

describe('telling audio by its content', () => {
	it('reads a browser recording (WebM/Opus with no declared duration) to its last block', () => {
		const probe = probeAudio(fixture('tone.webm'));
		expect(probe).toMatchObject({ ok: true, type: 'audio/webm' });
		expect(probe.ok && probe.durationSeconds).toBeGreaterThan(1.2);
		expect(probe.ok && probe.durationSeconds).toBeLessThan(1.6);
	});

	it('reads a fragmented MP4 recording (Safari, Chromium) by its fragments', () => {
		const probe = probeAudio(fixture('tone-fragmented.m4a'));
		expect(probe).toMatchObject({ ok: true, type: 'audio/mp4' });
		expect(probe.ok && probe.durationSeconds).toBeGreaterThan(1.2);
		expect(probe.ok && probe.durationSeconds).toBeLessThan(1.6);
	});

	it('reads WAV, MP3 (with or without an ID3 tag) and Ogg Opus', () => {
		expect(probeAudio(wav(2.5))).toEqual({ ok: true, type: 'audio/wav', durationSeconds: 2.5 });
		expect(probeAudio(mp3(100))).toEqual({ ok: true, type: 'audio/mpeg', durationSeconds: 2.612 });
		expect(probeAudio(mp3(100, true))).toEqual({ ok: true, type: 'audio/mpeg', durationSeconds: 2.612 });
		const ogg = bytes(oggPage(opusHead, 0, true), oggPage(bytes('OpusTags'), 0), oggPage(new Uint8Array(50), 48000 * 4 + 312));
		expect(probeAudio(ogg)).toEqual({ ok: true, type: 'audio/ogg', durationSeconds: 4 });
	});

	it('refuses what is not audio: a video, a picture, a program, text — whatever its name', () => {
		expect(probeAudio(fixture('video.webm'))).toEqual({ ok: false, reason: 'not_audio' });
		expect(probeAudio(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], new Uint8Array(20)))).toEqual({ ok: false, reason: 'not_audio' });
		expect(probeAudio(bytes('MZ\x90\x00 This program cannot be run in DOS mode'))).toEqual({ ok: false, reason: 'not_audio' });
		expect(probeAudio(bytes('Kính thưa các bác, các anh chị'))).toEqual({ ok: false, reason: 'not_audio' });
		// An ISO file with no sound track (a HEIC photo).
		expect(probeAudio(bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic'))).toEqual({ ok: false, reason: 'not_audio' });
		// Ogg carrying video (Theora).
		expect(probeAudio(oggPage(bytes([0x80], 'theora', new Uint8Array(20)), 0, true))).toEqual({ ok: false, reason: 'not_audio' });
		// One stray frame sync is not an MP3.
		expect(probeAudio(bytes([0xff, 0xfb, 0x90, 0x00], 'not really an mp3 file at all'))).toEqual({ ok: false, reason: 'not_audio' });
	});

	it('calls a damaged or empty audio file unreadable', () => {
		const webm = fixture('tone.webm');
		expect(probeAudio(webm.subarray(0, 60))).toEqual({ ok: false, reason: 'unreadable' });
		expect(probeAudio(wav(0))).toEqual({ ok: false, reason: 'unreadable' });
		expect(probeAudio(oggPage(opusHead, 0, true))).toEqual({ ok: false, reason: 'unreadable' });
	});

	it('is never fooled into a short duration by a header: the frames count', () => {
		// A WebM declaring 1 s whose blocks run to 200 s.
		const ebml = (id: number[], payload: Uint8Array) => bytes(id, [0x80 | payload.length], payload);
		const info = ebml([0x15, 0x49, 0xa9, 0x66], bytes(ebml([0x44, 0x89], new Uint8Array([0x44, 0x7a, 0, 0]))));
		const tracks = ebml([0x16, 0x54, 0xae, 0x6b], ebml([0xae], ebml([0x83], new Uint8Array([2]))));
		const cluster = ebml([0x1f, 0x43, 0xb6, 0x75], bytes(ebml([0xe7], new Uint8Array([0x03, 0x0d, 0x40])), ebml([0xa3], new Uint8Array([0x81, 0, 0, 0x80, 1, 2]))));
		const file = bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80], [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], info, tracks, cluster);
		const probe = probeAudio(file);
		expect(probe).toEqual({ ok: true, type: 'audio/webm', durationSeconds: 200 });
	});
});

describe('a notice recording', () => {
	it('is audio of at most 2 MB and 3 minutes, and not empty', () => {
		expect(checkNoticeAudio(fixture('tone.webm'))).toMatchObject({ ok: true, type: 'audio/webm' });
		expect(checkNoticeAudio(new Uint8Array())).toEqual({ ok: false, reason: 'audio_empty' });
		const big = new Uint8Array(NOTICE_AUDIO_MAX_BYTES + 1);
		big.set(wav(1));
		expect(checkNoticeAudio(big)).toEqual({ ok: false, reason: 'audio_too_large' });
		expect(checkNoticeAudio(bytes('%PDF-1.7\n'))).toEqual({ ok: false, reason: 'audio_type_refused' });
		expect(checkNoticeAudio(wav(0))).toEqual({ ok: false, reason: 'audio_unreadable' });
		// 181 s of 8 kHz 8-bit mono is 1.4 MB: small enough, too long.
		const long = bytes('RIFF', le32(36 + 181 * 8000), 'WAVE', 'fmt ', le32(16), le16(1), le16(1), le32(8000), le32(8000), le16(1), le16(8), 'data', le32(181 * 8000), new Uint8Array(181 * 8000));
		expect(checkNoticeAudio(long)).toEqual({ ok: false, reason: 'audio_too_long', durationSeconds: 181 });
		expect(checkNoticeAudio(mp3(6890, false, 32))).toMatchObject({ ok: true }); // 179.97 s
		expect(checkNoticeAudio(mp3(6900, false, 32))).toMatchObject({ ok: false, reason: 'audio_too_long' }); // 180.24 s
	});

	it('may be made by administrators and the Response Team leader and deputy only', () => {
		const who = (role: 'admin' | 'ward_responder' | 'desk_officer' | 'province_team' | 'vendor_team', isLeader = false, isDeputy = false) =>
			mayRecordNoticeVoice({ role, isLeader, isDeputy });
		expect([who('admin'), who('ward_responder', true), who('ward_responder', false, true)]).toEqual([true, true, true]);
		expect([who('ward_responder'), who('desk_officer'), who('province_team'), who('vendor_team')]).toEqual([false, false, false, false]);
	});

	it('has an address that changes with its bytes, and a readable length', () => {
		expect(noticeAudioUrl('phuong-thai-hoa', 'ab'.repeat(32))).toBe(`/api/public/wards/phuong-thai-hoa/notice-audio/${'ab'.repeat(32)}`);
		expect([formatDuration(0), formatDuration(42.4), formatDuration(65), formatDuration(180)]).toEqual(['0:00', '0:42', '1:05', '3:00']);
	});
});
