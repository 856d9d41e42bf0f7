/**
 * The display's calls into the browser, checked with spies (no screen and no speaker
 * here): the wake lock is asked for, given back, and asked for again; the notice is read
 * only with a Vietnamese voice, and a refusal by the browser is reported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepScreenAwake } from '$lib/client/screen';
import { speakVietnamese } from '$lib/client/speech';

class FakeTarget {
	private listeners = new Map<string, Set<(event?: unknown) => void>>();
	addEventListener(type: string, fn: (event?: unknown) => void) {
		if (!this.listeners.has(type)) this.listeners.set(type, new Set());
		this.listeners.get(type)!.add(fn);
	}
	removeEventListener(type: string, fn: (event?: unknown) => void) {
		this.listeners.get(type)?.delete(fn);
	}
	dispatch(type: string, event?: unknown) {
		for (const fn of this.listeners.get(type) ?? []) fn(event);
	}
}

class FakeLock extends FakeTarget {
	released = false;
	release = vi.fn(async () => {
		this.released = true;
		this.dispatch('release');
	});
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keeping the screen awake', () => {
	let doc: FakeTarget & { visibilityState: 'visible' | 'hidden' };
	let locks: FakeLock[];

	beforeEach(() => {
		locks = [];
		doc = Object.assign(new FakeTarget(), { visibilityState: 'visible' as 'visible' | 'hidden' });
		vi.stubGlobal('document', doc);
		vi.stubGlobal('navigator', {
			wakeLock: {
				request: vi.fn(async (type: string) => {
					expect(type).toBe('screen');
					const lock = new FakeLock();
					locks.push(lock);
					return lock;
				})
			}
		});
	});
	afterEach(() => vi.unstubAllGlobals());

	it('asks for a screen lock, and again when the page comes back into view', async () => {
		const stop = keepScreenAwake();
		await flush();
		expect(locks).toHaveLength(1);

		// Hidden: the browser drops the lock. Visible again: asked for anew.
		doc.visibilityState = 'hidden';
		locks[0]!.released = true;
		doc.dispatch('visibilitychange');
		await flush();
		expect(locks).toHaveLength(1);
		doc.visibilityState = 'visible';
		doc.dispatch('visibilitychange');
		await flush();
		expect(locks).toHaveLength(2);
		stop();
	});

	it('asks again when the system takes the lock while the page stays visible, and gives it back on stop', async () => {
		const stop = keepScreenAwake();
		await flush();
		locks[0]!.released = true;
		locks[0]!.dispatch('release');
		await flush();
		expect(locks).toHaveLength(2);
		stop();
		await flush();
		expect(locks[1]!.release).toHaveBeenCalled();
	});
});

describe('reading the notice aloud', () => {
	let spoken: { text: string; lang: string; voice: string }[];
	let utterances: FakeUtterance[];

	class FakeUtterance {
		voice: { name: string; lang: string } | null = null;
		lang = '';
		rate = 1;
		onerror: ((event: { error: string }) => void) | null = null;
		constructor(public text: string) {
			utterances.push(this);
		}
	}

	function withVoices(voices: { lang: string; name: string; localService: boolean }[]) {
		vi.stubGlobal('window', { speechSynthesis: {} });
		vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
		vi.stubGlobal('speechSynthesis', {
			getVoices: () => voices,
			cancel: vi.fn(),
			speak: (u: FakeUtterance) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice!.name }),
			addEventListener: vi.fn()
		});
	}

	beforeEach(() => {
		spoken = [];
		utterances = [];
	});
	afterEach(() => vi.unstubAllGlobals());

	it('speaks the exact text with the Vietnamese voice, never the English one', async () => {
		withVoices([
			{ lang: 'en-US', name: 'Samantha', localService: true },
			{ lang: 'vi-VN', name: 'Linh', localService: true }
		]);
		expect(await speakVietnamese('Xin chân thành cảm ơn!')).toBe('spoken');
		expect(spoken).toEqual([{ text: 'Xin chân thành cảm ơn!', lang: 'vi-VN', voice: 'Linh' }]);
	});

	it('says there is no voice instead of reading Vietnamese with a foreign one', async () => {
		withVoices([{ lang: 'en-US', name: 'Samantha', localService: true }]);
		expect(await speakVietnamese('Xin chân thành cảm ơn!')).toBe('no_voice');
		expect(spoken).toEqual([]);
	});

	it('reports a refusal by the browser (no user gesture on a kiosk)', async () => {
		withVoices([{ lang: 'vi-VN', name: 'Linh', localService: true }]);
		const blocked = vi.fn();
		await speakVietnamese('Xin chân thành cảm ơn!', blocked);
		utterances[0]!.onerror!({ error: 'not-allowed' });
		expect(blocked).toHaveBeenCalledOnce();
	});
});
