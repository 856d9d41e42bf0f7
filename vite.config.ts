import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import path from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { precacheTransform } from './scripts/precache-split.js';
import { webManifest } from './src/lib/domain/web-manifest.js';

// Ward desk PCs still run Windows 7/8.1 with Chrome or Cốc Cốc 109 — the last versions
// there. The pages target them. (SvelteKit builds the service worker on its own, with
// Vite's default targets; its code — Workbox and ours — uses nothing newer than Chrome 109.)
const browserTargets = ['chrome109', 'edge109', 'firefox115', 'safari15'];

/**
 * The notice display's own small script (src/lib/display/main.ts), loaded by the display page
 * alone, which ships none of the app: a TV in the waiting room shows its notice from the
 * worker's cache in a blink, offline too. It is bundled into one file of its own (no chunks
 * shared with the app: no cascade of imports before the notice shows), with a fixed name,
 * `/_app/display.js`, because the page is prerendered before the client's hashed names exist;
 * the page adds the build's version to its address instead.
 */
function displayScript(): Plugin {
	let client = false;
	return {
		name: 'ucmc-display-script',
		apply: 'build',
		configResolved(config) {
			client = !config.build.ssr;
		},
		async generateBundle() {
			if (!client) return;
			const { build } = await import('vite');
			const built = await build({
				configFile: false,
				logLevel: 'warn',
				resolve: { alias: { $lib: path.resolve('src/lib') } },
				build: {
					write: false,
					target: browserTargets,
					lib: { entry: path.resolve('src/lib/display/main.ts'), formats: ['es'], fileName: 'display' },
					rolldownOptions: { output: { minify: true } }
				}
			});
			const [output] = Array.isArray(built) ? built : [built];
			const entry = 'output' in output ? output.output.find((o) => o.type === 'chunk' && o.isEntry) : undefined;
			if (!entry || entry.type !== 'chunk') throw new Error('The notice display script was not built.');
			this.emitFile({ type: 'asset', fileName: '_app/display.js', source: entry.code });
		}
	};
}

export default defineConfig({
	build: {
		target: browserTargets,
		// No preload lists beside each dynamic import: they cost every first visit 2–3 KB of
		// gzip (the report form's budget is 100 KB), while Kit already loads each page's code
		// itself, and after the first visit it all comes from the worker's cache.
		modulePreload: false
	},
	resolve: {
		// Dexie's ES module build, not its UMD bundle behind a CommonJS wrapper: every page
		// that uses the device database carries it.
		alias: [{ find: /^dexie$/, replacement: 'dexie/dist/dexie.mjs' }]
	},
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The page decides the language on the device (it must work offline); the cookie
			// lets the server answer API errors in the same language.
			strategy: ['localStorage', 'cookie', 'baseLocale']
		}),
		sveltekit(),
		displayScript(),
		SvelteKitPWA({
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
			registerType: 'prompt',
			injectRegister: false,
			manifest: webManifest,
			injectManifest: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/**/*.{html,json}'
				],
				// Administration and large-upload code is cached after install (scripts/precache-split.js).
				manifestTransforms: [precacheTransform()],
			},
			devOptions: { enabled: false }
		})
	],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'domain', environment: 'node', include: ['src/lib/domain/**/*.test.ts', 'tests/unit/domain/**/*.test.ts'] }
			},
			{
				extends: true,
				test: {
					name: 'client',
					environment: 'node',
					setupFiles: ['tests/unit/client/setup.ts'],
					include: ['src/lib/client/**/*.test.ts', 'tests/unit/client/**/*.test.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/lib/server/**/*.test.ts', 'tests/unit/server/**/*.test.ts'],
					// One database per worker; PGlite takes seconds to start.
					pool: 'forks',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
