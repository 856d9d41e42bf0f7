/**
 * Device clocks. A report's times come from the device that made it, and ward desk PCs are
 * not always right (a flat clock battery resets one to years ago). The device sends its
 * clock at send time in `X-Device-Time`; the difference from the server's clock is the
 * skew, recorded beside the report and used to put its times on the server's clock.
 */
import { z } from 'zod/mini';

/**
 * Below this the "skew" is network delay and ordinary drift, not a wrong clock: times are
 * taken as the device said, so a report's start time reads exactly as the officer chose it.
 */
export const SKEW_TOLERANCE_MS = 60_000;

/**
 * Beyond this a device's clock says nothing about the time (year 1 or 9999 is a fault or a
 * forgery, not a flat battery): the header is ignored, and no skew moves a time further.
 */
export const MAX_CLOCK_SKEW_MS = 10 * 365.25 * 24 * 60 * 60 * 1000;

const isoWithOffset = z.iso.datetime({ offset: true });

/**
 * Server now minus the device's clock; null when the header is absent, not ISO 8601, or
 * more than ten years away from the server's clock.
 */
export function clockSkewMs(deviceTime: string | null, now: Date): number | null {
	if (!deviceTime || !isoWithOffset.safeParse(deviceTime.trim()).success) return null;
	const skew = now.getTime() - Date.parse(deviceTime.trim());
	return Number.isFinite(skew) && Math.abs(skew) <= MAX_CLOCK_SKEW_MS ? skew : null;
}

/** A device time on the server's clock (unchanged when the device clock was about right). */
export function onServerClock(deviceIso: string, skewMs: number | null): Date {
	const device = Date.parse(deviceIso);
	if (skewMs === null || Math.abs(skewMs) < SKEW_TOLERANCE_MS) return new Date(device);
	return new Date(device + Math.max(-MAX_CLOCK_SKEW_MS, Math.min(MAX_CLOCK_SKEW_MS, skewMs)));
}
