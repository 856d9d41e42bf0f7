/**
 * What the service worker precaches at install, and what it fetches only afterwards.
 *
 * Everything a page needs to work offline on first use stays in the precache: every
 * prerendered page and the code and styles they load, at once or on demand (the report form,
 * the checklist, the notice display, the confirmation with its QR hand-off…). Code that only
 * some people need sometimes — the administration pages, and the resumable upload of files
 * over 2 MB, which needs the network anyway — is marked `later`: the worker caches it in the
 * background once installed, so the first visit of a desk PC on a slow line downloads less
 * before the app is ready offline, and a later visit still finds it cached.
 *
 * Used by vite.config.ts as the precache manifest's transform. It also does what
 * @vite-pwa/sveltekit's own transform does (that one is replaced when a transform is given):
 * build paths become the site's paths.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const OUTPUT = '.svelte-kit/output/client';
const GENERATED_NODES = '.svelte-kit/generated/client-optimized/nodes';
/** Route folders whose code only administrators load. */
const RARE_ROUTES = [/\/src\/routes\/\(app\)\/quan-tri\//];
/** Modules loaded on demand that need the network anyway. */
const RARE_MODULES = ['src/lib/client/outbox/resumable-upload.ts'];

/** `client/_app/x.js` → `_app/x.js`; `prerendered/pages/a/b.html` → `a/b` (the site's paths). */
/** @param {string} url */
function sitePath(url) {
	let u = url.replace(/^client\//, '').replace(/^prerendered\/(dependencies|pages)\//, '');
	if (u.endsWith('.html')) u = u === 'index.html' ? '/' : u.replace(/\/index\.html$/, '').replace(/\.html$/, '');
	return u;
}

/** @typedef {{ file: string, css?: string[], imports?: string[], dynamicImports?: string[], isEntry?: boolean }} ManifestChunk */

/**
 * The built files only administrators or a large upload ever load.
 * @returns {Set<string>}
 */
export function rareFiles(outputDir = OUTPUT) {
	const manifestFile = path.join(outputDir, '.vite', 'manifest.json');
	if (!existsSync(manifestFile)) return new Set();
	/** @type {Record<string, ManifestChunk>} */
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
	/** @param {string} key */
	const isRareNode = (key) => {
		const match = /nodes\/(\d+)\.js$/.exec(key);
		if (!match) return false;
		const source = readFileSync(path.join(GENERATED_NODES, `${match[1]}.js`), 'utf8');
		return RARE_ROUTES.some((route) => route.test(source));
	};
	// Everything reachable from the entries and the other pages, following dynamic imports
	// too (they are loaded offline), except into the rare modules.
	/** @type {Set<string>} */
	const needed = new Set();
	/** @param {string} key @param {boolean} followDynamic */
	const visit = (key, followDynamic) => {
		const chunk = manifest[key];
		if (!chunk || needed.has(key)) return;
		needed.add(key);
		for (const dep of chunk.imports ?? []) visit(dep, true);
		if (followDynamic) for (const dep of chunk.dynamicImports ?? []) if (!RARE_MODULES.includes(dep)) visit(dep, true);
	};
	for (const [key, chunk] of Object.entries(manifest)) {
		// Kit's entry imports every page on demand: pages are roots of their own.
		if (key.endsWith('client-optimized/app.js')) visit(key, false);
		else if (chunk.isEntry && !isRareNode(key)) visit(key, true);
	}
	// Code and styles only: fonts and images are everybody's.
	/** @param {Iterable<string>} keys */
	const files = (keys) =>
		new Set(
			[...keys]
				.flatMap((key) => {
					const chunk = /** @type {ManifestChunk} */ (manifest[key]);
					return [chunk.file, ...(chunk.css ?? [])];
				})
				.filter((file) => /\.(js|css)$/.test(file))
		);
	const keep = files(needed);
	return new Set([...files(Object.keys(manifest))].filter((file) => !keep.has(file)));
}

/**
 * The manifest transform: site paths, and `later: true` on what is cached after install.
 * @returns {import('workbox-build').ManifestTransform}
 */
export function precacheTransform() {
	return async (entries) => {
		const rare = rareFiles();
		const manifest = entries
			.filter(({ url }) => url !== 'prerendered/fallback.html')
			.map((entry) => {
				const url = sitePath(entry.url);
				return rare.has(url) ? { ...entry, url, later: true } : { ...entry, url };
			});
		return { manifest, warnings: [] };
	};
}
