import { expect, test, type Page } from '@playwright/test';
import { makeAccount, signIn } from './helpers';

const homes: { username: string; fullName: string; role: string; shows: (page: Page) => Promise<void> }[] = [
	{
		username: 'motcua',
		fullName: 'Nguyễn Thị Lan',
		role: 'Cán bộ Một cửa',
		shows: async (page) => {
			// The three actions, by their words; their pages arrive with the next versions.
			for (const action of ['Báo sự cố', 'Thông báo cho người dân', 'Danh mục hồ sơ']) {
				await expect(page.getByText(action, { exact: true })).toBeVisible();
			}
			await expect(page.getByText('Tổ trưởng Tổ Ứng cứu')).toBeVisible();
			// The officer does not see herself among the people to call.
			await expect(page.getByText('Nguyễn Thị Lan', { exact: true })).toHaveCount(0);
		}
	},
	{
		username: 'totruong',
		fullName: 'Trần Văn Hùng',
		role: 'Tổ trưởng Tổ Ứng cứu',
		shows: async (page) => {
			await expect(page.getByRole('heading', { name: 'Liên hệ của phường' })).toBeVisible();
			await expect(page.getByRole('heading', { name: 'Báo cáo lên tỉnh và doanh nghiệp' })).toBeVisible();
			await expect(page.getByRole('link', { name: 'Gọi 0238 3599 000' })).toHaveAttribute('href', 'tel:+842383599000');
			await expect(page.getByText('Tổng đài hỗ trợ kỹ thuật')).toBeVisible();
		}
	},
	{
		username: 'ungcuu',
		fullName: 'Lê Minh Tuấn',
		role: 'Thành viên Tổ Ứng cứu',
		shows: async (page) => {
			await expect(page.getByRole('heading', { name: 'Liên hệ của phường' })).toBeVisible();
		}
	},
	{
		username: 'tinh',
		fullName: 'Phạm Thu Hà',
		role: 'Tổ Công tác tỉnh',
		shows: async (page) => {
			await expect(page.getByRole('heading', { name: 'Các phường trong tỉnh' })).toBeVisible();
			await expect(page.getByRole('heading', { name: 'Phường Thái Hòa' })).toBeVisible();
		}
	},
	{
		username: 'doanhnghiep',
		fullName: 'Hoàng Đức Anh',
		role: 'Tổ Đối ứng doanh nghiệp CNTT',
		shows: async (page) => {
			await expect(page.getByRole('heading', { name: 'Loại sự cố đơn vị phụ trách' })).toBeVisible();
			await expect(page.getByRole('listitem').filter({ hasText: /Internet/ }).first()).toBeVisible();
			// An IT team does not see the wards' own people.
			await expect(page.getByText('Nguyễn Thị Lan')).toHaveCount(0);
		}
	},
	{
		username: 'quantri',
		fullName: 'Đặng Quốc Bảo',
		role: 'Quản trị viên',
		shows: async (page) => {
			await expect(page.getByRole('heading', { name: 'Đơn vị trong phạm vi quản trị' })).toBeVisible();
			await expect(page.getByText('Phường Thái Hòa')).toBeVisible();
		}
	}
];

test.describe.serial('signing in', () => {
	for (const home of homes) {
		test(`${home.username} signs in and sees the ${home.role} home`, async ({ page }) => {
			await signIn(page, home.username);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${home.fullName}`);
			await expect(page.getByTestId('home-role')).toContainText(home.role);
			await home.shows(page);
		});
	}

	test('signing out returns to the sign-in page and the home is no longer reachable', async ({ page }) => {
		await signIn(page, 'motcua');
		await page.getByRole('link', { name: 'Cài đặt' }).click();
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expect(page).toHaveURL(/\/dang-nhap$/);
		await page.goto('/');
		await expect(page).toHaveURL(/\/dang-nhap$/);
		const me = await page.request.get('/api/me');
		expect(me.status()).toBe(401);
	});

	test('a page asked for before signing in opens after signing in', async ({ page }) => {
		await page.goto('/cai-dat');
		await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fcai-dat$/);
		await page.getByLabel('Tên đăng nhập').fill('ungcuu');
		await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
	});

	test('a wrong password gets a clear message; the 6th quick attempt is refused with the wait', async ({ page, browser, baseURL }) => {
		// The lock lasts 15 minutes on the suite's one server: it falls on an account made for it.
		const password = await makeAccount(baseURL!, { username: 'khoa-thu', fullName: 'Tài khoản thử khóa', role: 'desk_officer' });
		await page.goto('/dang-nhap');
		await page.getByLabel('Tên đăng nhập').fill('khoa-thu');
		for (let attempt = 1; attempt <= 5; attempt++) {
			await page.getByLabel('Mật khẩu', { exact: true }).fill(`sai-mat-khau-${attempt}`);
			await page.getByRole('button', { name: 'Đăng nhập' }).click();
			await expect(page.getByTestId('sign-in-error')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
			// The field is cleared and focused for the next try.
			await expect(page.getByLabel('Mật khẩu', { exact: true })).toHaveValue('');
		}
		// Even the right password is refused while the username is locked.
		await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByTestId('sign-in-error')).toHaveText(
			'Bạn đã nhập sai quá nhiều lần. Vui lòng đợi 15 phút rồi thử lại.'
		);
		await expect(page).toHaveURL(/\/dang-nhap$/);

		// Another user on the same machine (same address) still signs in.
		const other = await browser.newContext();
		const otherPage = await other.newPage();
		await signIn(otherPage, 'totruong');
		await other.close();
	});

	test('a link that would lead away from the app after sign-in stays in the app', async ({ page, baseURL }) => {
		for (const next of ['/%5Cevil.example/x', '//evil.example/x', 'https://evil.example/x']) {
			await page.context().clearCookies();
			await page.goto(`/dang-nhap?next=${next}`);
			await page.getByLabel('Tên đăng nhập').fill('ungcuu');
			await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
			await page.getByRole('button', { name: 'Đăng nhập' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Lê Minh Tuấn');
			expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
		}
	});

	test('signing out in one tab signs out every tab of the browser', async ({ context }) => {
		const first = await context.newPage();
		await signIn(first, 'ungcuu');
		const second = await context.newPage();
		await second.goto('/');
		await expect(second.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Lê Minh Tuấn');
		await first.goto('/cai-dat');
		await first.getByRole('button', { name: 'Đăng xuất' }).click();
		await expect(second).toHaveURL(/\/dang-nhap$/);
		await expect(second.getByText('Lê Minh Tuấn')).toHaveCount(0);
	});

	test('an empty form is caught on the page with a message at the field', async ({ page }) => {
		await page.goto('/dang-nhap');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByRole('alert')).toHaveText('Vui lòng nhập tên đăng nhập.');
		await expect(page.getByLabel('Tên đăng nhập')).toBeFocused();
	});
});
