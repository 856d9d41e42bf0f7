import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

type Box = { x: number; y: number; width: number; height: number };
import { withProfile } from './browser';
import { signIn } from './helpers';
import { scanQr } from './qr';

const NOTICE_START = 'Kính thưa các bác, các anh chị, hệ thống của chúng tôi đang gặp sự cố kỹ thuật tạm thời.';
const DISPLAY = '/thong-bao?phuong=phuong-thai-hoa';

const notice = (page: Page) => page.getByTestId('display-notice');
const idle = (page: Page) => page.getByTestId('display-idle');

test.use({ viewport: { width: 1920, height: 1080 } });

test('the display opens offline on first use and shows the official notice', async ({ baseURL }) => {
	await withProfile(baseURL!, async (open) => {
		let context = await open();
		let page = await context.newPage();
		await page.goto('/dang-nhap');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		await context.close();

		context = await open();
		await context.setOffline(true);
		page = await context.newPage();
		await page.setViewportSize({ width: 1920, height: 1080 });
		await page.goto(DISPLAY);
		await expect(notice(page)).toContainText(NOTICE_START);
		await expect(notice(page)).toContainText('Xin chân thành cảm ơn!');
		await expect(notice(page)).toContainText('Trong khi chờ, các bác, các anh chị có thể…');
		await expect(page.getByRole('img', { name: 'Quét mã để xem danh mục hồ sơ trên điện thoại' })).toBeVisible();
	});
});

test('a TV that only ever opened the display opens it again offline, with its ward', async ({ baseURL }) => {
	await withProfile(baseURL!, async (open) => {
		let context = await open();
		let page = await context.newPage();
		await page.goto(DISPLAY);
		await expect(idle(page)).toContainText('phường Thái Hòa');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		// The worker keeps the ward's facts once it controls the page.
		await page.reload();
		await expect(idle(page)).toContainText('phường Thái Hòa');
		await context.close();

		context = await open({ offline: true });
		page = await context.newPage();
		await page.goto(DISPLAY);
		await expect(notice(page)).toContainText(NOTICE_START);
		await expect(page.getByRole('img', { name: 'Xem tình trạng trên điện thoại' })).toHaveJSProperty('complete', true);
		expect(await page.getByRole('img', { name: 'Xem tình trạng trên điện thoại' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	});
});

test('the display follows its network and the desk officer on the same PC', async ({ page, context }) => {
	await page.goto(DISPLAY);
	await expect(idle(page)).toContainText('Trung tâm Phục vụ Hành chính công phường Thái Hòa');
	await expect(idle(page)).toContainText('Giờ làm việc');
	await expect(idle(page).getByTestId('display-address')).toHaveText('Địa chỉ: Trụ sở UBND phường Thái Hòa, tỉnh Nghệ An');

	// Its own device goes offline: the notice, by itself. Back online: idle again.
	await context.setOffline(true);
	await expect(notice(page)).toContainText(NOTICE_START);
	await context.setOffline(false);
	await expect(idle(page)).toBeVisible();

	// A desk officer in another tab of the same browser asks for it, then ends it.
	const desk = await context.newPage();
	await signIn(desk, 'motcua');
	await expect(desk.getByTestId('display-status')).toHaveText('Màn hình đang ở chế độ chào đón.');
	// The desk also sees the display switch by itself.
	await context.setOffline(true);
	await expect(desk.getByTestId('display-status')).toHaveText('Màn hình đang hiển thị thông báo.');
	await context.setOffline(false);
	await expect(desk.getByTestId('display-status')).toHaveText('Màn hình đang ở chế độ chào đón.');

	await desk.getByRole('button', { name: 'Hiển thị thông báo cho người dân' }).click();
	await expect(notice(page)).toContainText(NOTICE_START);
	await expect(desk.getByTestId('display-status')).toHaveText('Màn hình đang hiển thị thông báo.');

	// The officer's request holds when the network comes and goes.
	await context.setOffline(true);
	await context.setOffline(false);
	await page.waitForFunction(() => navigator.onLine);
	for (let i = 0; i < 5; i++) {
		await expect(notice(page)).toBeVisible();
		await page.waitForTimeout(100);
	}

	await desk.getByRole('button', { name: 'Kết thúc thông báo' }).click();
	await expect(idle(page)).toBeVisible();

	// The request also works with the network down (BroadcastChannel stays in the browser).
	await context.setOffline(true);
	await desk.getByRole('button', { name: 'Kết thúc thông báo' }).click();
	await expect(idle(page)).toBeVisible();
	await desk.getByRole('button', { name: 'Hiển thị thông báo cho người dân' }).click();
	await expect(notice(page)).toBeVisible();
	await desk.getByRole('button', { name: 'Kết thúc thông báo' }).click();
	await context.setOffline(false);
	await expect(idle(page)).toBeVisible();

	// A display opened after the officer asked starts with the notice.
	await desk.getByRole('button', { name: 'Hiển thị thông báo cho người dân' }).click();
	const late = await context.newPage();
	await late.goto(DISPLAY);
	await expect(notice(late)).toBeVisible();
	await desk.getByRole('button', { name: 'Kết thúc thông báo' }).click();
	await expect(idle(late)).toBeVisible();
});

/** Computed font sizes of the visible QR captions, in px. */
const captionSizes = (screen: Locator) =>
	screen.locator('figcaption:visible').evaluateAll((captions) => captions.map((c) => parseFloat(getComputedStyle(c).fontSize)));

test('the notice is very large and both states pass the accessibility checks', async ({ page, context }) => {
	await page.goto(DISPLAY);
	await expect(idle(page)).toBeVisible();
	await expectNoSeriousViolations(page, 'idle');
	// The codes' captions are read from the chairs too: at least 28 px on a 1920×1080 screen.
	await expect(idle(page).getByRole('img', { name: 'Xem tình trạng trên điện thoại' })).toBeVisible();
	const idleCaptions = await captionSizes(idle(page));
	expect(idleCaptions).toHaveLength(2);
	for (const size of idleCaptions) expect(size).toBeGreaterThanOrEqual(28);

	await context.setOffline(true);
	await expect(notice(page)).toBeVisible();
	const size = await notice(page)
		.getByText(NOTICE_START, { exact: false })
		.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(size).toBeGreaterThanOrEqual(48);
	const noticeCaptions = await captionSizes(notice(page));
	expect(noticeCaptions).toHaveLength(2);
	for (const caption of noticeCaptions) expect(caption).toBeGreaterThanOrEqual(28);
	// …and the notice screen still fits the screen without scrolling.
	expect(await notice(page).evaluate((screen) => screen.scrollHeight <= screen.clientHeight)).toBe(true);
	await expectNoSeriousViolations(page, 'notice');
	await context.setOffline(false);
});

test('on a phone the options bar covers neither the ward’s name nor the notice, and the codes fit the width', async ({ page, context }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto(DISPLAY);
	await expect(idle(page)).toBeVisible();
	const bar = page.locator('[data-part="options"]');
	await expect(bar).toBeVisible();
	const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
	const ward = idle(page).locator('[data-slot="center"]');
	await expect(ward).toHaveText('Trung tâm Phục vụ Hành chính công phường Thái Hòa');
	expect(overlaps((await bar.boundingBox())!, (await ward.boundingBox())!)).toBe(false);
	for (const figure of await idle(page).locator('figure').all()) {
		const box = (await figure.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
	}

	await context.setOffline(true);
	await expect(notice(page)).toBeVisible();
	const text = notice(page).getByText(NOTICE_START, { exact: false });
	expect(overlaps((await bar.boundingBox())!, (await text.boundingBox())!)).toBe(false);
	for (const figure of await notice(page).locator('figure').all()) {
		const box = (await figure.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
	}
	expect(await page.locator('[data-display]').evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
	await context.setOffline(false);
});

test('the display is chosen once, remembered, and an unknown ward is refused clearly', async ({ page }) => {
	await page.goto('/thong-bao');
	await expect(page.getByRole('heading', { name: 'Chọn phường, xã cho màn hình này' })).toBeVisible();
	await page.getByRole('button', { name: 'Phường Thái Hòa' }).click();
	await expect(idle(page)).toContainText('phường Thái Hòa');
	await page.reload();
	await expect(idle(page)).toContainText('phường Thái Hòa');

	await page.goto('/thong-bao?phuong=khong-co-phuong-nay');
	await expect(page.getByText('Không tìm thấy phường, xã “khong-co-phuong-nay”. Vui lòng chọn lại.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Phường Thái Hòa' })).toBeVisible();
});

test('reading aloud uses a Vietnamese voice, and says so when the device has none', async ({ page, context }) => {
	// Headless Chromium has no voices at all: the display must say so instead of reading.
	await page.goto(DISPLAY);
	await expect(idle(page)).toBeVisible();
	await page.mouse.move(10, 10);
	await expect(page.getByText('Máy này chưa có giọng đọc tiếng Việt nên không đọc to được.', { exact: false })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Đọc to' })).toBeDisabled();

	// A device with an English and a Vietnamese voice: the spoken text and language are recorded.
	const reader = await context.newPage();
	await reader.addInitScript(() => {
		const fake = (lang: string, name: string) => ({ lang, name, localService: true, voiceURI: name, default: false });
		const voices = [fake('en-US', 'Samantha'), fake('vi-VN', 'Linh')];
		const spoken: { text: string; lang: string; voice: string }[] = [];
		(window as unknown as { spoken: typeof spoken }).spoken = spoken;
		speechSynthesis.getVoices = () => voices as unknown as SpeechSynthesisVoice[];
		// The real setter only takes the browser's own voice objects.
		Object.defineProperty(SpeechSynthesisUtterance.prototype, 'voice', {
			configurable: true,
			set(v) {
				(this as { _v?: unknown })._v = v;
			},
			get() {
				return (this as { _v?: unknown })._v ?? null;
			}
		});
		speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
			spoken.push({ text: u.text, lang: u.lang, voice: (u.voice as unknown as { name: string }).name });
		};
	});
	await reader.goto(DISPLAY);
	await expect(idle(reader)).toBeVisible();
	await reader.mouse.move(10, 10);
	await reader.getByRole('button', { name: 'Đọc to' }).click();
	const spoken = await reader.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken);
	expect(spoken).toEqual([
		{
			text: 'Kính thưa các bác, các anh chị, hệ thống của chúng tôi đang gặp sự cố kỹ thuật tạm thời. Các cán bộ kỹ thuật đang khẩn trương khắc phục để hệ thống sớm hoạt động trở lại. Rất mong các bác, các anh chị vui lòng chờ thêm ít phút và thông cảm cho sự bất tiện này. Xin chân thành cảm ơn!',
			lang: 'vi-VN',
			voice: 'Linh'
		}
	]);
});

test('the display keeps the screen awake and asks again when it becomes visible', async ({ context }) => {
	const page = await context.newPage();
	await page.addInitScript(() => {
		const calls: string[] = [];
		(window as unknown as { wakeCalls: string[] }).wakeCalls = calls;
		Object.defineProperty(navigator, 'wakeLock', {
			configurable: true,
			value: {
				request: async (type: string) => {
					calls.push(type);
					const lock = { release: async () => {}, released: false, type, addEventListener: () => {} };
					(window as unknown as { locks: (typeof lock)[] }).locks = [
						...((window as unknown as { locks?: (typeof lock)[] }).locks ?? []),
						lock
					];
					return lock;
				}
			}
		});
	});
	await page.goto(DISPLAY);
	await expect(idle(page)).toBeVisible();
	await expect.poll(() => page.evaluate(() => (window as unknown as { wakeCalls: string[] }).wakeCalls)).toEqual(['screen']);
	await page.evaluate(() => {
		for (const state of ['hidden', 'visible']) {
			Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
			// As a browser does: a hidden page loses its lock.
			if (state === 'hidden') for (const lock of (window as unknown as { locks: { released: boolean }[] }).locks) lock.released = true;
			document.dispatchEvent(new Event('visibilitychange'));
		}
	});
	await expect.poll(() => page.evaluate(() => (window as unknown as { wakeCalls: string[] }).wakeCalls)).toEqual(['screen', 'screen']);
});

test('the display runs no app: its own small script, codes drawn by the server that lead where they say, its words in the device’s language', async ({ page, baseURL }) => {
	const scripts: string[] = [];
	page.on('request', (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname));
	await page.goto(DISPLAY);
	await expect(idle(page)).toBeVisible();
	// Neither the router nor the device database: only the display's script and what it imports.
	expect(scripts[0]).toBe('/_app/display.js');
	expect(scripts.filter((s) => s.includes('/entry/') || s.includes('/nodes/'))).toEqual([]);

	// A phone pointed at each code opens the checklist and the ward's status page.
	const checklist = idle(page).getByRole('img', { name: 'Quét mã để xem danh mục hồ sơ trên điện thoại' });
	const status = idle(page).getByRole('img', { name: 'Xem tình trạng trên điện thoại' });
	for (const code of [checklist, status]) await expect.poll(() => code.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	expect(await scanQr(page, checklist)).toBe(`${baseURL}/ho-so`);
	expect(await scanQr(page, status)).toBe(`${baseURL}/trang-thai/phuong-thai-hoa`);
	expect(await status.getAttribute('src')).toBe('/api/public/wards/phuong-thai-hoa/status-qr.svg');

	// A device set to English shows the display's own words in English; the notice stays as written.
	await page.evaluate(() => localStorage.setItem('PARAGLIDE_LOCALE', 'en'));
	await page.reload();
	await expect(idle(page)).toContainText('Welcome!');
	await page.mouse.move(10, 10);
	await expect(page.getByRole('button', { name: 'Full screen' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.evaluate(() => localStorage.removeItem('PARAGLIDE_LOCALE'));
});

test('an unknown ward’s code answers “not found”, not a picture', async ({ request }) => {
	const unknown = await request.get('/api/public/wards/khong-co-phuong-nay/status-qr.svg');
	expect(unknown.status()).toBe(404);
	expect((await unknown.json()).error.code).toBe('not_found');
	const known = await request.get('/api/public/wards/phuong-thai-hoa/status-qr.svg');
	expect(known.headers()['content-type']).toContain('image/svg+xml');
});

async function expectNoSeriousViolations(page: Page, what: string) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), what).toEqual([]);
}
