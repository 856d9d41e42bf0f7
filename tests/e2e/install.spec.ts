import { expect, test } from '@playwright/test';
import { withProfile } from './browser';

test('the built app is installable and its manifest is complete', async ({ page, baseURL }) => {
	// Chromium never offers to install from an incognito-like context: use a real profile.
	await withProfile(baseURL!, async (open) => {
		const context = await open();
		const installPage = await context.newPage();
		await installPage.goto('/dang-nhap');
		await installPage.waitForFunction(() => navigator.serviceWorker.controller !== null);
		const cdp = await context.newCDPSession(installPage);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		expect(installabilityErrors).toEqual([]);
	});

	const manifest = await (await page.request.get('/manifest.webmanifest')).json();
	expect(manifest).toMatchObject({
		name: 'Ứng Cứu Một Cửa',
		short_name: 'Ứng Cứu',
		lang: 'vi',
		display: 'standalone',
		start_url: '/',
		theme_color: '#0b4f8a'
	});
	const icons = manifest.icons as { src: string; sizes: string; purpose?: string }[];
	expect(icons).toEqual(
		expect.arrayContaining([
			expect.objectContaining({ sizes: '192x192' }),
			expect.objectContaining({ sizes: '512x512', purpose: 'any' }),
			expect.objectContaining({ sizes: '512x512', purpose: 'maskable' })
		])
	);
	for (const icon of icons) {
		const response = await page.request.get(icon.src);
		expect(response.status(), icon.src).toBe(200);
		expect(response.headers()['content-type']).toBe('image/png');
	}
	const shortcuts = manifest.shortcuts as { name: string; url: string }[];
	expect(shortcuts.map((s) => [s.name, s.url])).toEqual([
		['Báo sự cố', '/bao-cao/moi'],
		['Thông báo cho người dân', '/thong-bao']
	]);
});

test('pages carry a Content-Security-Policy and the security headers', async ({ page }) => {
	const response = await page.goto('/dang-nhap');
	const headers = response!.headers();
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['referrer-policy']).toBe('same-origin');
	const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain("script-src 'self' 'sha256-");
	expect(csp).toContain("object-src 'none'");

	// A page rendered per request (one procedure) carries the policy as a header, with a nonce.
	const dynamic = (await page.request.get('/ho-so/dang-ky-khai-sinh')).headers();
	expect(dynamic['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(dynamic['x-frame-options']).toBe('DENY');
});
