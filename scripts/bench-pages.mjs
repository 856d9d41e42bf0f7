/**
 * What the pages cost an old desk PC, for `npm run bench`:
 *
 * - the JavaScript (gzip) a first visit of each page loads before any interaction, and the
 *   service worker's precache, against their budgets (page-weight.mjs counts both);
 * - the notice display opened cold with the network off (a browser just started on a TV that
 *   opened it once), until its notice is on screen, next to a static file from the same
 *   worker cache opened the same way in the same run. Goal ≤ 1.5× (and < 300 ms quiet).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.js';
import { percentile } from './bench-server.mjs';
import { firstVisitScripts, PAGE_BUDGETS, precacheSize } from './page-weight.ts';

export { PRECACHE_BUDGET } from './page-weight.ts';

const DISPLAY = '/thong-bao?phuong=phuong-thai-hoa';
/** A static file the worker precaches, opened the same way as the baseline. */
const STATIC_FILE = '/favicon.svg';

export async function benchPageWeights(base) {
	const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
	try {
		const pages = [];
		for (const page of PAGE_BUDGETS) {
			const { bytes, files } = await firstVisitScripts(browser, base, page.path, { user: page.user });
			pages.push({ ...page, bytes, files: files.length });
		}
		return { pages, precache: precacheSize() };
	} finally {
		await browser.close();
	}
}

/**
 * A device with no network reports `navigator.onLine` false from the first line of the page
 * on. Debian's Chromium 150 no longer does so under Playwright's offline mode for a page
 * loaded after the cut (see tests/e2e/helpers.ts `cutNetwork`), and DevTools' network-state
 * override only lands after the page started: the measured browser is told so up front.
 */
const reportOffline = (context) =>
	context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => false }));

/** Median times (ms) over `runs` cold starts of a browser with the network off. */
export async function benchDisplayColdOpen(base, runs = 7) {
	const dir = mkdtempSync(path.join(tmpdir(), 'ucmc-bench-display-'));
	const open = (offline) =>
		chromium.launchPersistentContext(dir, {
			executablePath: findChromium(),
			args: CHROMIUM_ARGS,
			baseURL: base,
			offline,
			viewport: { width: 1920, height: 1080 }
		});
	try {
		// Once online, as a display is set up: the worker installs and keeps the ward's facts.
		let context = await open(false);
		const first = await context.newPage();
		await first.goto(DISPLAY);
		await first.getByTestId('display-idle').waitFor();
		await first.waitForFunction(() => navigator.serviceWorker.controller !== null);
		await first.reload();
		await first.getByTestId('display-idle').waitFor();
		await context.close();

		const display = [];
		const file = [];
		for (let run = 0; run < runs; run++) {
			context = await open(true);
			await reportOffline(context);
			// The browser's own start-up is not the page's: a blank tab first.
			const page = await context.newPage();
			await page.goto('about:blank');
			const t0 = performance.now();
			await page.goto(STATIC_FILE, { waitUntil: 'load' });
			file.push(performance.now() - t0);
			const t1 = performance.now();
			await page.goto(DISPLAY, { waitUntil: 'commit' });
			await page.getByTestId('display-notice').waitFor({ state: 'visible' });
			display.push(performance.now() - t1);
			await context.close();
		}
		return { display: percentile(display, 0.5), file: percentile(file, 0.5) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
