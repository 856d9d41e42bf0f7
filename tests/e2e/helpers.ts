import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo1234';

/** Signs in through the sign-in page, as a person would, and waits for the home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/dang-nhap');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^(Xin chào|Hello), / })).toBeVisible();
}

/** Waits until the service worker has cached the app and controls this page. */
export async function waitUntilOfflineReady(page: Page): Promise<void> {
	await expect(page.getByTestId('offline-ready')).toHaveAttribute('data-ready', 'true');
	await expect(page.getByTestId('offline-ready')).toContainText('Sẵn sàng dùng ngoại tuyến');
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}
