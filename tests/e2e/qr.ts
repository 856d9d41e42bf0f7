import type { Locator, Page } from '@playwright/test';
import jsQR from 'jsqr';

/**
 * What a phone camera sees: the QR code as drawn on screen (an element screenshot), read with
 * a QR decoder. The browser only turns the screenshot's PNG into pixels.
 */
export async function scanQr(page: Page, code: Locator): Promise<string | null> {
	const png = await code.screenshot();
	const image = await page.evaluate(async (base64) => {
		const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
		const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const g = canvas.getContext('2d')!;
		g.drawImage(bitmap, 0, 0);
		const pixels = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
		let binary = '';
		for (let i = 0; i < pixels.length; i += 0x8000) binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
		return { width: bitmap.width, height: bitmap.height, rgba: btoa(binary) };
	}, png.toString('base64'));
	const rgba = new Uint8ClampedArray(Buffer.from(image.rgba, 'base64'));
	return jsQR(rgba, image.width, image.height)?.data ?? null;
}
