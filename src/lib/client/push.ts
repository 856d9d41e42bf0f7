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

export async function subscribePush(vapidPublicKey: string): Promise<SubscribeResult> {
	const reg = await registration();
	if (!reg) return { ok: false, reason: 'unsupported' };
	const permission = await Notification.requestPermission();
	if (permission !== 'granted') return { ok: false, reason: 'denied' };
	let subscription: PushSubscription;
	try {
		subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) });
	} catch (err) {
		return { ok: false, reason: 'failed', message: err instanceof Error ? err.message : String(err) };
	}
	const saved = await callApi('/api/me/notifications/push', { method: 'PUT', body: subscription.toJSON() });
	if (saved.ok) return { ok: true };
	return saved.reason === 'offline' ? { ok: false, reason: 'offline' } : { ok: false, reason: 'failed', message: 'message' in saved ? saved.message : undefined };
}

export async function unsubscribePush(): Promise<void> {
	const reg = await registration();
	const subscription = await reg?.pushManager.getSubscription();
	if (!subscription) return;
	await callApi('/api/me/notifications/push', { method: 'DELETE', body: { endpoint: subscription.endpoint } });
	await subscription.unsubscribe();
}
