/// <reference lib="webworker" />
/**
 * The service worker's entry: precache the app (every prerendered page and the scripts,
 * styles, fonts and icons they load) so that a device that opened the app once can open any
 * of its pages with the network down, and answer every other navigation with the app shell.
 * Code few people need (administration) is cached just after install instead (later.ts).
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { splitLater, type LaterEntry } from './lib/sw/later';
import { handleOutboxSync } from './lib/sw/outbox';
import { handlePush } from './lib/sw/push';
import { routePublicData, warmPublicData } from './lib/sw/public-data';

declare let self: ServiceWorkerGlobalScope;

// The display's ward (`?phuong=`) and the version on its script's address name no other
// file: the precached page and script answer them, offline too.
precacheAndRoute(splitLater(self.__WB_MANIFEST as LaterEntry[]), {
	ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^phuong$/, /^v$/]
});
cleanupOutdatedCaches();
routePublicData();
self.addEventListener('install', (event) => event.waitUntil(warmPublicData()));
handleOutboxSync();
handlePush();

// Paths with ids (an incident, a procedure) cannot be prerendered one by one. Every page of
// the app is rendered in the browser, so the shell of the home page serves them all: the
// router then shows the right page, or the app's own "not found".
// The API and the files it serves are never answered from the shell.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/'), {
		// The public status page is rendered by the server, fresh each time.
		denylist: [/^\/api\//, /^\/_app\//, /^\/trang-thai\//]
	})
);

// The first install takes control at once, so the very first visit is already cached
// for offline use. Later versions wait until the user agrees to reload.
clientsClaim();
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
