import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signIn, waitUntilOfflineReady } from './helpers';

test.describe.serial('settings', () => {
	test('a phone number is checked at the field, then saved and shown the Vietnamese way', async ({ page }) => {
		await signIn(page, 'ungcuu');
		await page.goto('/cai-dat');
		const phone = page.getByLabel('Số điện thoại');
		await phone.fill('12345');
		await page.getByRole('button', { name: 'Lưu' }).click();
		await expect(page.getByText('Số điện thoại không hợp lệ. Ví dụ: 0912 345 678.')).toBeVisible();
		// The rest of the form is kept.
		await expect(page.getByLabel('Thư điện tử', { exact: true })).toHaveValue('ungcuu@thaihoa.example');

		await phone.fill('+84 987.654.321');
		await page.getByRole('button', { name: 'Lưu' }).click();
		await expect(page.getByText('Đã lưu.')).toBeVisible();
		await page.reload();
		await expect(page.getByLabel('Số điện thoại')).toHaveValue('0987 654 321');
	});

	test('the language is chosen in settings, remembered, and applies to the whole app', async ({ page, browser }) => {
		await signIn(page, 'ungcuu');
		await page.goto('/cai-dat');
		await page.getByLabel('English (tiếng Anh)').click();
		await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Lê Minh Tuấn');
		await expect(page.getByTestId('home-role')).toContainText('Response Team member');

		// Remembered on the account: another device signs in (in Vietnamese) and gets English.
		const other = await browser.newContext();
		const device = await other.newPage();
		await signIn(device, 'ungcuu');
		await expect(device.getByRole('heading', { level: 1 })).toHaveText('Hello, Lê Minh Tuấn');
		await other.close();

		await page.goto('/cai-dat');
		await page.getByLabel('Tiếng Việt (Vietnamese)').click();
		await expect(page.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
	});

	test('the password is changed with the current one, and the new one signs in', async ({ page, browser }) => {
		await signIn(page, 'ungcuu');
		await page.goto('/cai-dat');
		await page.getByLabel('Mật khẩu hiện tại').fill('sai-mat-khau');
		await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-2026');
		await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-2026');
		await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
		await expect(page.getByText('Mật khẩu hiện tại không đúng.')).toBeVisible();

		await page.getByLabel('Mật khẩu hiện tại').fill('demo1234');
		await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
		await expect(page.getByText('Đã đổi mật khẩu.', { exact: false })).toBeVisible();

		const other = await browser.newContext();
		const otherPage = await other.newPage();
		await signIn(otherPage, 'ungcuu', 'mat-khau-moi-2026');
		// Put the demo password back for anyone trying the demo after the tests.
		await otherPage.goto('/cai-dat');
		await otherPage.getByLabel('Mật khẩu hiện tại').fill('mat-khau-moi-2026');
		await otherPage.getByLabel('Mật khẩu mới', { exact: true }).fill('demo1234');
		await otherPage.getByLabel('Nhập lại mật khẩu mới').fill('demo1234');
		await otherPage.getByRole('button', { name: 'Đổi mật khẩu' }).click();
		await expect(otherPage.getByText('Đã đổi mật khẩu.', { exact: false })).toBeVisible();
		await other.close();
	});
});

test.describe('alerts on this device', () => {
	const pushState = (page: Page) => page.getByTestId('notification-settings').getByTestId('push-state');
	const problem = (page: Page) => page.getByTestId('notification-settings').getByTestId('push-problem');

	async function settingsOf(context: BrowserContext): Promise<Page> {
		const page = await context.newPage();
		await signIn(page, 'totruong');
		await page.goto('/cai-dat');
		await expect(page.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
		return page;
	}

	test('the switch shows at once, even while the app is still installing on this device', async ({ browser }) => {
		// No worker at all (as while it installs on a first visit): nothing to wait for.
		const context = await browser.newContext({ serviceWorkers: 'block' });
		try {
			const page = await settingsOf(context);
			await expect(page.getByTestId('push-toggle')).toHaveText('Nhận thông báo trên thiết bị này', { timeout: 2_000 });
			await expect(pushState(page)).toHaveAttribute('data-state', 'off');
		} finally {
			await context.close();
		}
	});

	test('notifications blocked for the site: said at once, with where to allow them', async ({ browser, baseURL }) => {
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			const cdp = await context.newCDPSession(page);
			const { targetInfo } = await cdp.send('Target.getTargetInfo');
			await cdp.send('Browser.setPermission', {
				permission: { name: 'notifications' },
				setting: 'denied',
				origin: new URL(baseURL!).origin,
				browserContextId: targetInfo.browserContextId
			});
			await signIn(page, 'totruong');
			await page.goto('/cai-dat');
			await expect(pushState(page)).toHaveAttribute('data-state', 'denied', { timeout: 2_000 });
			await expect(pushState(page)).toHaveText(
				'Trình duyệt đang chặn thông báo của trang này. Để bật: bấm biểu tượng ổ khóa (hoặc ⓘ) cạnh địa chỉ trang → Cài đặt trang web → Thông báo → Cho phép, rồi tải lại trang.'
			);
			await expect(page.getByTestId('push-toggle')).toHaveCount(0);
		} finally {
			await context.close();
		}
	});

	test('a browser that refuses the subscription is answered in Vietnamese, never with its own English error', async ({ browser }) => {
		// Notifications allowed, but this (private) browser context refuses push itself:
		// Chromium rejects with "Registration failed - permission denied".
		const context = await browser.newContext({ permissions: ['notifications'] });
		try {
			const page = await context.newPage();
			await signIn(page, 'totruong');
			await waitUntilOfflineReady(page);
			await page.goto('/cai-dat');
			await page.getByTestId('push-toggle').click();
			await expect(problem(page)).toHaveText(
				'Trình duyệt không cho trang này đăng ký nhận thông báo (thường gặp trong cửa sổ ẩn danh, hoặc khi thông báo đẩy bị tắt trong cài đặt trình duyệt). Hãy mở ứng dụng trong cửa sổ thường hoặc từ biểu tượng đã cài, rồi thử lại.'
			);
			await expect(page.getByTestId('notification-settings')).not.toContainText('Registration failed');
			await expect(pushState(page)).toHaveAttribute('data-state', 'off');
		} finally {
			await context.close();
		}
	});

	test('a browser without Web Push says so; Safari on an iPhone is told to add the app to the home screen', async ({ browser }) => {
		for (const [standalone, words] of [
			[null, 'Trình duyệt này không nhận được thông báo đẩy.'],
			[false, 'Trên iPhone và iPad, thông báo chỉ đến ứng dụng đã thêm vào màn hình chính']
		] as const) {
			const context = await browser.newContext();
			try {
				// What such a browser lacks (this machine has no Safari): no PushManager in a tab.
				await context.addInitScript((standalone) => {
					delete (window as { PushManager?: unknown }).PushManager;
					if (standalone !== null) Object.defineProperty(navigator, 'standalone', { value: standalone });
				}, standalone);
				const page = await settingsOf(context);
				await expect(pushState(page)).toContainText(words, { timeout: 2_000 });
				await expect(page.getByTestId('push-toggle')).toHaveCount(0);
			} finally {
				await context.close();
			}
		}
	});
});
