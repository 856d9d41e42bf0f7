/**
 * This device's Web Push subscription: asked for with a tap in /cai-dat, kept by the server
 * for the signed-in person, removed on request. Errors come back as reasons the settings page
 * words, never as exceptions.
 */
import { callApi } from './api';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

function supported(): boolean {
	return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined' && typeof Notification !== 'undefined';
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
	if (!supported()) return null;
	// The worker may not be installed yet right after the first visit: wait for it briefly.
	return Promise.race([navigator.serviceWorker.ready, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
}

export async function pushState(): Promise<PushState> {
	if (!supported()) return 'unsupported';
	if (Notification.permission === 'denied') return 'denied';
	const reg = await registration();
	const subscription = await reg?.pushManager.getSubscription();
	return subscription ? 'on' : 'off';
}

/** The VAPID public key (base64url) as the bytes `pushManager.subscribe` wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
	const text = atob(base64);
	const bytes = new Uint8Array(new ArrayBuffer(text.length));
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

export type SubscribeResult = { ok: true } | { ok: false; reason: 'unsupported' | 'denied' | 'failed' | 'offline'; message?: string };

/**
 * Asks for permission first, in the tap itself (some browsers forget the tap after an
 * await), then subscribes and hands the subscription to the server.
 */
export function subscribePush(vapidPublicKey: string): Promise<SubscribeResult> {
	if (!supported()) return Promise.resolve({ ok: false, reason: 'unsupported' });
	return finishSubscribing(vapidPublicKey, Notification.requestPermission());
}

async function finishSubscribing(vapidPublicKey: string, asked: Promise<NotificationPermission>): Promise<SubscribeResult> {
	const permission = await asked;
	const reg = await registration();
	if (!reg) return { ok: false, reason: 'unsupported' };
	if (permission !== 'granted') return { ok: false, reason: 'denied' };
	let subscription: PushSubscription;
	try {
		subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) });
	} catch (err) {
		return { ok: false, reason: 'failed', message: err instanceof Error ? err.message : String(err) };
	}
	const saved = await callApi('/api/me/notifications/push', { method: 'PUT', body: subscription.toJSON() });
	if (saved.ok) return { ok: true };
	// Not kept by the server: the browser must not look subscribed either.
	await subscription.unsubscribe().catch(() => false);
	return saved.reason === 'offline' ? { ok: false, reason: 'offline' } : { ok: false, reason: 'failed', message: 'message' in saved ? saved.message : undefined };
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
