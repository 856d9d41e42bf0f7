/**
 * What an audio file really is and how long it plays, read from its bytes alone (never from
 * its name or declared type). The same reading runs on the page, before anything is sent,
 * and on the server, which trusts nothing else.
 *
 * Formats: what browsers record (WebM/Opus from Chromium and Firefox, MP4 from Safari, also
 * fragmented) and what people have on their phones and PCs (MP3, M4A, WAV, Ogg). A file with
 * a video track is not audio. The length comes from the container: declared durations and
 * the timestamps of the last frames (a live recording declares none), whichever is longer,
 * so a header cannot make a long file pass for a short one.
 */

export const AUDIO_TYPES = {
	'audio/webm': 'WebM',
	'audio/ogg': 'OGG',
	'audio/mpeg': 'MP3',
	'audio/wav': 'WAV',
	'audio/mp4': 'M4A'
} as const;
export type AudioType = keyof typeof AUDIO_TYPES;

export type AudioProbe =
	| { ok: true; type: AudioType; durationSeconds: number }
	/** `not_audio`: no audio format we know, or a video. `unreadable`: an audio format, but damaged or empty. */
	| { ok: false; reason: 'not_audio' | 'unreadable' };

const NOT_AUDIO = { ok: false, reason: 'not_audio' } as const;
const UNREADABLE = { ok: false, reason: 'unreadable' } as const;

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
const u32be = (b: Uint8Array, at: number) => b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
const u64be = (b: Uint8Array, at: number) => u32be(b, at) * 0x100000000 + u32be(b, at + 4);

export function probeAudio(bytes: Uint8Array): AudioProbe {
	if (bytes.length < 12) return NOT_AUDIO;
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return typed('audio/wav', wavSeconds(bytes));
	if (ascii(bytes, 0, 4) === 'OggS') return typed('audio/ogg', oggSeconds(bytes));
	if (u32be(bytes, 0) === 0x1a45dfa3) return typed('audio/webm', matroskaSeconds(bytes));
	if (ascii(bytes, 4, 4) === 'ftyp') return typed('audio/mp4', mp4Seconds(bytes));
	if (ascii(bytes, 0, 3) === 'ID3' || isMp3Frame(bytes, 0)) return typed('audio/mpeg', mp3Seconds(bytes));
	return NOT_AUDIO;
}

/** A parser's answer: seconds, `null` (damaged), or `'not_audio'` (a video, say). */
type Seconds = number | null | 'not_audio';

function typed(type: AudioType, seconds: Seconds): AudioProbe {
	if (seconds === 'not_audio') return NOT_AUDIO;
	if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return UNREADABLE;
	return { ok: true, type, durationSeconds: Math.round(seconds * 1000) / 1000 };
}

// ---------------------------------------------------------------------------------------
// WAV: the data chunk's size over the format's bytes per second.

function wavSeconds(b: Uint8Array): Seconds {
	let byteRate = 0;
	for (let at = 12; at + 8 <= b.length; ) {
		const id = ascii(b, at, 4);
		const size = u32le(b, at + 4);
		if (id === 'fmt ' && at + 16 <= b.length) byteRate = u32le(b, at + 16);
		if (id === 'data') {
			// A streamed WAV may say 0 or "unknown" here: what is there is what plays.
			const present = b.length - (at + 8);
			return byteRate > 0 ? Math.min(size || present, present) / byteRate : null;
		}
		at += 8 + size + (size % 2);
	}
	return null;
}

// ---------------------------------------------------------------------------------------
// MP3: every frame counted (CBR and VBR alike), after an ID3v2 tag if there is one.

const MP3_BITRATES = {
	v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
};
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** A Layer III frame header at `at`: its length in bytes and the seconds it plays, or null. */
function mp3Frame(b: Uint8Array, at: number): { length: number; seconds: number } | null {
	if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
	const version = (b[at + 1]! >> 3) & 3;
	const layer = (b[at + 1]! >> 1) & 3;
	const bitrateIndex = b[at + 2]! >> 4;
	const rateIndex = (b[at + 2]! >> 2) & 3;
	if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
	const mpeg1 = version === 3;
	const bitrate = (mpeg1 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[bitrateIndex]! * 1000;
	const rate = MP3_RATES[version]![rateIndex]!;
	const padding = (b[at + 2]! >> 1) & 1;
	const samples = mpeg1 ? 1152 : 576;
	return { length: Math.floor(((samples / 8) * bitrate) / rate) + padding, seconds: samples / rate };
}

/** A frame here and another right after it: two in a row do not happen by chance. */
function isMp3Frame(b: Uint8Array, at: number): boolean {
	const frame = mp3Frame(b, at);
	return frame !== null && (at + frame.length === b.length || mp3Frame(b, at + frame.length) !== null);
}

function mp3Seconds(b: Uint8Array): Seconds {
	let at = 0;
	if (ascii(b, 0, 3) === 'ID3') {
		const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
		at = 10 + size + (b[5]! & 0x10 ? 10 : 0);
	}
	if (!isMp3Frame(b, at)) return null;
	let seconds = 0;
	for (let frame = mp3Frame(b, at); frame; frame = mp3Frame(b, at)) {
		seconds += frame.seconds;
		at += frame.length;
	}
	return seconds;
}

// ---------------------------------------------------------------------------------------
// Ogg: the last page's granule position (samples) at the stream's rate (Opus or Vorbis).

function oggSeconds(b: Uint8Array): Seconds {
	let rate = 0;
	let preSkip = 0;
	let serial = -1;
	let last = -1;
	for (let at = 0; at + 27 <= b.length && ascii(b, at, 4) === 'OggS'; ) {
		const segments = b[at + 26]!;
		const body = at + 27 + segments;
		if (body > b.length) break;
		let size = 0;
		for (let i = 0; i < segments; i++) size += b[at + 27 + i]!;
		const pageSerial = u32le(b, at + 14);
		if (b[at + 5]! & 0x02) {
			// The first page of a stream names its codec: only Opus and Vorbis are audio here.
			if (ascii(b, body, 8) === 'OpusHead') {
				if (serial === -1) [serial, rate, preSkip] = [pageSerial, 48000, u16le(b, body + 10)];
			} else if (ascii(b, body, 7) === '\x01vorbis') {
				if (serial === -1) [serial, rate] = [pageSerial, u32le(b, body + 12)];
			} else return 'not_audio';
		}
		// A granule position of all ones means "no packet ends on this page".
		const granuleLow = u32le(b, at + 6);
		const granuleHigh = u32le(b, at + 10);
		if (pageSerial === serial && !(granuleLow === 0xffffffff && granuleHigh === 0xffffffff)) {
			last = granuleHigh * 0x100000000 + granuleLow;
		}
		at = body + size;
	}
	return rate > 0 && last >= 0 ? (last - preSkip) / rate : null;
}

// ---------------------------------------------------------------------------------------
// WebM / Matroska (EBML). A browser's live recording has no declared duration and elements of
// unknown size, so the file is read as one flat run of elements: containers are entered,
// everything else skipped, and each block's time is its cluster's time plus its own offset.

const EBML = {
	segment: 0x18538067,
	info: 0x1549a966,
	tracks: 0x1654ae6b,
	trackEntry: 0xae,
	cluster: 0x1f43b675,
	blockGroup: 0xa0,
	timecodeScale: 0x2ad7b1,
	duration: 0x4489,
	trackType: 0x83,
	clusterTime: 0xe7,
	simpleBlock: 0xa3,
	block: 0xa1
};
const EBML_CONTAINERS = new Set([EBML.segment, EBML.info, EBML.tracks, EBML.trackEntry, EBML.cluster, EBML.blockGroup]);

/** An EBML variable-length number at `at`: its value (marker kept for ids) and length. */
function vint(b: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
	const first = b[at];
	if (first === undefined || first === 0) return null;
	const length = Math.clz32(first) - 23;
	if (length > 8 || at + length > b.length) return null;
	let value = keepMarker ? first : first & (0xff >> length);
	let allOnes = value === 0xff >> length;
	for (let i = 1; i < length; i++) {
		value = value * 256 + b[at + i]!;
		allOnes &&= b[at + i] === 0xff;
	}
	return { value, length, unknown: !keepMarker && allOnes };
}

function uintOf(b: Uint8Array, at: number, size: number): number {
	let value = 0;
	for (let i = 0; i < size; i++) value = value * 256 + b[at + i]!;
	return value;
}

function matroskaSeconds(b: Uint8Array): Seconds {
	let scale = 1_000_000; // nanoseconds per tick, Matroska's default
	let declared = 0;
	let clusterTime = 0;
	let lastBlock = -1;
	let audio = false;
	// The EBML header itself is skipped by its size; everything after it is the file's body.
	for (let at = 0; at < b.length; ) {
		const id = vint(b, at, true);
		const size = id && vint(b, at + id.length, false);
		if (!id || !size) return null;
		const data = at + id.length + size.length;
		if (EBML_CONTAINERS.has(id.value)) {
			at = data;
			continue;
		}
		if (size.unknown) return null;
		if (data + size.value > b.length) break; // the last element cut short: what came before counts
		switch (id.value) {
			case EBML.timecodeScale:
				scale = uintOf(b, data, size.value) || scale;
				break;
			case EBML.duration: {
				const view = new DataView(b.buffer, b.byteOffset + data, size.value);
				declared = size.value === 4 ? view.getFloat32(0) : size.value === 8 ? view.getFloat64(0) : 0;
				break;
			}
			case EBML.trackType: {
				const type = uintOf(b, data, size.value);
				if (type === 1) return 'not_audio';
				audio ||= type === 2;
				break;
			}
			case EBML.clusterTime:
				clusterTime = uintOf(b, data, size.value);
				break;
			case EBML.simpleBlock:
			case EBML.block: {
				const track = vint(b, data, false);
				if (!track) return null;
				const offset = new DataView(b.buffer, b.byteOffset + data + track.length, 2).getInt16(0);
				lastBlock = Math.max(lastBlock, clusterTime + offset);
				break;
			}
		}
		at = data + size.value;
	}
	if (!audio) return null;
	const ticks = Math.max(Number.isFinite(declared) ? declared : 0, lastBlock);
	return ticks > 0 ? (ticks * scale) / 1e9 : null;
}

// ---------------------------------------------------------------------------------------
// MP4 / M4A: the movie's declared duration, or — for a fragmented recording (Safari,
// Chromium), which declares none — the sum of its fragments' sample durations.

const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf']);

function mp4Seconds(b: Uint8Array): Seconds {
	let declared = 0;
	let trackScale = 0;
	let defaultDuration = 0;
	let fragmentDefault = 0;
	let fragmentTicks = 0;
	let sound = false;
	for (let at = 0; at + 8 <= b.length; ) {
		let size = u32be(b, at);
		const type = ascii(b, at + 4, 4);
		let header = 8;
		if (size === 1) {
			if (at + 16 > b.length) break;
			size = u64be(b, at + 8);
			header = 16;
		} else if (size === 0) size = b.length - at;
		if (size < header) return null;
		if (MP4_CONTAINERS.has(type)) {
			at += header;
			continue;
		}
		const body = at + header;
		if (body + Math.min(size - header, 32) > b.length) break;
		const version = b[body]!;
		switch (type) {
			case 'mvhd': {
				const [scale, duration] = version === 1 ? [u32be(b, body + 20), u64be(b, body + 24)] : [u32be(b, body + 12), u32be(b, body + 16)];
				if (scale > 0 && duration < 0xffffffff) declared = Math.max(declared, duration / scale);
				break;
			}
			case 'mdhd':
				trackScale ||= version === 1 ? u32be(b, body + 20) : u32be(b, body + 12);
				break;
			case 'hdlr': {
				const handler = ascii(b, body + 8, 4);
				if (handler === 'vide') return 'not_audio';
				sound ||= handler === 'soun';
				break;
			}
			case 'trex':
				defaultDuration = u32be(b, body + 12);
				break;
			case 'tfhd': {
				const flags = u32be(b, body) & 0xffffff;
				const field = body + 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
				fragmentDefault = flags & 0x08 ? u32be(b, field) : defaultDuration;
				break;
			}
			case 'trun':
				fragmentTicks += trunTicks(b, body, Math.min(at + size, b.length), fragmentDefault || defaultDuration);
				break;
		}
		at += size;
	}
	// An ISO file with no sound track (a HEIC photo, say) is not audio.
	if (!sound) return 'not_audio';
	const fragments = trackScale > 0 ? fragmentTicks / trackScale : 0;
	return Math.max(declared, fragments);
}

/** The ticks a track run plays: each sample's own duration, or the fragment's default. */
function trunTicks(b: Uint8Array, body: number, end: number, fallback: number): number {
	const flags = u32be(b, body) & 0xffffff;
	const count = u32be(b, body + 4);
	let at = body + 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
	if (!(flags & 0x100)) return count * fallback;
	const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
	let ticks = 0;
	for (let i = 0; i < count && at + 4 <= end; i++, at += stride) ticks += u32be(b, at);
	return ticks;
}
