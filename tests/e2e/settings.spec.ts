import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

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
