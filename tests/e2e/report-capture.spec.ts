import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.js';
import { signIn } from './helpers';
import { readDevice } from './reporting-helpers';

// Chromium's fake capture devices stand in for the screen picker and the camera.
test.use({
	launchOptions: {
		executablePath: findChromium(),
		args: [
			...CHROMIUM_ARGS,
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			'--auto-select-desktop-capture-source=Entire'
		]
	}
});

test('a screen capture is attached as a lossless PNG and a recording as a WebM video', async ({ page }) => {
	await signIn(page, 'motcua');
	await page.goto('/bao-cao/moi');
	// The desk PC: a screenshot is PrintScreen, then Ctrl+V.
	await expect(page.getByTestId('attach-hint')).toHaveText('Chụp màn hình lỗi: bấm PrintScreen rồi Ctrl+V ở bất kỳ đâu trên trang này.');
	await page.getByRole('button', { name: 'Chụp màn hình' }).click();
	await expect(page.getByTestId('attachment')).toHaveCount(1);
	await expect(page.getByTestId('attachment').first()).toContainText('.png');

	await page.getByRole('button', { name: 'Quay video' }).click();
	await expect(page.getByText('Đang quay…')).toBeVisible();
	await page.waitForTimeout(1500);
	await page.getByRole('button', { name: 'Dừng quay' }).click();
	await expect(page.getByTestId('attachment')).toHaveCount(2);
	await expect(page.getByTestId('attachment').nth(1)).toContainText('.webm');
	await expect(page.getByTestId('attachment').nth(1).locator('video')).toBeVisible();

	const device = await readDevice(page);
	expect(device.attachments.filter((a) => a.name.endsWith('.png'))).toHaveLength(1);
});

test('a phone is offered its camera, a video and its gallery, not PrintScreen nor screen recording', async ({ browser, baseURL }) => {
	// A phone as the browser sees one: a finger for a pointer (coarse), no screen capture.
	const phone = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'vi-VN' });
	try {
		const page = await phone.newPage();
		expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		const panel = page.getByRole('group', { name: 'Ảnh, video, tệp đính kèm' });
		await expect(page.getByTestId('attach-hint')).toHaveText(
			'Chụp ảnh hoặc quay video màn hình lỗi, thiết bị hỏng; hoặc chọn ảnh, video có sẵn trong thư viện của máy.'
		);
		await expect(panel).not.toContainText('PrintScreen');
		for (const name of ['Chụp ảnh', 'Quay video', 'Chọn ảnh, video có sẵn']) await expect(panel.getByRole('button', { name })).toBeVisible();
		for (const name of ['Chụp màn hình', 'Quay màn hình', 'Chọn tệp']) await expect(panel.getByRole('button', { name })).toHaveCount(0);

		// A photo from the camera is attached (as a JPEG, 1600 px at most).
		const [chooser] = await Promise.all([page.waitForEvent('filechooser'), panel.getByRole('button', { name: 'Chụp ảnh' }).click()]);
		const png = Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
			'base64'
		);
		await chooser.setFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: png });
		await expect(page.getByTestId('attachment')).toHaveCount(1);
		await expect(page.getByTestId('attachment')).toContainText('.jpg');
	} finally {
		await phone.close();
	}
});
