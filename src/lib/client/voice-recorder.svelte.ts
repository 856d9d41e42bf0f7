/**
 * Recording the notice in the browser: the microphone through `MediaRecorder`, with a live
 * level (so the person sees the microphone hears them) and the time against the 3-minute cap.
 *
 * - Opus at 48 kbit/s: clear speech, and 3 minutes stay near 1.1 MB, well inside the 2 MB cap
 *   (the browser's default, about 130 kbit/s, would not).
 * - The recording stops by itself half a second before the cap, so the file's own length
 *   stays within it, and says so.
 * - Level and time tick every 100 ms on a timer, not animation frames, which a phone stops
 *   in the background.
 */
import { NOTICE_AUDIO_MAX_SECONDS } from '$lib/domain/notice-voice';

export type RecorderProblem = 'unsupported' | 'no_microphone' | 'permission_denied' | 'microphone_busy' | 'failed';

const BITS_PER_SECOND = 48_000;
const STOP_AT_SECONDS = NOTICE_AUDIO_MAX_SECONDS - 0.5;
const TICK_MS = 100;
/** What each browser records: Chromium and Firefox WebM/Opus, Safari MP4. */
const TYPES = ['audio/webm;codecs=opus', 'audio/mp4', 'audio/ogg;codecs=opus', 'audio/webm'];

/** getUserMedia's refusals, by the names browsers give them. */
function problemOf(err: unknown): RecorderProblem {
	switch ((err as DOMException)?.name) {
		case 'NotAllowedError':
		case 'SecurityError':
		case 'PermissionDeniedError':
			return 'permission_denied';
		case 'NotFoundError':
		case 'OverconstrainedError':
		case 'DevicesNotFoundError':
			return 'no_microphone';
		case 'NotReadableError':
		case 'TrackStartError':
		case 'AbortError':
			return 'microphone_busy';
		default:
			return 'failed';
	}
}

export class VoiceRecorder {
	state = $state<'idle' | 'starting' | 'recording'>('idle');
	/** 0–1, the microphone's loudness now. */
	level = $state(0);
	elapsed = $state(0);
	problem = $state<RecorderProblem | null>(null);
	stoppedAtLimit = $state(false);

	private stream: MediaStream | null = null;
	private context: AudioContext | null = null;
	private recorder: MediaRecorder | null = null;
	private ticker: ReturnType<typeof setInterval> | undefined;
	private disposed = false;

	/** `onRecorded` hears each finished recording. */
	constructor(private readonly onRecorded: (recording: Blob) => void) {}

	async start(): Promise<void> {
		if (this.state !== 'idle') return;
		this.problem = null;
		this.stoppedAtLimit = false;
		if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
			this.problem = 'unsupported';
			return;
		}
		this.state = 'starting';
		try {
			this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
		} catch (err) {
			this.state = 'idle';
			this.problem = problemOf(err);
			return;
		}
		if (this.disposed) return this.release();
		try {
			this.record(this.stream);
		} catch {
			this.release();
			this.state = 'idle';
			this.problem = 'failed';
		}
	}

	private record(stream: MediaStream): void {
		const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
		const recorder = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: BITS_PER_SECOND });
		const chunks: Blob[] = [];
		recorder.ondataavailable = (event) => event.data.size > 0 && chunks.push(event.data);
		recorder.onerror = () => {
			this.problem = 'failed';
			this.stop();
		};
		recorder.onstop = () => {
			this.release();
			this.state = 'idle';
			const type = (recorder.mimeType || mimeType || 'audio/webm').split(';')[0]!;
			if (!this.problem && !this.disposed) this.onRecorded(new Blob(chunks, { type }));
		};
		const meter = this.meter(stream);
		const started = performance.now();
		this.ticker = setInterval(() => {
			this.elapsed = (performance.now() - started) / 1000;
			this.level = Math.max(meter(), this.level * 0.7);
			if (this.elapsed >= STOP_AT_SECONDS) {
				this.stoppedAtLimit = true;
				this.stop();
			}
		}, TICK_MS);
		this.recorder = recorder;
		this.elapsed = 0;
		recorder.start(1000);
		this.state = 'recording';
	}

	/**
	 * The loudest sample of the last few milliseconds on a decibel scale, as recording meters
	 * show it: −60 dBFS (a quiet room) is empty, full scale is full, speech sits in the upper half.
	 */
	private meter(stream: MediaStream): () => number {
		try {
			this.context = new AudioContext();
			const analyser = this.context.createAnalyser();
			analyser.fftSize = 1024;
			this.context.createMediaStreamSource(stream).connect(analyser);
			const samples = new Float32Array(analyser.fftSize);
			return () => {
				analyser.getFloatTimeDomainData(samples);
				let peak = 0;
				for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
				return peak > 0 ? Math.min(1, Math.max(0, 1 + (20 * Math.log10(peak)) / 60)) : 0;
			};
		} catch {
			// No meter is no reason not to record.
			return () => 0;
		}
	}

	stop(): void {
		clearInterval(this.ticker);
		if (this.recorder?.state === 'recording') this.recorder.stop();
		else this.release();
	}

	/** Leaving the page: the microphone is let go, nothing is kept. */
	dispose(): void {
		this.disposed = true;
		this.stop();
	}

	private release(): void {
		clearInterval(this.ticker);
		this.ticker = undefined;
		this.level = 0;
		for (const track of this.stream?.getTracks() ?? []) track.stop();
		this.stream = null;
		void this.context?.close().catch(() => {});
		this.context = null;
		this.recorder = null;
	}
}
