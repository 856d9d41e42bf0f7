/**
 * Pages light enough for an old desk PC, kept so: each page's first visit (a fresh browser,
 * signed in where the page needs it) loads no more JavaScript than its budget, and the
 * service worker precaches no more than its own — the administration code and the resumable
 * upload are cached just after install instead. Sizes, not times: they do not depend on how
 * busy the machine is (scripts/page-weight.mjs counts them, as `npm run bench` does).
 */
import { expect, test } from '@playwright/test';
import { firstVisitScripts, PAGE_BUDGETS, PRECACHE_BUDGET, precacheSize } from '../../scripts/page-weight';
import { waitUntilOfflineReady } from './helpers';

for (const { path, user, budget } of PAGE_BUDGETS) {
	test(`a first visit of ${path} loads at most ${budget / 1024} KB of JavaScript (gzip)`, async ({ browser, baseURL }) => {
		const { bytes, files } = await firstVisitScripts(browser, baseURL!, path, { user });
		const listing = files.map((f) => `${(f.bytes / 1024).toFixed(1)} KB ${f.url}`).join('\n');
		expect(bytes, `${path}: ${(bytes / 1024).toFixed(1)} KB in ${files.length} files\n${listing}`).toBeLessThanOrEqual(budget);
	});
}

test('the precache stays within its budget; administration code arrives in the cache just after install', async ({ page }) => {
	const { bytes, later } = precacheSize();
	expect(bytes, `precache ${(bytes / 1024).toFixed(1)} KB`).toBeLessThanOrEqual(PRECACHE_BUDGET);
	expect(later.entries).toBeGreaterThan(0);

	await page.goto('/dang-nhap');
	await waitUntilOfflineReady(page);
	const cached = async () =>
		page.evaluate(async () => {
			const urls = async (name: string) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
			const names = await caches.keys();
			const precache = (await Promise.all(names.filter((n) => n.startsWith('workbox-precache')).map(urls))).flat();
			return { precache, later: names.includes('app-later-v1') ? await urls('app-later-v1') : [] };
		});
	await expect.poll(async () => (await cached()).later.length, { timeout: 30_000 }).toBe(later.entries);
	const { precache, later: laterUrls } = await cached();
	expect(laterUrls.filter((url) => precache.includes(url))).toEqual([]);
	// The pages that must work offline on first use are in the precache itself.
	expect(precache).toEqual(expect.arrayContaining(['/bao-cao/moi', '/ho-so', '/thong-bao', '/dang-nhap', '/_app/display.js']));
});
