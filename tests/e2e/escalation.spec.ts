import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { signIn, waitUntilOfflineReady } from './helpers';
import { cuttableContext, fillReport } from './reporting-helpers';

/**
 * The response, as the people do it: the desk files a complex report; the leader sees it
 * appear live, acknowledges and escalates; the province and the IT team see it; a team
 * member resolves it with a note; the desk sees "Đã khắc phục" and confirms; it is closed.
 */

const ESCALATE = 'Báo cáo lên Tổ Công tác tỉnh và Tổ Đối ứng doanh nghiệp';

/** Each person's own browser (a context), closed after each test. */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function personAt(
	browser: Browser,
	username: string,
	permissions: string[] = [],
	viewport: { width: number; height: number } | null = null
): Promise<Page> {
	const context = await browser.newContext({ permissions, ...(viewport ? { viewport } : {}) });
	opened.push(context);
	const page = await context.newPage();
	await signIn(page, username);
	return page;
}

async function fileReport(page: Page, category: string, description: string): Promise<void> {
	await page.goto('/bao-cao/moi');
	await fillReport(page, category, description);
	await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
	await expect(page.getByTestId('report-saved')).toContainText('Đã gửi');
}

test.describe('escalation, end to end', () => {
	test('desk → leader (live) → acknowledge → escalate → province and IT team → resolved → confirmed → closed', async ({ browser }) => {
		test.setTimeout(150_000);
		const leader = await personAt(browser, 'totruong');
		await expect(leader.getByTestId('incident-inbox')).toBeVisible();

		const desk = await personAt(browser, 'motcua');
		const description = `Quầy 4 mất kết nối Internet, không vào được iGate (${Date.now()})`;
		await fileReport(desk, 'Mất kết nối Internet tại một quầy', description);

		// The leader's inbox updates by itself: no reload.
		const card = leader.getByTestId('incident-card').filter({ hasText: description });
		await expect(card).toBeVisible();
		await expect(card.getByTestId('incident-status')).toHaveText('Mới báo');
		await card.getByRole('button', { name: 'Tiếp nhận' }).click();
		await expect(card.getByTestId('incident-status')).toHaveText('Đã tiếp nhận');
		await card.getByRole('link', { name: 'Mất kết nối Internet tại một quầy' }).click();
		await expect(leader.getByTestId('incident-page')).toBeVisible();
		const id = (await leader.getByTestId('incident-page').getAttribute('data-id'))!;
		await expect(leader.getByTestId('acknowledged-by')).toHaveText('Đã tiếp nhận — Trần Văn Hùng');
		// The leader's fast channel is the procedure's next step: the province and the IT team.
		const upstream = leader.getByTestId('share-upstream');
		await expect(upstream).toContainText('Tổ Công tác tỉnh Nghệ An');
		await expect(upstream.getByRole('link', { name: /0238 3599 000/ })).toHaveAttribute('href', 'tel:+842383599000');
		await expect(upstream.getByRole('link', { name: /0912 000 800/ })).toHaveAttribute('href', 'tel:+84912000800');
		await expect(leader.getByTestId('call-leader')).toHaveCount(0);
		await leader.getByRole('button', { name: ESCALATE }).click();
		await expect(leader.getByTestId('incident-status')).toHaveText('Đã báo cáo lên tỉnh');
		await expect(leader.getByTestId('timeline')).toContainText('Trần Văn Hùng đã báo cáo lên tỉnh và doanh nghiệp');
		await expect(leader.getByTestId('timeline')).toContainText('Phạm Thu Hà');

		// The Provincial Working Group: the escalated incident is in its inbox.
		const province = await personAt(browser, 'tinh');
		await expect(province.getByTestId('incident-card').filter({ hasText: description })).toBeVisible();
		// The IT enterprise team covering networks: it reached them; they take it up.
		const vendor = await personAt(browser, 'doanhnghiep');
		const vendorCard = vendor.getByTestId('incident-card').filter({ hasText: description });
		await expect(vendorCard).toBeVisible();
		await vendorCard.getByRole('link', { name: 'Mất kết nối Internet tại một quầy' }).click();
		await vendor.getByRole('button', { name: 'Tiếp nhận' }).click();
		await expect(vendor.getByTestId('timeline')).toContainText('Hoàng Đức Anh đã tiếp nhận');

		// The desk officer follows the report from "Báo cáo của tôi", live.
		await desk.goto('/bao-cao');
		const mine = desk.getByTestId('report-item').filter({ hasText: description });
		await expect(mine.getByTestId('report-response')).toContainText('Đã báo cáo lên tỉnh');
		// On another device (her phone) the same report is listed from the server.
		const herPhone = await personAt(browser, 'motcua');
		await herPhone.goto('/bao-cao');
		await expect(herPhone.getByTestId('reports-elsewhere').getByTestId('incident-card').filter({ hasText: description })).toBeVisible();

		// A team member resolves it, saying what was done.
		const member = await personAt(browser, 'ungcuu');
		await member.goto(`/su-co/${id}`);
		await member.getByRole('button', { name: 'Đã khắc phục xong' }).click();
		await member.getByLabel('Đã làm gì để khắc phục?').fill('Khởi động lại bộ chuyển mạch tầng 1, quầy 4 đã vào mạng');
		await member.getByRole('button', { name: 'Gửi', exact: true }).click();
		await expect(member.getByTestId('incident-status')).toHaveText('Đã khắc phục');

		await expect(mine.getByTestId('report-response')).toContainText('Đã khắc phục');
		await mine.getByRole('link', { name: 'Xem sự cố' }).click();
		await expect(desk.getByTestId('confirm-hint')).toBeVisible();
		await desk.getByRole('button', { name: 'Xác nhận đã khắc phục' }).click();
		await expect(desk.getByTestId('incident-status')).toHaveText('Đã đóng');
		await expect(desk.getByTestId('timeline')).toContainText('Khởi động lại bộ chuyển mạch tầng 1');
		// …and the leader's open page followed along.
		await expect(leader.getByTestId('incident-status')).toHaveText('Đã đóng');
	});

	test('two leaders acknowledging at once: one wins, the other is told who', async ({ browser }) => {
		const desk = await personAt(browser, 'motcua');
		const description = `Máy quét quầy 1 báo lỗi kẹt giấy (${Date.now()})`;
		await fileReport(desk, 'Máy quét (scan) bị lỗi', description);
		const [a, b] = [await personAt(browser, 'totruong'), await personAt(browser, 'ungcuu')];
		const cards = [a, b].map((page) => page.getByTestId('incident-card').filter({ hasText: description }));
		await expect(cards[0]!).toBeVisible();
		await expect(cards[1]!).toBeVisible();
		// Both tap while each still sees "Mới báo".
		await Promise.all(cards.map((card) => card.getByRole('button', { name: 'Tiếp nhận' }).click()));
		const refused = [a, b].map((page) => page.getByText(/vừa cập nhật sự cố này trước bạn|đã được tiếp nhận trước đó/));
		await expect(async () => {
			const counts = await Promise.all(refused.map((r) => r.count()));
			expect(counts.reduce((x, y) => x + y, 0)).toBe(1);
		}).toPass();
		await expect(cards[0]!.getByTestId('incident-status')).toHaveText('Đã tiếp nhận');
		await expect(cards[1]!.getByTestId('incident-status')).toHaveText('Đã tiếp nhận');
	});

	test('the fast channel: the Step-2 text copied for Zalo on a PC, the hotline, the leader and SMS', async ({ browser }) => {
		const desk = await personAt(browser, 'motcua', ['clipboard-read', 'clipboard-write']);
		const description = `Máy in quầy 3 kẹt giấy (${Date.now()})`;
		await fileReport(desk, 'Máy in bị kẹt giấy', description);
		await desk.goto('/bao-cao');
		await desk.getByTestId('report-item').filter({ hasText: description }).getByRole('link', { name: 'Xem sự cố' }).click();
		await desk.getByTestId('share-zalo').click();
		await expect(desk.getByText('Đã chép nội dung — hãy dán vào nhóm Zalo.')).toBeVisible();
		const copied = await desk.evaluate(() => navigator.clipboard.readText());
		expect(copied).toContain('[SỰ CỐ ĐƠN GIẢN] Phường Thái Hòa');
		expect(copied).toContain(`Mô tả: ${description}`);
		expect(copied).toContain('Người báo: Nguyễn Thị Lan');
		expect(copied).toMatch(/\/su-co\/[0-9a-f-]{36}$/);
		await expect(desk.getByTestId('call-hotline')).toHaveAttribute('href', 'tel:+842383861000');
		await expect(desk.getByTestId('call-leader')).toHaveAttribute('href', 'tel:+84912000102');
		const sms = (await desk.getByTestId('share-sms').getAttribute('href'))!;
		expect(sms.startsWith('sms:+84912000102?&body=')).toBe(true);
		expect(decodeURIComponent(sms.split('body=')[1]!)).toContain(description);
	});

	test('on the leader’s phone each hotline button says whom it calls and takes the full width', async ({ browser }) => {
		const desk = await personAt(browser, 'motcua');
		const description = `Quầy 2 mất kết nối Internet (${Date.now()})`;
		await fileReport(desk, 'Mất kết nối Internet tại một quầy', description);

		const leader = await personAt(browser, 'totruong', [], { width: 360, height: 740 });
		await leader.getByTestId('incident-card').filter({ hasText: description }).getByRole('link', { name: 'Mất kết nối Internet tại một quầy' }).click();
		const panel = leader.getByTestId('share-panel');
		const calls = [
			panel.getByRole('link', { name: 'Gọi đường dây nóng Tổ Ứng cứu phường 0238 3861 000' }),
			panel.getByRole('link', { name: 'Gọi đường dây nóng Tổ Công tác tỉnh 0238 3599 000' }),
			panel.getByRole('link', { name: 'Gọi đường dây nóng Tổ Đối ứng doanh nghiệp CNTT (mạng và hệ thống tỉnh) 0912 000 800' })
		];
		await expect(panel.getByTestId('share-upstream')).toBeVisible();
		const row = (await panel.getByTestId('share-zalo').boundingBox())!;
		for (const call of calls) {
			await expect(call).toBeVisible();
			const box = (await call.boundingBox())!;
			const size = await call.evaluate((a) => parseFloat(getComputedStyle(a).fontSize));
			// As wide as the panel's first button (the whole row), in type that reads, its number never split.
			expect(box.width, await call.innerText()).toBeGreaterThanOrEqual(row.width - 1);
			expect(box.width).toBeGreaterThan(250);
			expect(box.x + box.width).toBeLessThanOrEqual(360);
			expect(size).toBeGreaterThanOrEqual(16);
			const number = (await call.locator('.number').boundingBox())!;
			expect(number.height).toBeLessThanOrEqual(size * 1.8);
		}
	});

	test('the delivery log says why the leader could not be reached: SMS and ZNS are not configured, not a missing number', async ({
		browser
	}) => {
		// The leader has a phone number and an e-mail address, but no app with notifications,
		// and this server has no ZNS, SMS or e-mail configured.
		const desk = await personAt(browser, 'motcua');
		const description = `Quầy 6 mất kết nối Internet (${Date.now()})`;
		await fileReport(desk, 'Mất kết nối Internet tại một quầy', description);

		const admin = await personAt(browser, 'quantri');
		await admin.goto('/quan-tri/thong-bao-da-gui');
		const line = admin.getByTestId('delivery-log').locator('li[data-channel="none"]').filter({ hasText: 'Trần Văn Hùng' }).first();
		await expect(line.getByTestId('delivery-unreachable')).toHaveText(
			'Không kênh nào gửi được cho người này — Thông báo trên ứng dụng: chưa bật trên thiết bị nào của người này; ' +
				'Zalo (tin ZNS): chưa được cấu hình trên máy chủ; Tin nhắn SMS: chưa được cấu hình trên máy chủ; ' +
				'Thư điện tử (e-mail): chưa được cấu hình trên máy chủ.'
		);
		await expect(admin.getByTestId('delivery-log')).not.toContainText('chưa có số điện thoại');
	});

	test('offline, the inbox shows the last known state and an acknowledgement waits on the phone, then goes', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const desk = await personAt(browser, 'motcua');
		const description = `Máy tính quầy 5 treo liên tục (${Date.now()})`;
		await fileReport(desk, 'Máy tính bị treo hoặc chạy chậm', description);

		const phone = await cuttableContext(browser, baseURL!);
		try {
			await signIn(phone.page, 'ungcuu');
			await waitUntilOfflineReady(phone.page);
			const card = phone.page.getByTestId('incident-card').filter({ hasText: description });
			await expect(card).toBeVisible();

			await phone.off();
			await phone.page.reload();
			await expect(phone.page.getByText(/Đang ngoại tuyến — cập nhật lần cuối lúc/)).toBeVisible();
			await expect(card).toBeVisible();
			// Never opened on this phone: offline, its page still shows what the inbox knows.
			await card.getByRole('link', { name: 'Máy tính bị treo hoặc chạy chậm' }).click();
			await expect(phone.page.getByTestId('incident-summary-only')).toBeVisible();
			await expect(phone.page.getByTestId('incident-description')).toHaveText(description);
			await phone.page.goBack();
			await card.getByRole('button', { name: 'Tiếp nhận' }).click();
			await expect(card.getByText('Đã lưu trên máy — sẽ gửi khi có mạng')).toBeVisible();
			// Nothing reached the server yet.
			const before = await desk.request.get('/api/incidents?mine=1');
			const pending = ((await before.json()) as { items: { description: string; status: string }[] }).items.find(
				(i) => i.description === description
			);
			expect(pending?.status).toBe('reported');

			await phone.on();
			await expect(card.getByTestId('incident-status')).toHaveText('Đã tiếp nhận', { timeout: 30_000 });
			await desk.goto('/bao-cao');
			await expect(desk.getByTestId('report-item').filter({ hasText: description }).getByTestId('report-response')).toContainText(
				'Đã tiếp nhận — Lê Minh Tuấn'
			);
		} finally {
			await phone.close();
		}
	});

	test('an incident of another ward or unknown id is "not found", never an error', async ({ browser }) => {
		const vendor = await personAt(browser, 'doanhnghiep');
		await vendor.goto('/su-co/0192f0a4-7c1e-7b3a-9d2e-4f5a6b7c8d9e');
		await expect(vendor.getByTestId('incident-missing')).toBeVisible();
		await vendor.goto('/su-co/khong-phai-ma');
		await expect(vendor.getByTestId('incident-missing')).toBeVisible();
	});
});
