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
