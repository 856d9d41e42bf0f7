/**
 * Onboarding as a province administrator does it, against the built app: a new ward and a
 * desk officer made by hand, the officer's first sign-in with the one-time password (changed
 * before anything else) and a first report; then a small workbook imported, and an imported
 * person signing in with the password from the downloaded list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { fillReport } from './reporting-helpers';
import { nativeDialogs, signIn } from './helpers';

const NEW_PASSWORD = 'mat-khau-rieng-2026';

/** A first sign-in with a one-time password: straight to the settings page to choose one's own. */
async function firstSignIn(browser: Browser, username: string, oneTimePassword: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/dang-nhap');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu', { exact: true }).fill(oneTimePassword);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/cai-dat$/);
	await expect(page.getByText('Mật khẩu của bạn là mật khẩu tạm. Vui lòng đổi mật khẩu mới.')).toBeVisible();
	// Nothing else opens until the password is changed.
	await page.goto('/bao-cao/moi');
	await expect(page).toHaveURL(/\/cai-dat$/);
	await page.getByLabel('Mật khẩu hiện tại').fill(oneTimePassword);
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
	await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
	await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' })).toBeVisible();
	await page.getByRole('link', { name: 'Tiếp tục vào trang chủ' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Xin chào, / })).toBeVisible();
	return page;
}

test.describe.serial('onboarding', () => {
	test('quantri creates a ward and a desk officer, who signs in with the one-time password, changes it and files a report', async ({ page, browser }) => {
		await signIn(page, 'quantri');
		await page.getByRole('link', { name: 'Đơn vị', exact: true }).first().click();
		await expect(page).toHaveURL(/\/quan-tri\/don-vi$/);

		const create = page.getByRole('region', { name: 'Thêm đơn vị' });
		await create.getByLabel('Phường, xã').check();
		await create.getByLabel('Thuộc tỉnh').selectOption({ label: 'Nghệ An' });
		await create.getByLabel('Tên đơn vị').fill('Phường Quang Trung');
		await create.getByRole('button', { name: 'Thêm đơn vị' }).click();
		await expect(page).toHaveURL(/\/quan-tri\/don-vi\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Phường Quang Trung');
		const wardUrl = page.url();

		await page.getByRole('link', { name: 'Thêm người vào đơn vị này' }).first().click();
		await expect(page).toHaveURL(/\/quan-tri\/nguoi-dung\?unitId=/);
		const form = page.getByRole('region', { name: 'Thêm người dùng' });
		await form.getByLabel('Tên đăng nhập').fill('hoa.qt');
		await form.getByLabel('Họ và tên').fill('Lê Thị Hoa');
		await form.getByLabel('Vai trò').selectOption({ label: 'Cán bộ Một cửa' });
		await expect(form.getByLabel('Đơn vị', { exact: true })).toHaveValue(wardUrl.split('/').at(-1)!);
		await form.getByRole('button', { name: 'Thêm người dùng' }).click();
		const password = (await page.getByTestId('one-time-password').textContent())!.trim();
		expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

		// The officer, on her own PC.
		const officer = await firstSignIn(browser, 'hoa.qt', password);
		await officer.goto('/bao-cao/moi');
		await fillReport(officer, 'Máy in hết mực', 'Máy in quầy 1 hết mực, không in được phiếu hẹn');
		await officer.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(officer.getByTestId('report-saved')).toContainText('Đã gửi', { timeout: 20_000 });
		const mine = (await (await officer.request.get('/api/incidents?mine=1')).json()) as { items: { description: string }[] };
		expect(mine.items.map((i) => i.description)).toEqual(['Máy in quầy 1 hết mực, không in được phiếu hẹn']);
		await officer.context().close();

		// The administrator's record has both steps.
		await page.goto('/quan-tri/nhat-ky');
		await expect(page.getByRole('cell', { name: 'Lê Thị Hoa (hoa.qt)' }).first()).toBeVisible();
		await expect(page.getByRole('cell', { name: 'Phường Quang Trung' }).first()).toBeVisible();
	});

	test('quantri imports a small workbook; an imported person signs in with the password from the downloaded list', async ({ page, browser }) => {
		await signIn(page, 'quantri');
		await page.goto('/quan-tri/nhap-du-lieu');
		await page.getByLabel('Tệp danh sách (CSV hoặc XLSX)').setInputFiles(path.resolve('tests/fixtures/onboarding-small.xlsx'));
		await page.getByRole('button', { name: 'Kiểm tra' }).click();
		await expect(page.getByText('Không có lỗi. Sẽ tạo 1 phường và 3 người dùng.')).toBeVisible();
		await page.getByRole('button', { name: 'Nhập vào hệ thống' }).click();
		await expect(page.getByText('Đã tạo 1 phường và 3 người dùng.')).toBeVisible();

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Tải danh sách mật khẩu (CSV)' }).click()
		]);
		const csv = readFileSync((await download.path())!, 'utf8');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const leaderRow = csv.split(/\r\n/).find((line) => line.includes('quang.pd'));
		expect(leaderRow).toContain('Phường Trường Thi');
		const password = leaderRow!.match(/[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}/)![0];

		// The imported leader signs in from that list and lands on a leader's home once the password is his own.
		const leader = await firstSignIn(browser, 'quang.pd', password);
		await expect(leader.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Phan Đình Quang');
		await expect(leader.getByTestId('home-role')).toContainText('Tổ trưởng');
		await leader.context().close();

		// The same file again is refused whole, naming what already exists.
		await page.goto('/quan-tri/nhap-du-lieu');
		await page.getByLabel('Tệp danh sách (CSV hoặc XLSX)').setInputFiles(path.resolve('tests/fixtures/onboarding-small.xlsx'));
		await page.getByRole('button', { name: 'Kiểm tra' }).click();
		await expect(page.getByText('Tên đăng nhập “quang.pd” đã có người dùng.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Nhập vào hệ thống' })).toHaveCount(0);
	});

	test('leaving an import whose passwords were not kept is asked about in the page: stay, or leave', async ({ page }) => {
		const native = nativeDialogs(page);
		await signIn(page, 'quantri');
		await page.goto('/quan-tri/nhap-du-lieu');
		const csv = '\ufeffPhường / đơn vị,Họ và tên,Tên đăng nhập,Vai trò,Tổ trưởng / Tổ phó,Điện thoại,Email\r\nPhường Thái Hòa,Đinh Thị Vân,th.van,Cán bộ Một cửa,,,\r\n';
		await page.getByLabel('Tệp danh sách (CSV hoặc XLSX)').setInputFiles({ name: 'them-nguoi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByRole('button', { name: 'Kiểm tra' }).click();
		await expect(page.getByText('Không có lỗi. Sẽ tạo 0 phường và 1 người dùng.')).toBeVisible();
		await page.getByRole('button', { name: 'Nhập vào hệ thống' }).click();
		await expect(page.getByText('Đã tạo 0 phường và 1 người dùng.')).toBeVisible();

		const people = page.getByRole('link', { name: 'Người dùng', exact: true }).last();
		const question = page.getByRole('dialog', { name: 'Bỏ danh sách mật khẩu chưa lưu?' });
		await people.click();
		await expect(question).toContainText('Danh sách mật khẩu dùng một lần chưa được tải về hay in ra, và sẽ không xem lại được.');
		await expect(question.getByRole('button', { name: 'Ở lại trang này' })).toBeFocused();
		await question.getByRole('button', { name: 'Ở lại trang này' }).click();
		await expect(question).toBeHidden();
		await expect(page).toHaveURL(/\/quan-tri\/nhap-du-lieu$/);
		await expect(page.getByRole('cell', { name: 'th.van' })).toBeVisible();
		// Escape stays too.
		await people.click();
		await expect(question).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(question).toBeHidden();
		await expect(page).toHaveURL(/\/quan-tri\/nhap-du-lieu$/);

		await people.click();
		await question.getByRole('button', { name: 'Rời trang' }).click();
		await expect(page).toHaveURL(/\/quan-tri\/nguoi-dung$/);
		expect(native).toEqual([]);
	});

	test('on the imported ward’s page quantri sets the timers and restores them, adds a hotline, hands the leadership over, and keeps his typing when another administrator saved first', async ({ page }) => {
		await signIn(page, 'quantri');
		await page.goto('/quan-tri/don-vi');
		await page.getByRole('link', { name: 'Phường Trường Thi' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Phường Trường Thi');

		// Timers: the defaults are shown; 5 minutes is this ward's own until restored.
		const timers = page.getByRole('region', { name: 'Thời gian tự động nhắc và báo cáo' });
		await expect(timers.getByText('Mặc định: 10 phút.')).toBeVisible();
		await timers.getByLabel('Tự động báo cáo lên tỉnh sau (phút)').fill('5');
		await timers.getByRole('button', { name: 'Lưu thời gian' }).click();
		await expect(timers.getByRole('status')).toHaveText('Đã lưu.');
		await expect(timers.getByText('Phường đang dùng thời gian riêng.', { exact: false })).toBeVisible();
		await timers.getByRole('button', { name: 'Khôi phục mặc định' }).click();
		await expect(timers.getByLabel('Tự động báo cáo lên tỉnh sau (phút)')).toHaveValue('');
		await expect(timers.getByText('Phường đang dùng thời gian mặc định.', { exact: false })).toBeVisible();

		// A hotline typed the way people write it is shown the Vietnamese way.
		const contacts = page.getByRole('region', { name: 'Liên hệ của đơn vị' });
		await contacts.getByRole('button', { name: 'Thêm liên hệ' }).click();
		await contacts.getByLabel('Loại liên hệ').selectOption({ label: 'Đường dây nóng' });
		await contacts.getByLabel('Tên gọi').fill('Đường dây nóng Tổ Ứng cứu');
		await contacts.getByLabel('Số điện thoại, đường dẫn hoặc địa chỉ').fill('0238.3844.999');
		await contacts.getByRole('button', { name: 'Thêm liên hệ này' }).click();
		await expect(contacts.getByText('0238 3844 999')).toBeVisible();

		// The leadership changes hands in one action.
		const leadership = page.getByRole('region', { name: 'Tổ trưởng và tổ phó Tổ Ứng cứu' });
		await leadership.getByLabel('Tổ trưởng', { exact: true }).selectOption({ label: 'Trịnh Văn Sơn' });
		await leadership.getByLabel('Tổ phó (không bắt buộc)').selectOption({ label: 'Phan Đình Quang' });
		await leadership.getByRole('button', { name: 'Lưu tổ trưởng và tổ phó' }).click();
		await expect(leadership.getByRole('status')).toHaveText('Đã lưu tổ trưởng và tổ phó.');
		const people = (await (await page.request.get('/api/admin/users')).json()) as { items: { username: string; isLeader: boolean; isDeputy: boolean }[] };
		const post = (u: string) => people.items.find((p) => p.username === u);
		expect([post('son.tv')?.isLeader, post('quang.pd')?.isLeader, post('quang.pd')?.isDeputy]).toEqual([true, false, true]);

		// Another administrator renames the ward's address meanwhile; this one's typing survives.
		const details = page.getByRole('region', { name: 'Thông tin đơn vị' });
		await details.getByLabel('Giờ làm việc').fill('Thứ Hai – Thứ Sáu: 7:30 – 17:00');
		const wardId = page.url().split('/').at(-1)!;
		const current = (await (await page.request.get(`/api/admin/units/${wardId}`)).json()) as { version: number };
		const other = await page.request.patch(`/api/admin/units/${wardId}`, { data: { version: current.version, address: 'Số 9 Trường Thi' } });
		expect(other.status()).toBe(200);
		await details.getByRole('button', { name: 'Lưu thay đổi' }).click();
		await expect(details.getByRole('alert').first()).toContainText('vừa lưu thay đổi lúc');
		await expect(details.getByLabel('Giờ làm việc')).toHaveValue('Thứ Hai – Thứ Sáu: 7:30 – 17:00');
		await details.getByRole('button', { name: 'Tải lại' }).click();
		await expect(details.getByLabel('Địa chỉ')).toHaveValue('Số 9 Trường Thi');
		await expect(details.getByLabel('Giờ làm việc')).toHaveValue('Thứ Hai – Thứ Sáu: 7:30 – 17:00');
		await details.getByRole('button', { name: 'Lưu thay đổi' }).click();
		await expect(details.getByRole('status').last()).toHaveText('Đã lưu.');
		const saved = (await (await page.request.get(`/api/admin/units/${wardId}`)).json()) as { address: string; openingHours: string };
		expect(saved).toMatchObject({ address: 'Số 9 Trường Thi', openingHours: 'Thứ Hai – Thứ Sáu: 7:30 – 17:00' });
	});

	test('the administration pages have no serious accessibility problems, and none is wider than a phone', async ({ page }) => {
		const seriousProblems = async () => {
			const results = await new AxeBuilder({ page }).analyze();
			return results.violations
				.filter((v) => v.impact === 'serious' || v.impact === 'critical')
				.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
		};
		await signIn(page, 'quantri');
		const units = (await (await page.request.get('/api/admin/units')).json()) as { items: { id: string; slug: string }[] };
		const ward = units.items.find((u) => u.slug === 'phuong-truong-thi')!;
		const people = (await (await page.request.get(`/api/admin/users?unitId=${ward.id}`)).json()) as { items: { id: string }[] };
		const pages = [
			['/quan-tri', 'Quản trị'],
			['/quan-tri/don-vi', 'Đơn vị'],
			[`/quan-tri/don-vi/${ward.id}`, 'Phường Trường Thi'],
			['/quan-tri/nguoi-dung', 'Người dùng'],
			[`/quan-tri/nguoi-dung/${people.items[0]!.id}`, null],
			['/quan-tri/nhap-du-lieu', null],
			['/quan-tri/nhat-ky', null]
		] as const;
		for (const width of [1280, 360]) {
			await page.setViewportSize({ width, height: 800 });
			for (const [path, heading] of pages) {
				await page.goto(path);
				const h1 = page.getByRole('heading', { level: 1 });
				await expect(h1).toBeVisible();
				if (heading) await expect(h1).toContainText(heading);
				await expect(page.getByText('Đang tải…')).toHaveCount(0);
				expect(await seriousProblems(), `${path} at ${width} px`).toEqual([]);
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
				expect(overflow, `${path} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
			}
		}
	});

	test('a file that is not a spreadsheet, or too large, is refused at once with its name', async ({ page }, testInfo) => {
		await signIn(page, 'quantri');
		await page.goto('/quan-tri/nhap-du-lieu');
		const files = page.getByLabel('Tệp danh sách (CSV hoặc XLSX)');
		await files.setInputFiles({ name: 'anh-chup.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) });
		await page.getByRole('button', { name: 'Kiểm tra' }).click();
		await expect(page.getByRole('alert').filter({ hasText: 'anh-chup.xlsx' })).toContainText('không phải bảng tính CSV hay XLSX');
		// 50 MB: named and refused on the PC, before a byte is uploaded.
		const huge = testInfo.outputPath('qua-lon.csv');
		writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x41));
		const uploads: string[] = [];
		page.on('request', (r) => {
			if (r.url().includes('/api/admin/import')) uploads.push(r.url());
		});
		await files.setInputFiles(huge);
		await expect(page.getByRole('alert').filter({ hasText: 'qua-lon.csv' })).toBeVisible();
		await page.getByRole('button', { name: 'Kiểm tra' }).click();
		expect(uploads).toEqual([]);
	});
});
