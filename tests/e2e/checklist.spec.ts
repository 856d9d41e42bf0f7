import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { withProfile } from './browser';
import { signIn } from './helpers';

async function search(page: Page, text: string) {
	await page.getByLabel('Tìm thủ tục').fill(text);
}

test('the checklist opens offline on first use, after the app was opened once online', async ({ baseURL }) => {
	await withProfile(baseURL!, async (open) => {
		// Online, a device opens the app once (the sign-in page), never the checklist.
		let context = await open();
		let page = await context.newPage();
		await page.goto('/dang-nhap');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		await expect(page.getByTestId('offline-ready')).toHaveAttribute('data-ready', 'true');
		await context.close();

		// Later, the same browser with the network down.
		context = await open();
		await context.setOffline(true);
		page = await context.newPage();
		await page.goto('/ho-so');
		await expect(page.getByRole('heading', { level: 1, name: 'Danh mục hồ sơ' })).toBeVisible();
		await expect(page.getByRole('status').filter({ hasText: 'thủ tục' })).toHaveText('15 thủ tục');

		// Search without diacritics.
		await search(page, 'dang ky khai sinh');
		await expect(page.getByRole('link', { name: /^Đăng ký khai sinh/ })).toBeVisible();
		await expect(page.getByRole('link', { name: /^Đăng ký lại khai sinh/ })).toBeVisible();
		await expect(page.getByRole('link', { name: /^Đăng ký khai tử/ })).toHaveCount(0);
		await search(page, 'thuong tru');
		await expect(page.getByRole('link', { name: /^Đăng ký thường trú/ })).toBeVisible();
		await search(page, 'không có thủ tục này');
		await expect(page.getByText('Không tìm thấy thủ tục nào khớp với “không có thủ tục này”.')).toBeVisible();

		// One procedure, never visited either: forms, documents in order, boxes to tick.
		await search(page, 'thuong tru');
		await page.getByRole('link', { name: /^Đăng ký thường trú/ }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký thường trú' })).toBeVisible();
		await expect(page.getByText('Nộp tại: Công an cấp xã (Công an phường)')).toBeVisible();
		await expect(page.getByText('Mẫu CT01', { exact: false }).first()).toBeVisible();
		const boxes = page.getByRole('checkbox');
		expect(await boxes.count()).toBeGreaterThan(2);
		await boxes.first().check();
		await expect(boxes.first()).toBeChecked();
		await page.getByRole('button', { name: 'Bỏ đánh dấu' }).click();
		await expect(boxes.first()).not.toBeChecked();
		await expect(page.getByRole('img', { name: 'Quét mã để mở trên điện thoại' })).toBeVisible();
		await expect(page.getByText('Thông tin tham khảo — cán bộ Một cửa sẽ hướng dẫn chính thức')).toBeVisible();
	});
});

test('each procedure prints on one A4 page', async ({ page, request }) => {
	const { items } = (await (await request.get('/api/public/procedures')).json()) as { items: { id: string }[] };
	expect(items.length).toBe(15);
	await page.emulateMedia({ media: 'print' });
	for (const { id } of items) {
		await page.goto(`/ho-so/${id}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('img', { name: 'Quét mã để mở trên điện thoại' })).toBeVisible();
		const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
		const pages = pdf.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
		expect(pages, id).toBe(1);
	}
});

test('a note is told apart from the documents: unnumbered, nothing to tick, not counted', async ({ page }) => {
	await page.goto('/ho-so/dang-ky-ket-hon');
	await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký kết hôn' })).toBeVisible();
	const documents = page.getByTestId('checklist-documents');
	const items = documents.getByRole('listitem');
	await expect(items).toHaveCount(5);
	await expect(documents).not.toContainText('Lưu ý');
	// Every numbered line is something to bring, with its box.
	await expect(documents.getByRole('checkbox')).toHaveCount(5);
	await expect(page.getByRole('checkbox')).toHaveCount(5);

	const notes = page.getByTestId('checklist-notes');
	await expect(notes.getByRole('heading', { name: 'Lưu ý' })).toBeVisible();
	await expect(notes.getByRole('listitem')).toHaveCount(1);
	await expect(notes).toContainText('Lưu ý: bản ghi DVC hiện hành không liệt kê Giấy xác nhận tình trạng hôn nhân là giấy phải nộp');
	expect(await notes.locator('ul').evaluate((list) => list.tagName === 'UL' && getComputedStyle(list).listStyleType !== 'decimal')).toBe(true);
	await expect(notes.getByRole('checkbox')).toHaveCount(0);
});

test('staff see which facts are not yet verified; citizens see the reference note', async ({ page }) => {
	await page.goto('/ho-so/dang-ky-giam-ho');
	await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký giám hộ' })).toBeVisible();
	await expect(page.getByText('chưa xác minh')).toHaveCount(0);

	await signIn(page, 'motcua');
	await page.getByRole('link', { name: /Danh mục hồ sơ/ }).click();
	await expect(page).toHaveURL(/\/ho-so$/);
	await expect(page.getByRole('link', { name: /Đăng ký giám hộ/ }).getByText('chưa xác minh')).toBeVisible();
	await expect(page.getByRole('link', { name: /Đăng ký khai sinh/ }).first().getByText('chưa xác minh')).toHaveCount(0);
	await page.goto('/ho-so/dang-ky-giam-ho');
	await expect(page.getByText('chưa xác minh')).toBeVisible();
});

test('the checklist has no serious accessibility problems', async ({ page }) => {
	for (const path of ['/ho-so', '/ho-so/chung-thuc-ban-sao-tu-ban-chinh']) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const results = await new AxeBuilder({ page }).analyze();
		const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), path).toEqual([]);
	}
});

test('an unknown procedure says so', async ({ page }) => {
	await page.goto('/ho-so/khong-co');
	await expect(page.getByRole('heading', { level: 1, name: 'Không có thủ tục này trong danh mục.' })).toBeVisible();
});
