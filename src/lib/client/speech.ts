/** Reading the notice aloud with the browser's own speech synthesis. */
import { chooseVietnameseVoice } from '$lib/domain/display';

export type SpeakResult = 'spoken' | 'no_voice' | 'unsupported';

/** Voices arrive asynchronously in Chromium; wait briefly for the list. */
async function voices(): Promise<SpeechSynthesisVoice[]> {
	const now = speechSynthesis.getVoices();
	if (now.length > 0) return now;
	return new Promise((resolve) => {
		const done = () => resolve(speechSynthesis.getVoices());
		speechSynthesis.addEventListener('voiceschanged', done, { once: true });
		setTimeout(done, 1500);
	});
}

export async function hasVietnameseVoice(): Promise<boolean> {
	return 'speechSynthesis' in window && chooseVietnameseVoice(await voices()) !== null;
}

/**
 * Reads `text` with a Vietnamese voice. `onBlocked` hears when the browser refuses to speak
 * (no user gesture yet on a kiosk without the autoplay flag), which is otherwise silent.
 */
export async function speakVietnamese(text: string, onBlocked?: () => void): Promise<SpeakResult> {
	if (!('speechSynthesis' in window)) return 'unsupported';
	const voice = chooseVietnameseVoice(await voices());
	if (!voice) return 'no_voice';
	const utterance = new SpeechSynthesisUtterance(text);
	utterance.onerror = (event) => {
		if (event.error === 'not-allowed') onBlocked?.();
	};
	utterance.voice = voice;
	utterance.lang = voice.lang;
	// A little slower than default: elderly listeners, a noisy room.
	utterance.rate = 0.9;
	speechSynthesis.cancel();
	speechSynthesis.speak(utterance);
	return 'spoken';
}
