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
		if (stopped || document.visibilityState !== 'visible') return;
		try {
			lock = await navigator.wakeLock.request('screen');
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

/** Adds `hide-cursor` to the element after `ms` without mouse movement. */
export function hideIdleCursor(element: HTMLElement, ms = 3000): () => void {
	let timer: ReturnType<typeof setTimeout>;
	const wake = () => {
		element.classList.remove('hide-cursor');
		clearTimeout(timer);
		timer = setTimeout(() => element.classList.add('hide-cursor'), ms);
	};
	element.addEventListener('mousemove', wake);
	wake();
	return () => {
		clearTimeout(timer);
		element.removeEventListener('mousemove', wake);
	};
}
