/**
 * The outbox's transport with the resumable uploader bundled in: the service worker's. A
 * service worker may not load code with `import()` (the HTML specification forbids it there;
 * an `import()` in its graph even turns the worker's bundle into a module it cannot run), so
 * Background Sync sends a large file with what the worker already holds. A page loads the
 * uploader only for such a file: page-transport.ts.
 */
import { apiTransport } from './api-transport';
import { resumable } from './resumable-upload';

export const httpTransport = apiTransport(async () => resumable);
