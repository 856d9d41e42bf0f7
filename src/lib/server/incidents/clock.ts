/**
 * Device clocks. A report's times come from the device that made it, and ward desk PCs are
 * not always right (a flat clock battery resets one to years ago). The device sends its
 * clock at send time in `X-Device-Time`; the difference from the server's clock is the
 * skew, recorded beside the report and used to put its times on the server's clock.
 */
import { z } from 'zod';

/**
 * Below this the "skew" is network delay and ordinary drift, not a wrong clock: times are
 * taken as the device said, so a report's start time reads exactly as the officer chose it.
 */
export const SKEW_TOLERANCE_MS = 60_000;

const isoWithOffset = z.iso.datetime({ offset: true });

/** Server now minus the device's clock; null when the header is absent or not ISO 8601. */
export function clockSkewMs(deviceTime: string | null, now: Date): number | null {
	if (!deviceTime || !isoWithOffset.safeParse(deviceTime.trim()).success) return null;
	const device = Date.parse(deviceTime.trim());
	return Number.isFinite(device) ? now.getTime() - device : null;
}

/** A device time on the server's clock (unchanged when the device clock was about right). */
export function onServerClock(deviceIso: string, skewMs: number | null): Date {
	const device = Date.parse(deviceIso);
	const shift = skewMs !== null && Math.abs(skewMs) >= SKEW_TOLERANCE_MS ? skewMs : 0;
	return new Date(device + shift);
}
