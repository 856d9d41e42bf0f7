import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// Precompressed (.br/.gz) assets matter on a cheap phone over 3G.
		adapter: adapter({ out: 'build', precompress: true }),
		// vite-plugin-pwa registers the worker (injectManifest), not Kit.
		serviceWorker: { register: false },
		// The service worker answers every app path with the same shell HTML, so asset
		// URLs in it must not be relative to the page that was first prerendered.
		paths: { relative: false },
		// The app has no form actions: every write is a JSON call, and the hooks refuse any
		// unsafe request whose Origin is another site, with the API's own error shape.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte transitions and style: directives write inline styles.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self', 'blob:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
