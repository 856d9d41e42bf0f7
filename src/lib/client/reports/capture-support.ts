/**
 * What this browser can capture, for the buttons the report form offers. The capturing
 * itself (capture.ts) is loaded when a button is pressed.
 */
export const canCaptureScreen = (): boolean =>
	typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

export const canRecord = (): boolean => typeof MediaRecorder !== 'undefined';

export const canUseCamera = (): boolean =>
	typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * A phone or tablet, by what it can do rather than what it calls itself: a finger is its
 * pointer, or a page cannot capture its screen. PrintScreen and Ctrl+V mean nothing there;
 * its camera and its gallery do.
 */
export const isHandheld = (): boolean =>
	(typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches) || !canCaptureScreen();
