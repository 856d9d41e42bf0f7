/// <reference lib="webworker" />
/**
 * Alerts on an installed app (Web Push): the worker shows the notification the server sent
 * — Vietnamese title and the Step-2 summary — with one tag per incident, so a reminder or an
 * escalation replaces the earlier notification of the same incident rather than piling up;
 * a tap opens the incident (focusing an open window of the app if there is one).
 */
declare let self: ServiceWorkerGlobalScope;

export interface PushPayload {
	title: string;
	body: string;
	url: string;
	tag?: string;
	incidentId?: string;
	reason?: string;
}

export function parsePushPayload(text: string | null | undefined): PushPayload | null {
	try {
		const data = JSON.parse(text ?? '') as Partial<PushPayload>;
		if (typeof data.title !== 'string' || typeof data.body !== 'string' || typeof data.url !== 'string') return null;
		return data as PushPayload;
	} catch {
		return null;
	}
}

/** Only the app's own pages are opened from a notification, whatever the payload says. */
export function targetUrl(url: string, origin: string): string {
	try {
		const target = new URL(url, origin);
		return target.origin === origin ? target.href : `${origin}/`;
	} catch {
		return `${origin}/`;
	}
}

export function handlePush(): void {
	self.addEventListener('push', (event) => {
		const payload = parsePushPayload(event.data?.text());
		if (!payload) return;
		const tag = payload.incidentId ? `incident-${payload.incidentId}` : (payload.tag ?? 'ucmc');
		event.waitUntil(
			self.registration.showNotification(payload.title, {
				body: payload.body,
				tag,
				lang: 'vi',
				icon: '/icons/icon-192.png',
				badge: '/icons/icon-192.png',
				data: { url: targetUrl(payload.url, self.location.origin) },
				// A replacement of the same incident's alert still makes the phone ring.
				renotify: true
			} as NotificationOptions)
		);
	});

	self.addEventListener('notificationclick', (event) => {
		event.notification.close();
		const url = targetUrl(String((event.notification.data as { url?: string } | null)?.url ?? '/'), self.location.origin);
		event.waitUntil(openOrFocus(url));
	});
}

async function openOrFocus(url: string): Promise<void> {
	const windows = await self.clients.matchAll({ type: 'window' });
	// A window this worker controls can be taken to the incident; navigating first, then
	// focusing, spends the tap's one permission on the focus (Chromium grants one).
	for (const client of windows) {
		const navigated = await client.navigate(url).catch(() => null);
		if (navigated) {
			await navigated.focus().catch(() => undefined);
			return;
		}
	}
	await self.clients.openWindow(url);
}
