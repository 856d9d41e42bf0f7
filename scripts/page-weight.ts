/**
 * What a page costs an old desk PC on its first visit: the JavaScript it loads before anyone
 * touches it, and what the service worker precaches. Shared by `npm run bench` and the
 * budget test (tests/e2e/page-budget.spec.ts), so both count the same way:
 *
 * - a fresh browser context (nothing cached, no service worker); for a signed-in page the
 *   person signs in through the sign-in page first, as on any device (the profile is then
 *   kept on the device), and the HTTP cache is emptied before the page is opened in a new tab;
 * - every script the page requests until the network has been quiet for a second, chunks
 *   loaded on demand by the page itself included (a chunk loaded only after a click counts
 *   against the page that needs it then, not here);
 * - sizes as gzip at level 9 of the bytes served, the way the adapter precompresses them.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

/** The service worker's precache, gzip: what a first visit downloads before the app works offline. */
export const PRECACHE_BUDGET = 450 * 1024;

/** Budgets in bytes of gzip (the performance goals): the report form and the notice display. */
export const PAGE_BUDGETS: { path: string; user: string | null; budget: number }[] = [
	{ path: '/bao-cao/moi', user: 'motcua', budget: 100 * 1024 },
	{ path: '/thong-bao?phuong=phuong-thai-hoa', user: null, budget: 50 * 1024 },
	{ path: '/dang-nhap', user: null, budget: 100 * 1024 },
	{ path: '/ho-so', user: null, budget: 100 * 1024 }
];

const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).byteLength;

/**
 * Opens `pagePath` in a new context of `browser` and returns the scripts it loaded:
 * `{ files: [{ url, bytes }], bytes }` with bytes as gzip.
 */
export async function firstVisitScripts(
	browser: Browser,
	baseURL: string,
	pagePath: string,
	{ user = null, password = 'demo1234' }: { user?: string | null; password?: string } = {}
): Promise<{ files: { url: string; bytes: number }[]; bytes: number }> {
	// No worker: what the page itself loads is counted, not what a worker would precache.
	const context = await browser.newContext({ baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', serviceWorkers: 'block' });
	try {
		if (user) {
			const signIn = await context.newPage();
			await signIn.goto('/dang-nhap');
			await signIn.getByLabel('Tên đăng nhập').fill(user);
			await signIn.getByLabel('Mật khẩu', { exact: true }).fill(password);
			await signIn.getByRole('button', { name: 'Đăng nhập' }).click();
			await signIn.getByRole('heading', { level: 1, name: /^(Xin chào|Hello), / }).waitFor();
			// The device keeps the profile: what a signed-in page reads before anything else.
			await signIn.waitForFunction(
				() =>
					new Promise((resolve) => {
						const request = indexedDB.open('ung-cuu-mot-cua');
						request.onsuccess = () => {
							const db = request.result;
							if (!db.objectStoreNames.contains('profile')) return (db.close(), resolve(false));
							const get = db.transaction('profile').objectStore('profile').get('me');
							get.onsuccess = () => (db.close(), resolve(Boolean(get.result)));
						};
						request.onerror = () => resolve(false);
					})
			);
			const cdp = await context.newCDPSession(signIn);
			await cdp.send('Network.clearBrowserCache');
			await cdp.detach();
			await signIn.close();
		}
		const page = await context.newPage();
		const pending: Promise<{ url: string; bytes: number }>[] = [];
		let lastScriptAt = Date.now();
		page.on('response', (response) => {
			if (response.request().resourceType() !== 'script') return;
			lastScriptAt = Date.now();
			pending.push(
				response
					.body()
					.then((body) => ({ url: new URL(response.url()).pathname, bytes: gzipSize(body) }))
					.catch(() => ({ url: new URL(response.url()).pathname, bytes: 0 }))
			);
		});
		await page.goto(pagePath, { waitUntil: 'load' });
		if (user && new URL(page.url()).pathname === '/dang-nhap') throw new Error(`${pagePath} sent the signed-in ${user} to the sign-in page`);
		// Quiet for a second: what the page imports on mount has arrived too.
		while (Date.now() - lastScriptAt < 1000) await page.waitForTimeout(250);
		if (user && new URL(page.url()).pathname === '/dang-nhap') throw new Error(`${pagePath} sent the signed-in ${user} to the sign-in page`);
		const files = await Promise.all(pending);
		return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
	} finally {
		await context.close();
	}
}

/**
 * The service worker's precache, read from the built worker: `{ entries, bytes, later }` with
 * bytes as gzip of each file under build/client (prerendered pages under build/prerendered);
 * `later` is what the worker caches after install.
 */
export function precacheSize(buildDir = 'build'): { entries: number; bytes: number; later: { entries: number; bytes: number } } {
	const worker = readFileSync(path.join(buildDir, 'client', 'service-worker.js'), 'utf8');
	// Entries marked `later` are cached after install (scripts/precache-split.js), not with it.
	const entries = [...worker.matchAll(/\{[^{}]*"url":"([^"]+)"[^{}]*\}/g)].map((m) => ({ url: m[1]!, later: m[0].includes('"later":true') }));
	const size = (list: { url: string }[]) =>
		list.reduce((sum, e) => {
			const file = locate(buildDir, e.url);
			return sum + (file ? gzipSize(readFileSync(file)) : 0);
		}, 0);
	const precached = entries.filter((e) => !e.later);
	const later = entries.filter((e) => e.later);
	return { entries: precached.length, bytes: size(precached), later: { entries: later.length, bytes: size(later) } };
}

function locate(buildDir: string, url: string): string | undefined {
	const clean = url.replace(/^\//, '');
	const candidates = [
		path.join(buildDir, 'client', clean),
		path.join(buildDir, 'prerendered', clean),
		path.join(buildDir, 'prerendered', `${clean}.html`),
		path.join(buildDir, 'prerendered', clean, 'index.html')
	];
	return candidates.find((file) => {
		try {
			return statSync(file).isFile();
		} catch {
			return false;
		}
	});
}
