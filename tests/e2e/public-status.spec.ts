import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { roomBackToNormal, signIn } from './helpers';
import { fillReport } from './reporting-helpers';

/**
 * The room follows what is actually happening: a notice display on its own device (a TV with
 * its own browser) shows the notice when an incident stops intake and goes back to its
 * welcome when the incident is resolved; citizens check the same on /trang-thai from their
 * phones — the problem and since when, nothing internal.
 */

const WARD = 'phuong-thai-hoa';
const opened: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function device(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
	const context = await browser.newContext(options);
	opened.push(context);
	return context.newPage();
}

async function personAt(browser: Browser, username: string): Promise<Page> {
	const page = await device(browser);
	await signIn(page, username);
	return page;
}

test.describe('the ward’s public status', () => {
	test('a display on its own device shows the notice within 15 s of an intake-stopping report and the welcome within 15 s of its resolution; citizens see the same', async ({
		browser
	}) => {
		test.setTimeout(120_000);
		const team = await personAt(browser, 'ungcuu');
		await roomBackToNormal(team);

		const display = await device(browser, { viewport: { width: 1280, height: 720 } });
		await display.goto(`/thong-bao?phuong=${WARD}`);
		await expect(display.getByTestId('display-idle')).toBeVisible();
		// Its QR codes also offer the status page.
		await expect(display.getByRole('img', { name: /tình trạng/i })).toBeVisible();

		const desk = await personAt(browser, 'motcua');
		const description = `Cổng dịch vụ công tỉnh không truy cập được, dừng tiếp nhận (${Date.now()})`;
		await desk.goto('/bao-cao/moi');
		await fillReport(desk, 'Hệ thống giải quyết TTHC cấp tỉnh (iGate) bị lỗi hoặc ngừng hoạt động', description);
		await desk.getByRole('radio', { name: 'Dừng tiếp nhận' }).check();
		await desk.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(desk.getByTestId('report-saved')).toContainText('Đã gửi');

		// The display is another device: no BroadcastChannel reaches it, only the ward's status.
		await expect(display.getByTestId('display-notice')).toBeVisible({ timeout: 15_000 });
		await expect(display.getByTestId('display-notice')).toContainText('Kính thưa các bác, các anh chị');

		// A citizen's phone: the problem and since when, nothing internal.
		const phone = await device(browser, { viewport: { width: 360, height: 740 } });
		await phone.goto(`/trang-thai/${WARD}`);
		const status = phone.getByTestId('public-status');
		await expect(status).toHaveAttribute('data-state', 'problem');
		await expect(status.getByRole('heading', { name: 'Đang gặp sự cố kỹ thuật' })).toBeVisible();
		const listed = (await (await desk.request.get('/api/incidents?mine=1&limit=100')).json()) as {
			items: { id: string; description: string; startedAt: string }[];
		};
		const incident = listed.items.find((i) => i.description === description)!;
		const since = new Intl.DateTimeFormat('vi-VN', {
			timeZone: 'Asia/Ho_Chi_Minh',
			day: '2-digit',
			month: '2-digit',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hour12: false
		}).formatToParts(new Date(incident.startedAt));
		const part = (type: string) => since.find((p) => p.type === type)!.value;
		await expect(phone.getByTestId('status-since')).toHaveText(
			`Từ ${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`
		);
		const text = (await phone.locator('body').innerText()).toLowerCase();
		for (const secret of [description, 'Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Minh Tuấn', incident.id]) {
			expect(text).not.toContain(secret.toLowerCase());
		}
		const axe = await new AxeBuilder({ page: phone }).analyze();
		expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

		// The team member resolves it; the room goes back to normal by itself.
		await team.goto(`/su-co/${incident.id}`);
		await team.getByRole('button', { name: 'Đã khắc phục xong' }).click();
		await team.getByLabel(/Đã làm gì để khắc phục/).fill('iGate hoạt động lại sau khi tỉnh khởi động lại máy chủ');
		await team.getByRole('button', { name: 'Gửi', exact: true }).click();
		await expect(team.getByTestId('incident-status')).toHaveText('Đã khắc phục');
		await expect(display.getByTestId('display-idle')).toBeVisible({ timeout: 15_000 });
		// The citizen's page updates itself, in place (its check runs every 20 s).
		await expect(status).toHaveAttribute('data-state', 'normal', { timeout: 25_000 });
		await expect(status.getByRole('heading', { name: 'Đang hoạt động bình thường' })).toBeVisible();
	});

	test('the status page’s JS and CSS stay under 50 KB compressed on a first load', async ({ browser }) => {
		const phone = await device(browser, { viewport: { width: 360, height: 740 } });
		const assets: { url: string; type: string }[] = [];
		phone.on('request', (r) => {
			if (r.resourceType() === 'script' || r.resourceType() === 'stylesheet') assets.push({ url: r.url(), type: r.resourceType() });
		});
		await phone.goto(`/trang-thai/${WARD}`);
		await expect(phone.getByTestId('public-status')).toBeVisible();
		// No app bundle: only the small script that keeps the status current.
		expect(assets.filter((a) => a.type === 'script').map((a) => new URL(a.url).pathname)).toEqual(['/status-live.js']);
		// The sizes as shipped: the build's precompressed files (what a phone downloads).
		let total = 0;
		for (const asset of assets) {
			const file = path.join('build', 'client', new URL(asset.url).pathname);
			const gz = `${file}.gz`;
			expect(existsSync(gz), gz).toBe(true);
			total += readFileSync(gz).length;
		}
		expect(assets.length).toBeGreaterThan(0);
		expect(total).toBeLessThan(50 * 1024);
		// No timed page refresh (WCAG 2.2.1): the script updates the status in place.
		await expect(phone.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
	});

	test('an unknown ward or a hostile link answers "not found", never an error', async ({ browser }) => {
		const phone = await device(browser);
		for (const slug of ['khong-co-phuong-nay', 'phuong-thai-hoa%2F..%2F..', `${'a'.repeat(300)}`]) {
			const response = await phone.goto(`/trang-thai/${slug}?x=<script>alert(1)</script>`);
			expect(response?.status(), slug).toBe(404);
			await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
		}
		const api = await phone.request.get('/api/public/wards/khong-co-phuong-nay?__proto__=1');
		expect(api.status()).toBe(404);
		expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/Không tìm thấy/);
	});
});
