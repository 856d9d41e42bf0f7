/**
 * This device's Web Push subscription: asked for with a tap in /cai-dat, kept by the server
 * for the signed-in person, removed on request. Errors come back as reasons the settings page
 * words, never as exceptions — nor as the browser's own English ("Registration failed -
 * permission denied").
 */
import { callApi } from './api';

/**
 * - `unsupported`: this browser has no Web Push;
 * - `install`: it has, but only for an app added to the home screen (Safari on iPhone and iPad);
 * - `denied`: the person (or a policy) blocked notifications for this site;
 * - `off` / `on`: whether this device is subscribed.
 */
export type PushState = 'unsupported' | 'install' | 'denied' | 'off' | 'on';

function supported(): boolean {
	return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined' && typeof Notification !== 'undefined';
}

/**
 * Safari on iPhone and iPad offers Web Push only to a web app opened from the home screen; in
 * a tab it has no PushManager. It alone has `navigator.standalone`, false in a tab: a
 * capability, not a browser name.
 */
function needsInstall(): boolean {
	return typeof navigator !== 'undefined' && (navigator as Navigator & { standalone?: boolean }).standalone === false;
}

/** What can be said without waiting for anything; null when the subscription must be looked up. */
export function knownPushState(): PushState | null {
	if (!supported()) return needsInstall() ? 'install' : 'unsupported';
	if (Notification.permission === 'denied') return 'denied';
	return null;
}

/**
 * The state in a moment: a registration that is there is asked for its subscription; one
 * still installing (a first visit) cannot hold one yet, so this never waits for it.
 */
export async function pushState(): Promise<PushState> {
	const known = knownPushState();
	if (known) return known;
	const reg = await navigator.serviceWorker.getRegistration().catch(() => undefined);
	const subscription = await reg?.pushManager.getSubscription().catch(() => null);
	return subscription ? 'on' : 'off';
}

/** The worker, once it is ready: subscribing needs it (a first visit may still be installing it). */
async function readyRegistration(): Promise<ServiceWorkerRegistration | null> {
	return Promise.race([navigator.serviceWorker.ready, new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000))]);
}

/** The VAPID public key (base64url) as the bytes `pushManager.subscribe` wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
	const text = atob(base64);
	const bytes = new Uint8Array(new ArrayBuffer(text.length));
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

/**
 * Why a subscription was not made:
 * - `unsupported`, `install`, `denied`: as in PushState;
 * - `dismissed`: the permission prompt was closed without an answer;
 * - `refused`: notifications are allowed, yet the browser refuses a push subscription here
 *   (a private window, push turned off in the browser);
 * - `service`: the browser's push service did not answer;
 * - `not_ready`: the app is not installed on this device yet (its worker is still starting);
 * - `offline`: the server could not be reached to keep the subscription;
 * - `server`: the server refused it (`message` says why, in the person's language).
 */
export type SubscribeResult =
	| { ok: true }
	| { ok: false; reason: 'unsupported' | 'install' | 'denied' | 'dismissed' | 'refused' | 'service' | 'not_ready' | 'offline' }
	| { ok: false; reason: 'server'; message: string };

/**
 * Asks for permission first, in the tap itself (some browsers forget the tap after an
 * await), then subscribes and hands the subscription to the server.
 */
export function subscribePush(vapidPublicKey: string): Promise<SubscribeResult> {
	const known = knownPushState();
	if (known === 'unsupported' || known === 'install' || known === 'denied') return Promise.resolve({ ok: false, reason: known });
	return finishSubscribing(vapidPublicKey, Notification.requestPermission());
}

async function finishSubscribing(vapidPublicKey: string, asked: Promise<NotificationPermission>): Promise<SubscribeResult> {
	const permission = await asked.catch(() => Notification.permission);
	if (permission === 'denied') return { ok: false, reason: 'denied' };
	if (permission !== 'granted') return { ok: false, reason: 'dismissed' };
	const reg = await readyRegistration();
	if (!reg) return { ok: false, reason: 'not_ready' };
	let subscription: PushSubscription;
	try {
		subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) });
	} catch (err) {
		// The browser's own words are English and technical: they go to the console, and the
		// person is told what to do. Chromium says "Registration failed - permission denied"
		// (as an AbortError, not a NotAllowedError) where push is refused though notifications
		// are allowed, as in a private window.
		console.warn('Push subscription refused:', err);
		const name = err instanceof DOMException ? err.name : '';
		const text = err instanceof Error ? err.message : '';
		if (name === 'NotAllowedError' || /permission denied/i.test(text)) {
			return { ok: false, reason: Notification.permission === 'denied' ? 'denied' : 'refused' };
		}
		if (name === 'NotSupportedError') return { ok: false, reason: 'unsupported' };
		return { ok: false, reason: 'service' };
	}
	const saved = await callApi('/api/me/notifications/push', { method: 'PUT', body: subscription.toJSON() });
	if (saved.ok) return { ok: true };
	// Not kept by the server: the browser must not look subscribed either.
	await subscription.unsubscribe().catch(() => false);
	if (saved.reason === 'offline') return { ok: false, reason: 'offline' };
	return { ok: false, reason: 'server', message: 'message' in saved ? saved.message : '' };
}

/**
 * Stops alerts on this device. Also called when signing out, so a shared phone or PC no
 * longer receives the previous person's incidents: it does not wait for a worker that is
 * not there.
 */
export async function unsubscribePush(): Promise<void> {
	if (!supported()) return;
	const reg = await navigator.serviceWorker.getRegistration();
	const subscription = await reg?.pushManager.getSubscription();
	if (!subscription) return;
	await callApi('/api/me/notifications/push', { method: 'DELETE', body: { endpoint: subscription.endpoint } });
	await subscription.unsubscribe();
}
