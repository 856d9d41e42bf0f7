import { expect, test } from '@playwright/test';
import { cutNetwork, signIn, waitUntilOfflineReady } from './helpers';

test.describe('the app after one online visit', () => {
	test('reloads, knows who is signed in, and opens unvisited pages with the network off', async ({ page, context }) => {
		await signIn(page, 'motcua');
		await waitUntilOfflineReady(page);
		await expect(page.getByTestId('connectivity')).toHaveText('Có mạng');

		await cutNetwork(context);
		await page.reload();

		// Home, from the cache, with the signed-in user read from the device.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Nguyễn Thị Lan');
		await expect(page.getByTestId('home-role')).toContainText('Cán bộ Một cửa');
		await expect(page.getByText('Báo sự cố', { exact: true })).toBeVisible();
		await expect(page.getByTestId('connectivity')).toHaveText('Mất mạng — vẫn dùng được');
		// The ward's team was fetched while online and is still there to call.
		await expect(page.getByText('Trần Văn Hùng')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Gọi 0912 000 102' })).toHaveAttribute('href', 'tel:+84912000102');
		await expect(page.getByText(/^Đang hiển thị thông tin đã lưu trên máy lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/)).toBeVisible();

		// Settings was never visited: it comes from the precache.
		await page.goto('/cai-dat');
		await expect(page.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
		await expect(page.getByText('Nguyễn Thị Lan').first()).toBeVisible();
		await expect(page.getByLabel('Số điện thoại')).toHaveValue('0912 000 101');

		// An unknown path gets the app's own friendly page, not the browser's offline page.
		await page.goto('/khong-co-trang-nay');
		await expect(page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible();
	});

	test('the sign-in page opens offline and says why signing in needs the network', async ({ page, context }) => {
		await page.goto('/dang-nhap');
		await waitUntilOfflineReady(page);
		await cutNetwork(context);
		await page.reload();
		await page.getByLabel('Tên đăng nhập').fill('motcua');
		await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByTestId('connectivity')).toHaveText('Mất mạng — cần có mạng để đăng nhập');
		await expect(page.getByRole('alert')).toContainText('Cần có mạng để đăng nhập');
	});
});
