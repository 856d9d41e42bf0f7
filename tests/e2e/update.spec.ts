import { expect, test } from '@playwright/test';
import { signIn, waitUntilOfflineReady } from './helpers';

const registration = () =>
	navigator.serviceWorker.getRegistration().then((r) => ({ waiting: Boolean(r?.waiting), active: r?.active?.scriptURL ?? null }));

test('a new version waits until the officer chooses to reload, then takes over', async ({ page }) => {
	await signIn(page, 'motcua');
	await waitUntilOfflineReady(page);
	// A new release of the worker reaches the browser (here: the same worker under a new
	// address, which the browser installs as an update of the site's one registration).
	await page.evaluate(() => navigator.serviceWorker.register('/service-worker.js?release=next', { scope: '/' }));

	// Offered, never forced: the page keeps its worker until asked.
	await expect(page.getByRole('alert')).toContainText('Đã có phiên bản mới của ứng dụng.');
	expect(await page.evaluate(registration)).toEqual({ waiting: true, active: expect.stringMatching(/\/service-worker\.js$/) });

	await page.getByRole('button', { name: 'Tải lại' }).click();
	await page.waitForEvent('load');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Nguyễn Thị Lan');
	await expect.poll(() => page.evaluate(registration)).toEqual({ waiting: false, active: expect.stringMatching(/release=next$/) });
	await expect(page.getByRole('alert')).toHaveCount(0);
});
