import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

const OFFICIAL_START = 'Kính thưa các bác, các anh chị, hệ thống của chúng tôi đang gặp sự cố kỹ thuật tạm thời.';

test('an administrator sets a ward’s own notice and wait line, the display uses them, and the official text comes back', async ({ page, context, request }) => {
	await signIn(page, 'quantri');
	await page.getByRole('link', { name: 'Sửa lời thông báo cho người dân' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Lời thông báo cho người dân' })).toBeVisible();
	const card = page.locator('section', { has: page.getByRole('heading', { name: 'Phường Thái Hòa' }) });
	await expect(card.getByText('Đang dùng lời thông báo chính thức (Bước 3).')).toBeVisible();
	const text = card.getByLabel('Nội dung thông báo');
	await expect(text).toHaveValue(new RegExp(`^${OFFICIAL_START}`));

	// An empty notice is refused with a clear message, and nothing is saved.
	await text.fill('   ');
	await card.getByRole('button', { name: 'Lưu thông báo' }).click();
	await expect(card.getByRole('alert')).toContainText('Nội dung thông báo không được để trống.');
	let ward = (await (await request.get('/api/public/wards/phuong-thai-hoa')).json()).ward;
	expect(ward.notice.isDefault).toBe(true);

	// Markup typed into the notice stays text on the public screen.
	const own = 'Hệ thống iGate đang được nâng cấp. <b>Xin cảm ơn</b>';
	await text.fill(own);
	await card.getByLabel('Dòng thời gian chờ dự kiến (không bắt buộc)').fill('Thời gian chờ dự kiến khoảng 20 phút');
	await card.getByRole('button', { name: 'Lưu thông báo' }).click();
	await expect(card.getByRole('status')).toContainText('Đã lưu.');
	await expect(card.getByText('Đang dùng lời thông báo riêng của phường.')).toBeVisible();
	ward = (await (await request.get('/api/public/wards/phuong-thai-hoa')).json()).ward;
	expect(ward.notice).toEqual({ text: own, isDefault: false, estimatedWait: 'Thời gian chờ dự kiến khoảng 20 phút', audio: null });

	const display = await context.newPage();
	await display.goto('/thong-bao?phuong=phuong-thai-hoa');
	await expect(display.getByTestId('display-idle')).toBeVisible();
	await page.bringToFront();
	await page.goto('/');
	await page.evaluate(() => new BroadcastChannel('ucmc-notice').postMessage({ type: 'show' }));
	await expect(display.getByTestId('display-notice')).toContainText(own);
	await expect(display.getByTestId('display-notice')).toContainText('Thời gian chờ dự kiến khoảng 20 phút');
	expect(await display.locator('[data-testid=display-notice] b').count()).toBe(0);
	await page.evaluate(() => new BroadcastChannel('ucmc-notice').postMessage({ type: 'end' }));

	// Restore the official wording.
	await page.goto('/quan-tri/thong-bao');
	await card.getByRole('button', { name: 'Khôi phục lời thông báo chính thức' }).click();
	await expect(card.getByText('Đang dùng lời thông báo chính thức (Bước 3).')).toBeVisible();
	ward = (await (await request.get('/api/public/wards/phuong-thai-hoa')).json()).ward;
	expect(ward.notice.isDefault).toBe(true);
	expect(ward.notice.text.startsWith(OFFICIAL_START)).toBe(true);
});

test('only an administrator may change a notice; the Response Team leader records it but does not edit it', async ({ page, browser }) => {
	await signIn(page, 'totruong');
	const wardId = (await (await page.request.get('/api/me')).json()).user.unit.id;
	const refused = await page.request.put(`/api/units/${wardId}/notice`, { data: { text: 'Khác', estimatedWait: null } });
	expect(refused.status()).toBe(403);
	expect((await refused.json()).error.code).toBe('forbidden');
	await page.goto('/quan-tri/thong-bao');
	await expect(page.getByRole('heading', { name: 'Giọng đọc thông báo' })).toBeVisible();
	await expect(page.getByLabel('Nội dung thông báo')).toHaveCount(0);

	// A desk officer has neither.
	const desk = await (await browser.newContext()).newPage();
	await signIn(desk, 'motcua');
	await desk.goto('/quan-tri/thong-bao');
	await expect(desk.getByText('Trang này dành cho quản trị viên.')).toBeVisible();
	await desk.context().close();
});
