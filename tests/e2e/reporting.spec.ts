import { expect, test, type Browser, type Page } from '@playwright/test';
import { withProfile } from './browser';
import { cutNetwork, signIn, waitUntilOfflineReady } from './helpers';
import { cuttableContext, fakeWebm, fillReport, networkSwitch, pasteScreenshot, readDevice, sha256 } from './reporting-helpers';

const SAVED_OFFLINE = 'Đã lưu trên máy — sẽ gửi khi có mạng';

interface ServerIncident {
	id: string;
	reportIds: string[];
	description: string;
	attachments: { id: string; name: string; type: string; size: number; sha256: string }[];
}

async function serverIncident(page: Page, reportId: string): Promise<ServerIncident | null> {
	const response = await page.request.get(`/api/incidents/${reportId}`);
	if (response.status() === 404) return null;
	expect(response.status()).toBe(200);
	return ((await response.json()) as { incident: ServerIncident }).incident;
}

interface TimelineEvent {
	type: string;
	data?: { from?: string; to?: string };
}

/**
 * The ward's Response Team fixes the lost connections still open (earlier tests report some),
 * so that the outage a test makes next is a new one, and the room is back to normal after.
 */
async function resolveOpenOutages(browser: Browser, baseURL: string): Promise<void> {
	const context = await browser.newContext({ baseURL, locale: 'vi-VN' });
	try {
		const page = await context.newPage();
		await signIn(page, 'ungcuu');
		const open = await page.request.get('/api/incidents?status=open&category=internet_section,internet_desk&limit=100');
		for (const { id } of ((await open.json()) as { items: { id: string }[] }).items) {
			const resolved = await page.request.post(`/api/incidents/${id}/events`, { data: { type: 'resolve', note: 'Đã có mạng lại' } });
			expect(resolved.status()).toBe(201);
		}
	} finally {
		await context.close();
	}
}

async function serverBytes(page: Page, reportId: string, attachmentId: string): Promise<Buffer> {
	const response = await page.request.get(`/api/incidents/${reportId}/attachments/${attachmentId}`);
	expect(response.status()).toBe(200);
	return response.body();
}

test.describe('filing reports with the network down', () => {
	test('two reports made offline survive a reload and a browser restart, then reach the server once with identical bytes', async ({
		baseURL
	}) => {
		test.setTimeout(180_000);
		const network = await networkSwitch(new URL(baseURL!));
		await withProfile(network.url, async (open) => {
			let context = await open();
			let page = context.pages()[0] ?? (await context.newPage());
			await signIn(page, 'motcua');
			await waitUntilOfflineReady(page);

			// The network goes: Playwright's offline mode for the pages, and the cable itself,
			// so that the service worker (which may start fresh on a sync) cannot slip through.
			await cutNetwork(context);
			network.up = false;
			await page.goto('/bao-cao/moi');
			await expect(page.getByTestId('connectivity')).toHaveText('Mất mạng — vẫn dùng được');

			// 1. A printer jam with a pasted screenshot (PrintScreen, then Ctrl+V).
			await fillReport(page, 'Máy in bị kẹt giấy', 'Máy in quầy 2 kẹt giấy, không in được biên nhận');
			const png = await pasteScreenshot(page, 'Lỗi máy in: kẹt giấy');
			await expect(page.getByTestId('attachment')).toHaveCount(1);
			await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
			await expect(page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
			// Meanwhile the phone still works: the team's numbers, kept on the device.
			await expect(page.getByRole('link', { name: 'Gọi 0912 000 102' })).toHaveAttribute('href', 'tel:+84912000102');

			// 2. The provincial system down, with a 5 MB screen recording.
			await page.getByRole('button', { name: 'Báo sự cố khác' }).click();
			await fillReport(page, 'Hệ thống giải quyết TTHC cấp tỉnh (iGate) bị lỗi hoặc ngừng hoạt động', "Không thể đăng nhập vào hệ thống iGate, báo lỗi 'Gateway Timeout'");
			const video = fakeWebm(5 * 1024 * 1024);
			await page.getByTestId('attach-file').setInputFiles({ name: 'quay-man-hinh.webm', mimeType: 'video/webm', buffer: video });
			await expect(page.getByTestId('attachment')).toHaveCount(1);
			await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
			await expect(page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);

			// Reload, still offline: both wait on the device.
			await page.goto('/bao-cao');
			await page.reload();
			await expect(page.getByTestId('report-state')).toHaveText(['Đang chờ gửi', 'Đang chờ gửi']);

			// Close the browser and open the same profile with the network still cut: still there.
			await context.close();
			context = await open({ offline: true });
			const cut = await cutNetwork(context);
			page = context.pages()[0] ?? (await context.newPage());
			await page.goto('/bao-cao');
			await expect(page.getByTestId('report-state')).toHaveText(['Đang chờ gửi', 'Đang chờ gửi']);
			const device = await readDevice(page);
			expect(device.reports).toHaveLength(2);
			const pngRow = device.attachments.find((a) => a.name.endsWith('.png'))!;
			const videoRow = device.attachments.find((a) => a.name === 'quay-man-hinh.webm')!;
			// The device keeps exactly the bytes it was given: the paste stays lossless.
			expect(pngRow.sha256).toBe(sha256(png));
			expect(videoRow.sha256).toBe(sha256(video));

			// Count what the server answers to each create.
			const creates: { url: string; status: number }[] = [];
			page.on('response', (response) => {
				if (response.request().method() === 'PUT' && /\/api\/incidents\/[^/]+$/.test(response.url())) {
					creates.push({ url: response.url(), status: response.status() });
				}
			});

			// Network on: both go, exactly once, and the page says so.
			network.up = true;
			await cut.restore();
			await expect(page.getByTestId('report-state')).toHaveText(['Đã gửi', 'Đã gửi'], { timeout: 60_000 });
			expect(creates.filter((c) => c.status === 201)).toHaveLength(2);
			expect(creates.filter((c) => c.status >= 400)).toHaveLength(0);
			const after = await readDevice(page);
			expect(after.outbox).toBe(0);

			for (const row of [pngRow, videoRow]) {
				const incident = await serverIncident(page, row.reportId);
				expect(incident, 'the server has the report').not.toBeNull();
				const stored = incident!.attachments.filter((a) => a.id === row.id);
				expect(stored).toHaveLength(1);
				expect(stored[0]?.sha256).toBe(row.sha256);
				expect(sha256(await serverBytes(page, row.reportId, row.id))).toBe(row.sha256);
			}
			// Each report is in exactly one incident, once; the list shows each incident once.
			const list = (await (await page.request.get('/api/incidents')).json()) as { items: { id: string }[] };
			for (const report of device.reports) {
				const incident = (await serverIncident(page, report.id))!;
				expect(incident.reportIds.filter((id) => id === report.id)).toHaveLength(1);
				expect(list.items.filter((i) => i.id === incident.id)).toHaveLength(1);
			}
		}).finally(() => network.close());
	});

	test('a video upload cut in the middle resumes from the bytes the server already has', async ({ page, context }) => {
		test.setTimeout(120_000);
		await signIn(page, 'motcua');
		await waitUntilOfflineReady(page);
		await page.goto('/bao-cao/moi');
		await fillReport(page, 'Mất kết nối Internet tại một quầy', 'Mạng chập chờn, đính kèm video màn hình');
		const video = fakeWebm(5 * 1024 * 1024);
		await page.getByTestId('attach-file').setInputFiles({ name: 'mang-chap-chon.webm', mimeType: 'video/webm', buffer: video });
		await expect(page.getByTestId('attachment')).toHaveCount(1);

		// The network drops while the third chunk is on its way.
		const patches: { offset: number }[] = [];
		let creations = 0;
		let cut = false;
		await context.route('**/api/uploads**', async (route) => {
			const request = route.request();
			if (request.method() === 'POST') creations++;
			if (request.method() === 'PATCH') {
				patches.push({ offset: Number(await request.headerValue('upload-offset')) });
				if (patches.length === 3 && !cut) {
					cut = true;
					await context.setOffline(true);
					return route.abort('internetdisconnected');
				}
			}
			return route.continue();
		});

		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect.poll(() => cut, { timeout: 30_000 }).toBe(true);
		await page.goto('/bao-cao');
		await expect(page.getByTestId('report-state').first()).toHaveText('Đang chờ gửi');
		const device = await readDevice(page);
		const row = device.attachments.find((a) => a.name === 'mang-chap-chon.webm')!;

		await context.setOffline(false);
		await expect(page.getByTestId('report-state').first()).toHaveText('Đã gửi', { timeout: 60_000 });

		// One upload session; after the cut, sending went on from where the server was.
		expect(creations).toBe(1);
		const resumedAt = patches[3]?.offset ?? 0;
		expect(resumedAt).toBeGreaterThanOrEqual(2 * 1024 * 1024);
		expect(patches.filter((p) => p.offset === 0)).toHaveLength(1);
		expect(sha256(await serverBytes(page, row.reportId, row.id))).toBe(sha256(video));
	});

	test('the service worker drains the outbox on a sync event with no page of the app open', async ({ browser, baseURL }) => {
		const device = await cuttableContext(browser, baseURL!);
		try {
			const { page, context, network } = device;
			await signIn(page, 'motcua');
			await waitUntilOfflineReady(page);
			await device.off();
			await page.goto('/bao-cao/moi');
			await fillReport(page, 'Máy quét (scan) bị lỗi', 'Máy scan quầy 3 không nhận lệnh, gửi qua đồng bộ nền');
			await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
			await expect(page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
			const reportId = (await readDevice(page)).reports.find((r) => r.body.description.includes('đồng bộ nền'))!.id;
			await page.close();

			// No page of the app is open; a blank tab only hosts the DevTools session.
			const blank = await context.newPage();
			const cdp = await context.newCDPSession(blank);
			const registrations: { registrationId: string; scopeURL: string }[] = [];
			cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
			await cdp.send('ServiceWorker.enable');
			await expect.poll(() => registrations.some((r) => r.scopeURL.startsWith(network.url))).toBe(true);
			const registration = registrations.find((r) => r.scopeURL.startsWith(network.url))!;

			// Not on the server yet (asked from another browser, past the cut cable).
			const elsewhere = await browser.newContext({ baseURL });
			const other = await elsewhere.newPage();
			await signIn(other, 'motcua');
			expect(await serverIncident(other, reportId)).toBeNull();
			await elsewhere.close();

			// The cable comes back; Chromium may fire the sync itself on reconnecting (not
			// reliably under emulation), so the test fires it too. Either way no page is open.
			await device.on();
			await cdp.send('ServiceWorker.dispatchSyncEvent', {
				origin: new URL(network.url).origin,
				registrationId: registration.registrationId,
				tag: 'ucmc-outbox',
				lastChance: false
			});
			await expect
				.poll(async () => (await serverIncident(blank, reportId))?.description ?? null, { timeout: 20_000 })
				.toBe('Máy scan quầy 3 không nhận lệnh, gửi qua đồng bộ nền');
		} finally {
			await device.close();
		}
	});

	test('after an outage the officer is offered a report carrying its real start time', async ({ page, context, browser, baseURL }) => {
		test.setTimeout(90_000);
		await resolveOpenOutages(browser, baseURL!);
		await signIn(page, 'motcua');
		await waitUntilOfflineReady(page);
		const cutAt = Date.now();
		await context.setOffline(true);
		await expect(page.getByTestId('connectivity')).toHaveText('Mất mạng — vẫn dùng được');
		await page.waitForTimeout(16_000);
		await context.setOffline(false);

		const offer = page.getByTestId('outage-offer');
		await expect(offer).toBeVisible({ timeout: 20_000 });
		await expect(offer).toContainText('Máy này mất kết nối từ');
		await offer.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Đã lưu báo cáo mất kết nối' })).toBeVisible();

		await page.goto('/bao-cao');
		await expect(page.getByTestId('report-state').first()).toHaveText('Đã gửi', { timeout: 30_000 });
		const report = (await readDevice(page)).reports.find((r) => r.body.category === 'internet_desk')!;
		const startedAt = Date.parse(report.body.startedAt);
		expect(Math.abs(startedAt - cutAt)).toBeLessThan(3_000);
		const incident = await serverIncident(page, report.id);
		expect(incident).not.toBeNull();
		expect(Date.parse((incident as unknown as { startedAt: string }).startedAt)).toBe(startedAt);
	});

	test('an outage already reported while offline is not offered again: the device adds its real times to that incident', async ({
		page,
		context,
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		await resolveOpenOutages(browser, baseURL!);
		await signIn(page, 'motcua');
		await waitUntilOfflineReady(page);
		await page.goto('/bao-cao/moi');
		const cutAt = Date.now();
		const network = await cutNetwork(context);
		await expect(page.getByTestId('connectivity')).toHaveText(/Mất mạng/);
		await fillReport(page, 'Mất kết nối Internet toàn bộ Bộ phận Một cửa', 'Cả bộ phận mất mạng, không vào được hệ thống');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
		// Long enough to be an outage worth recording (15 s and more).
		await page.waitForTimeout(16_000);
		const backAt = Date.now();
		await network.restore();

		await page.goto('/bao-cao');
		await expect(page.getByTestId('report-state')).toHaveText(['Đã gửi'], { timeout: 30_000 });
		const offer = page.getByTestId('outage-offer');
		await expect(offer).toContainText('Mất kết nối Internet toàn bộ Bộ phận Một cửa” đã được báo lúc', { timeout: 20_000 });
		// Not a second report: no way to send one from here.
		await expect(offer.getByRole('button', { name: 'Gửi báo cáo' })).toHaveCount(0);
		await offer.getByRole('button', { name: 'Ghi thời gian vào sự cố' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Đã ghi thời gian mất kết nối vào sự cố.' })).toBeVisible();

		const report = (await readDevice(page)).reports.find((r) => r.body.category === 'internet_section')!;
		const timeline = async () => {
			const response = await page.request.get(`/api/incidents/${report.id}`);
			return ((await response.json()) as { incident: { timeline: TimelineEvent[] } }).incident.timeline;
		};
		await expect.poll(async () => (await timeline()).some((e) => e.type === 'outage_times'), { timeout: 20_000 }).toBe(true);
		const times = (await timeline()).find((e) => e.type === 'outage_times')!.data!;
		expect(Math.abs(Date.parse(times.from!) - cutAt)).toBeLessThan(3_000);
		expect(Math.abs(Date.parse(times.to!) - backAt)).toBeLessThan(6_000);
		// One report, one incident: nothing was filed for the desk beside the section's outage.
		const since = encodeURIComponent(new Date(cutAt).toISOString());
		const lost = await page.request.get(`/api/incidents?category=internet_section,internet_desk&since=${since}`);
		expect(((await lost.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
			(await serverIncident(page, report.id))!.id
		]);

		// The leader reads it in the timeline.
		await page.goto(`/su-co/${report.id}`);
		await expect(page.getByText(/ghi thời gian mất kết nối thực tế: từ \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} đến \d{2}:\d{2}/)).toBeVisible();
		// The offer is answered for good.
		await page.goto('/bao-cao');
		await expect(page.getByTestId('report-state')).toHaveText(['Đã gửi']);
		await expect(offer).toHaveCount(0);
		await resolveOpenOutages(browser, baseURL!);
	});

	test('when the server was unreachable while the desk’s own network stayed up, the offer proposes the section’s outage, intake stopped', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(150_000);
		await resolveOpenOutages(browser, baseURL!);
		const pc = await cuttableContext(browser, baseURL!);
		try {
			const { page } = pc;
			await signIn(page, 'motcua');
			await waitUntilOfflineReady(page);
			// The line beyond the desk fails: the PC keeps its network, the server is out of reach.
			pc.network.up = false;
			await page.reload();
			await expect(page.getByTestId('connectivity')).toHaveText(/máy chủ/i);
			await page.waitForTimeout(16_000);
			pc.network.up = true;

			await page.goto('/bao-cao');
			const offer = page.getByTestId('outage-offer');
			await expect(offer).toContainText('Máy này mất kết nối từ', { timeout: 60_000 });
			await expect(offer.getByRole('radio', { name: 'Toàn Bộ phận Một cửa' })).toBeChecked();
			await expect(offer).toContainText('Dừng tiếp nhận');
			await offer.getByRole('button', { name: 'Gửi báo cáo' }).click();
			await expect(page.getByTestId('report-state').first()).toHaveText('Đã gửi', { timeout: 30_000 });
			const report = (await readDevice(page)).reports.find((r) => r.body.category === 'internet_section')!;
			expect(report.body).toMatchObject({ scope: 'section', impactLevel: 'stopped' });
			const incident = await serverIncident(page, report.id);
			expect(incident).not.toBeNull();
			// The section's intake is back: later tests find the room as usual.
			await resolveOpenOutages(browser, baseURL!);
		} finally {
			await pc.close();
		}
	});
});

test('a report filed offline in a tab that was then closed is sent once the network returns, and the open tab says so', async ({ page, context }) => {
	await signIn(page, 'motcua');
	await waitUntilOfflineReady(page);
	const network = await cutNetwork(context);
	await expect(page.getByTestId('connectivity')).toHaveText(/Mất mạng/);
	const form = await context.newPage();
	await form.goto('/bao-cao/moi');
	await fillReport(form, 'Máy in bị kẹt giấy', 'Máy in quầy 3 kẹt giấy — báo từ một thẻ đã đóng');
	await form.getByRole('button', { name: 'Gửi báo cáo' }).click();
	await expect(form.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
	await form.close();

	// Whoever sends it — this tab (it looks at the device again when the network is back) or
	// the worker's Background Sync — it reaches the server once.
	const creates: number[] = [];
	context.on('response', (r) => {
		if (r.request().method() === 'PUT' && /\/api\/incidents\/[^/]+$/.test(r.url())) creates.push(r.status());
	});
	await network.restore();
	await page.goto('/bao-cao');
	await expect(page.getByTestId('report-state')).toHaveText(['Đã gửi'], { timeout: 30_000 });
	expect(creates.filter((status) => status === 201)).toHaveLength(1);
});
