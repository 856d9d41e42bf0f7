/**
 * The outbox's transport for pages: tus-js-client (17 KB) is loaded only when a file needs the
 * resumable path (over 2 MB), which most reports never do. Offline with its code not cached,
 * the file waits for the next drain like any network failure. Never import this into the
 * service worker: see http-transport.ts.
 */
import { apiTransport } from './api-transport';

export const pageTransport = apiTransport(async () => {
	try {
		return (await import('./resumable-upload')).resumable;
	} catch {
		return null;
	}
});
