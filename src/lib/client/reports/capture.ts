/**
 * Getting evidence of an error onto the report: a phone photo made smaller, a frame of the
 * screen, a short recording. Screenshots stay PNG (lossless) so that error text remains
 * legible; camera photos become JPEG at most 1600 px wide, which keeps a document readable and
 * a 3G upload short.
 */

export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.85;
export const RECORDING_MAX_SECONDS = 60;

function canvasToBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
	return new Promise((resolve, reject) =>
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), type, quality)
	);
}

/** A camera photo, downscaled; a picture already small enough is kept as it is. */
export async function downscalePhoto(file: Blob): Promise<Blob> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		return file; // not decodable here: the type check decides what happens to it
	}
	const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
	if (scale === 1 && file.type === 'image/jpeg') {
		bitmap.close();
		return file;
	}
	const canvas = document.createElement('canvas');
	canvas.width = Math.round(bitmap.width * scale);
	canvas.height = Math.round(bitmap.height * scale);
	canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
	bitmap.close();
	return canvasToBlob(canvas, 'image/jpeg', PHOTO_QUALITY);
}

function stopAll(stream: MediaStream): void {
	for (const track of stream.getTracks()) track.stop();
}

/** One frame of a screen or window the officer picks, as a lossless PNG. */
export async function captureScreenFrame(): Promise<Blob> {
	const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
	try {
		const video = document.createElement('video');
		video.muted = true;
		video.srcObject = stream;
		await video.play();
		// The first frame is sometimes blank while the picker closes; wait for a real one.
		await new Promise((resolve) => setTimeout(resolve, 250));
		const canvas = document.createElement('canvas');
		canvas.width = video.videoWidth;
		canvas.height = video.videoHeight;
		canvas.getContext('2d')!.drawImage(video, 0, 0);
		video.srcObject = null;
		return await canvasToBlob(canvas, 'image/png');
	} finally {
		stopAll(stream);
	}
}

export interface Recording {
	/** Ends the recording and gives the video. */
	stop(): Promise<Blob>;
	/** Ends without keeping anything. */
	cancel(): void;
	readonly stream: MediaStream;
}

/**
 * A short screen or camera recording (WebM). It stops by itself after RECORDING_MAX_SECONDS,
 * or when the officer ends the screen share from the browser's own bar.
 */
export async function startRecording(what: 'screen' | 'camera', onAutoStop: () => void): Promise<Recording> {
	const stream =
		what === 'screen'
			? await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })
			: await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
	const mimeType = ['video/webm;codecs=vp8', 'video/webm', 'video/mp4'].find((t) => MediaRecorder.isTypeSupported(t));
	const recorder = new MediaRecorder(stream, mimeType ? { mimeType, videoBitsPerSecond: 1_000_000 } : undefined);
	const chunks: Blob[] = [];
	recorder.ondataavailable = (event) => {
		if (event.data.size > 0) chunks.push(event.data);
	};
	const stopped = new Promise<Blob>((resolve) => {
		recorder.onstop = () => {
			stopAll(stream);
			resolve(new Blob(chunks, { type: (recorder.mimeType || 'video/webm').split(';')[0] }));
		};
	});
	const limit = setTimeout(() => {
		if (recorder.state === 'recording') {
			recorder.stop();
			onAutoStop();
		}
	}, RECORDING_MAX_SECONDS * 1000);
	stream.getVideoTracks()[0]?.addEventListener('ended', () => {
		if (recorder.state === 'recording') {
			recorder.stop();
			onAutoStop();
		}
	});
	recorder.start(1000);
	return {
		stream,
		stop() {
			clearTimeout(limit);
			if (recorder.state === 'recording') recorder.stop();
			return stopped;
		},
		cancel() {
			clearTimeout(limit);
			recorder.ondataavailable = null;
			if (recorder.state === 'recording') recorder.stop();
			stopAll(stream);
		}
	};
}
