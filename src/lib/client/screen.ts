/** Kiosk helpers for the notice display: keep the screen on, hide an idle cursor. */

/**
 * Holds a screen wake lock while the page is visible. The browser drops the lock whenever
 * the page is hidden, so it is asked for again each time the page becomes visible.
 */
export function keepScreenAwake(): () => void {
	if (!('wakeLock' in navigator)) return () => {};
	let lock: WakeLockSentinel | null = null;
	let stopped = false;
	const acquire = async () => {
		if (stopped || document.visibilityState !== 'visible' || (lock && !lock.released)) return;
		try {
			const granted = await navigator.wakeLock.request('screen');
			// Stopped while asking: give it straight back.
			if (stopped) return void granted.release().catch(() => {});
			lock = granted;
			// The system may take it back (low battery) while the page stays visible.
			granted.addEventListener?.('release', () => void acquire());
		} catch {
			// Refused (battery saver, no permission): the display still works, only dims.
		}
	};
	const onVisible = () => void acquire();
	document.addEventListener('visibilitychange', onVisible);
	void acquire();
	return () => {
		stopped = true;
		document.removeEventListener('visibilitychange', onVisible);
		void lock?.release().catch(() => {});
	};
}

/** Adds `hide-cursor` to the element after `ms` with no mouse, touch or keyboard use. */
export function hideIdleCursor(element: HTMLElement, ms = 3000): () => void {
	let timer: ReturnType<typeof setTimeout>;
	const events = ['mousemove', 'pointerdown', 'keydown', 'focusin'] as const;
	const wake = () => {
		element.classList.remove('hide-cursor');
		clearTimeout(timer);
		timer = setTimeout(() => element.classList.add('hide-cursor'), ms);
	};
	for (const type of events) element.addEventListener(type, wake);
	wake();
	return () => {
		clearTimeout(timer);
		for (const type of events) element.removeEventListener(type, wake);
	};
}
