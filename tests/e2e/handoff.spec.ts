/**
 * The offline QR hand-off (DESIGN §4.6), as the officer does it: the desk PC has no network,
 * its report confirmation shows a QR code, the officer's phone (signed in as the same officer)
 * opens it and sends the report over 4G under the PC's id; when the PC's network returns its
 * sync is an identical repeat (200) that only adds the attachments.
 *
 * The PC's network is the test's TCP pipe (cuttableContext), so its origin is the pipe's
 * address. The phone reaches the same server directly: in the field both use the server's one
 * public address, and here the PC's cable is cut while the phone's 4G is not.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { signIn, waitUntilOfflineReady } from './helpers';
import { scanQr } from './qr';
import { cuttableContext, fillReport, pasteScreenshot, readDevice, sha256 } from './reporting-helpers';

const SAVED_OFFLINE = 'Đã lưu trên máy — sẽ gửi khi có mạng';
const INSTRUCTION =
	'Mở máy ảnh trên điện thoại đã đăng nhập tài khoản của bạn và quét mã này. Điện thoại sẽ gửi báo cáo qua 4G; ảnh đính kèm sẽ được máy tính gửi khi có mạng.';
const CREATE = /\/api\/incidents\/[0-9a-f-]+$/;

interface ServerIncident {
	id: string;
	reportIds: string[];
	description: string;
	attachments: { id: string; name: string; size: number; sha256: string }[];
}

async function serverIncident(page: Page, reportId: string): Promise<ServerIncident | null> {
	const response = await page.request.get(`/api/incidents/${reportId}`);
	if (response.status() === 404) return null;
	expect(response.status()).toBe(200);
	return ((await response.json()) as { incident: ServerIncident }).incident;
}

/** Every create (`PUT /api/incidents/{id}`) a context makes, with the server's answer. */
function watchCreates(context: BrowserContext): { status: number }[] {
	const creates: { status: number }[] = [];
	context.on('response', (response) => {
		if (response.request().method() === 'PUT' && CREATE.test(response.url())) creates.push({ status: response.status() });
	});
	return creates;
}

/** A phone: its own browser context on the server's address, signed in as `username`. */
async function phoneSignedIn(browser: Browser, baseURL: string, username: string) {
	const context = await browser.newContext({ baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', serviceWorkers: 'allow' });
	const page = await context.newPage();
	await signIn(page, username);
	return { context, page, creates: watchCreates(context) };
}

/** "dd/MM/yyyy HH:mm" in Vietnam (UTC+7 all year), worked out here rather than by the app. */
function vietnamTime(iso: string): string {
	const t = new Date(Date.parse(iso) + 7 * 60 * 60 * 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The desk PC, signed in as motcua, files a report with its network cut; returns the QR code. */
async function reportOffline(pc: Awaited<ReturnType<typeof cuttableContext>>, description: string, screenshot?: string) {
	const { page } = pc;
	await signIn(page, 'motcua');
	await waitUntilOfflineReady(page);
	await page.goto('/bao-cao/moi');
	await fillReport(page, 'Máy in bị kẹt giấy', description);
	const png = screenshot ? await pasteScreenshot(page, screenshot) : null;
	if (png) await expect(page.getByTestId('attachment')).toHaveCount(1);

	await pc.off();
	await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
	await expect(page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
	const handoff = page.getByTestId('handoff');
	await expect(handoff.getByRole('heading', { name: 'Gửi bằng điện thoại' })).toBeVisible();
	await expect(handoff).toContainText(INSTRUCTION);
	const code = page.getByTestId('handoff-qr');
	await expect(code).toBeVisible();
	const url = (await code.getAttribute('data-url'))!;
	const report = (await readDevice(page)).reports.find((r) => r.body.description === description)!;
	return { code, url, report, png };
}

test.describe('sending a report from the phone while the desk PC is offline', () => {
	test('the phone sends it under the same id; the PC later adds only the attachment', async ({ browser, baseURL }) => {
		test.setTimeout(150_000);
		const pc = await cuttableContext(browser, baseURL!);
		const pcCreates = watchCreates(pc.context);
		let phone: Awaited<ReturnType<typeof phoneSignedIn>> | undefined;
		try {
			const description = 'Máy in quầy 2 kẹt giấy, gửi qua điện thoại bằng mã QR';
			const { code, url, report, png } = await reportOffline(pc, description, 'Lỗi máy in: kẹt giấy');
			// The leader's phone and the hotline first, big, with the code beside them in the first screenful.
			await expect(pc.page.getByTestId('offline-call-leader')).toHaveAttribute('href', 'tel:+84912000102');
			await expect(pc.page.getByTestId('offline-call-hotline')).toHaveAttribute('href', 'tel:+842383861000');
			expect(decodeURIComponent((await pc.page.getByTestId('offline-sms').getAttribute('href'))!)).toContain(description);
			await expect(code).toBeInViewport();

			// Large enough for a phone camera across a desk, and really a QR code of the link.
			const box = (await code.boundingBox())!;
			expect(box.width).toBeGreaterThanOrEqual(280);
			expect(box.height).toBeGreaterThanOrEqual(280);
			const scanned = await scanQr(pc.page, code);
			expect(scanned, 'the QR image decodes').not.toBeNull();
			expect(scanned).toBe(url);
			const link = new URL(scanned!);
			expect(link.origin).toBe(new URL(pc.network.url).origin);
			expect(link.pathname).toBe('/bao-cao/qr');
			expect(link.search).toBe('');
			// The report travels in the fragment only, which never leaves the phone in a request.
			expect(link.hash).toMatch(/^#r1\.[A-Za-z0-9_-]+$/);

			// The phone, on 4G, signed in as the same officer, opens the link its camera read.
			phone = await phoneSignedIn(browser, baseURL!, 'motcua');
			await phone.page.goto(link.pathname + link.hash);
			const shown = phone.page.getByTestId('handoff-report');
			await expect(shown.getByTestId('handoff-category')).toContainText('Máy in bị kẹt giấy');
			await expect(shown.getByTestId('handoff-description')).toHaveText(description);
			await expect(shown.getByTestId('handoff-started-at')).toHaveText(vietnamTime(report.body.startedAt));
			await expect(shown.getByTestId('handoff-impact')).toHaveText('Tiếp nhận chậm lại');
			expect(await serverIncident(phone.page, report.id)).toBeNull();

			await phone.page.getByRole('button', { name: 'Gửi báo cáo này' }).click();
			await expect(phone.page.getByTestId('handoff-result')).toContainText('Đã gửi', { timeout: 20_000 });
			await expect(phone.page.getByTestId('handoff-result').getByRole('link', { name: 'Xem báo cáo của tôi' })).toHaveAttribute(
				'href',
				'/bao-cao'
			);
			expect(phone.creates).toEqual([{ status: 201 }]);
			const onPhone = await readDevice(phone.page);
			expect(onPhone.reports.map((r) => [r.id, r.state])).toEqual([[report.id, 'sent']]);

			// The server has the report, under the PC's id, without the screenshot yet.
			const early = (await serverIncident(phone.page, report.id))!;
			expect(early.description).toBe(description);
			expect(early.reportIds).toEqual([report.id]);
			expect(early.attachments).toEqual([]);

			// The PC is still offline and still shows the code; then its network returns.
			await expect(pc.page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
			await pc.on();
			await expect(pc.page.getByTestId('report-saved')).toContainText('Đã gửi', { timeout: 60_000 });
			await expect(pc.page.getByTestId('handoff-qr')).toHaveCount(0);
			// Its create was an identical repeat; only the screenshot was new.
			expect(pcCreates.length).toBeGreaterThan(0);
			expect(pcCreates.every((c) => c.status === 200)).toBe(true);
			expect((await readDevice(pc.page)).outbox).toBe(0);

			const final = (await serverIncident(phone.page, report.id))!;
			expect(final.reportIds.filter((id) => id === report.id)).toHaveLength(1);
			expect(final.attachments).toHaveLength(1);
			expect(final.attachments[0]!.sha256).toBe(sha256(png!));
			const list = (await (await phone.page.request.get('/api/incidents')).json()) as { items: { id: string }[] };
			expect(list.items.filter((item) => item.id === final.id)).toHaveLength(1);
		} finally {
			await phone?.context.close();
			await pc.close();
		}
	});

	test("a damaged code, a foreign link and another officer's code are refused, and nothing is sent", async ({ browser, baseURL }) => {
		test.setTimeout(120_000);
		const pc = await cuttableContext(browser, baseURL!);
		const phones: Awaited<ReturnType<typeof phoneSignedIn>>[] = [];
		try {
			const { url, report } = await reportOffline(pc, 'Máy in quầy 4 kẹt giấy — mã QR không được nhận');
			const link = new URL(url);

			const own = await phoneSignedIn(browser, baseURL!, 'motcua');
			phones.push(own);
			// One character misread: a letter in the middle of the code changed.
			const at = Math.floor(link.hash.length / 2);
			const changed = link.hash[at] === 'A' ? 'B' : 'A';
			await own.page.goto(`/bao-cao/qr${link.hash.slice(0, at)}${changed}${link.hash.slice(at + 1)}`);
			await expect(own.page.getByTestId('handoff-problem')).toHaveText(
				'Mã QR đọc chưa đúng. Hãy quét lại: đưa điện thoại lại gần màn hình hơn, ở nơi đủ sáng.'
			);
			await expect(own.page.getByRole('button', { name: 'Gửi báo cáo này' })).toHaveCount(0);

			// A link that is not one of ours.
			await own.page.goto('/bao-cao/qr#https://zalo.me/g/thaihoa');
			await expect(own.page.getByTestId('handoff-problem')).toHaveText('Mã QR này không phải của Ứng Cứu Một Cửa.');
			await expect(own.page.getByRole('button', { name: 'Gửi báo cáo này' })).toHaveCount(0);

			// The ward's responder may report too, but this report is the desk officer's.
			const other = await phoneSignedIn(browser, baseURL!, 'ungcuu');
			phones.push(other);
			await other.page.goto(link.pathname + link.hash);
			const problem = other.page.getByTestId('handoff-problem');
			await expect(problem).toHaveText(
				'Báo cáo này do một tài khoản khác lập nên không gửi từ đây được. Hãy đăng nhập bằng tài khoản đã lập báo cáo rồi quét lại.'
			);
			await expect(other.page.getByRole('link', { name: 'Đăng nhập bằng tài khoản khác' })).toBeVisible();
			await expect(other.page.getByText('Nguyễn Thị Lan')).toHaveCount(0);
			await expect(other.page.getByTestId('handoff-report')).toHaveCount(0);

			// Nothing left either phone, and nothing waits on them to leave later.
			for (const phone of phones) {
				expect(phone.creates).toEqual([]);
				expect((await readDevice(phone.page)).reports).toEqual([]);
			}
			expect(await serverIncident(other.page, report.id)).toBeNull();
		} finally {
			for (const phone of phones) await phone.context.close();
			await pc.close();
		}
	});

	test('the page opens from the cache on a phone without network, and the report waits there', async ({ browser, baseURL }) => {
		test.setTimeout(120_000);
		const pc = await cuttableContext(browser, baseURL!);
		let phone: Awaited<ReturnType<typeof phoneSignedIn>> | undefined;
		try {
			const description = 'Máy in quầy 3 kẹt giấy — điện thoại cũng mất sóng';
			const { url, report } = await reportOffline(pc, description);
			const link = new URL(url);
			phone = await phoneSignedIn(browser, baseURL!, 'motcua');
			await waitUntilOfflineReady(phone.page);
			await phone.context.setOffline(true);

			await phone.page.goto(link.pathname + link.hash);
			await expect(phone.page.getByTestId('handoff-description')).toHaveText(description);
			await phone.page.getByRole('button', { name: 'Gửi báo cáo này' }).click();
			await expect(phone.page.getByTestId('handoff-result')).toContainText(SAVED_OFFLINE);
			// It waits on the phone (an attempt in flight may show "sending" for a moment, then fail back).
			await expect
				.poll(async () => (await readDevice(phone!.page)).reports.map((r) => [r.id, r.state]))
				.toEqual([[report.id, 'queued']]);

			await phone.context.setOffline(false);
			await expect(phone.page.getByTestId('handoff-result')).toContainText('Đã gửi', { timeout: 30_000 });
			expect((await serverIncident(phone.page, report.id))?.description).toBe(description);
		} finally {
			await phone?.context.close();
			await pc.close();
		}
	});

	// Waits for one line in src/routes/(app)/+layout.svelte: its redirect to /dang-nhap keeps
	// `page.url.search` but drops `page.url.hash`, where the report is. With
	// `const next = page.url.pathname + page.url.search + page.url.hash;` this passes.
	test('a phone not signed in signs in and comes back to the same code', async ({ browser, baseURL }) => {
		test.setTimeout(90_000);
		const pc = await cuttableContext(browser, baseURL!);
		const context = await browser.newContext({ baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
		try {
			const description = 'Máy in quầy 5 kẹt giấy — điện thoại chưa đăng nhập';
			const { url } = await reportOffline(pc, description);
			const link = new URL(url);
			const page = await context.newPage();
			await page.goto(link.pathname + link.hash);
			await expect(page).toHaveURL(/\/dang-nhap\?next=/);
			await page.getByLabel('Tên đăng nhập').fill('motcua');
			await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
			await page.getByRole('button', { name: 'Đăng nhập' }).click();
			await expect(page).toHaveURL((u) => u.pathname === '/bao-cao/qr' && u.hash === link.hash);
			await expect(page.getByTestId('handoff-description')).toHaveText(description);
		} finally {
			await context.close();
			await pc.close();
		}
	});
});

test.describe('offline, the ways to reach the leader come first', () => {
	for (const [name, device] of [
		['the desk PC', { viewport: { width: 1366, height: 768 } }],
		['a phone', { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 }]
	] as const) {
		const { viewport } = device;
		test(`on ${name} (${viewport.width}×${viewport.height}) the calls, the SMS and the QR code are in the first screenful, Step 3 below`, async ({
			browser,
			baseURL
		}) => {
			const pc = await cuttableContext(browser, baseURL!, device);
			try {
				const { page } = pc;
				await signIn(page, 'motcua');
				await waitUntilOfflineReady(page);
				await page.goto('/bao-cao/moi');
				// The section's Internet stops intake: the confirmation also carries the Step-3 box.
				await fillReport(page, 'Mất kết nối Internet toàn bộ Bộ phận Một cửa', 'Cả bộ phận mất mạng, không tiếp nhận được');
				await pc.off();
				await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
				await expect(page.getByTestId('report-saved')).toContainText(SAVED_OFFLINE);
				await expect(page.getByTestId('handoff-qr')).toBeVisible();
				await expect(page.getByTestId('step3-reminder')).toBeAttached();

				for (const id of ['report-saved', 'offline-call-leader', 'offline-call-hotline', 'offline-sms', 'handoff-qr']) {
					await expect(page.getByTestId(id), `${id} is in the first screenful`).toBeInViewport({ ratio: 1 });
				}
				// Still a code a camera reads, at the size it is drawn.
				expect(await scanQr(page, page.getByTestId('handoff-qr'))).toBe(await page.getByTestId('handoff-qr').getAttribute('data-url'));
				// The order the page intends: the ways to reach the leader, then what to tell the citizens.
				const calls = (await page.getByTestId('offline-call-leader').boundingBox())!;
				const step3 = (await page.getByTestId('step3-reminder').boundingBox())!;
				expect(step3.y).toBeGreaterThan(calls.y);
			} finally {
				await pc.close();
			}
		});
	}
});
