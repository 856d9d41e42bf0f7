/**
 * What this browser can capture, for the buttons the report form offers. The capturing
 * itself (capture.ts) is loaded when a button is pressed.
 */
export const canCaptureScreen = (): boolean =>
	typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

export const canRecord = (): boolean => typeof MediaRecorder !== 'undefined';

export const canUseCamera = (): boolean =>
	typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
