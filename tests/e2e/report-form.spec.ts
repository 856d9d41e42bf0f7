import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { nativeDialogs, signIn, waitUntilOfflineReady } from './helpers';
import { cuttableContext, fakeWebm, fillReport, readDevice } from './reporting-helpers';

/** The form's draft as the device keeps it (read with the browser's IndexedDB API). */
function draftFields(page: Page): Promise<Record<string, unknown> | undefined> {
	return page.evaluate(
		() =>
			new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
				const open = indexedDB.open('ung-cuu-mot-cua');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('drafts').objectStore('drafts').getAll();
					request.onsuccess = () => {
						resolve((request.result as { fields: Record<string, unknown> }[])[0]?.fields);
						open.result.close();
					};
				};
			})
	);
}

test.describe('the report form', () => {
	test('bad input is caught at its field, and nothing typed or attached is lost', async ({ page }) => {
		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		await page.getByLabel('Loại sự cố').selectOption({ label: 'Máy in hết mực' });

		// Whitespace is no description.
		await page.getByLabel('Mô tả sự cố (bắt buộc)').fill('   ');
		await page.getByLabel('Thông báo lỗi (nếu có)').fill('<script>alert(1)</script> Toner low');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByRole('alert').first()).toHaveText('Báo cáo chưa gửi được: hãy sửa các ô được đánh dấu bên dưới.');
		await expect(page.getByText('Hãy mô tả sự cố (không được để trống).')).toBeVisible();
		await expect(page.getByLabel('Mô tả sự cố (bắt buộc)')).toBeFocused();

		// A file whose name lies about what it is: a Windows program called "loi.png".
		const program = Buffer.concat([Buffer.from('MZ\x90\x00', 'binary'), Buffer.alloc(2048)]);
		await page.getByTestId('attach-file').setInputFiles({ name: 'loi.png', mimeType: 'image/png', buffer: program });
		await expect(page.getByRole('alert').filter({ hasText: 'loi.png' })).toContainText('không phải ảnh');
		await expect(page.getByTestId('attachment')).toHaveCount(0);

		// A start after the moment of reporting (read from the device clock), typed dd/mm/yyyy.
		await page.getByLabel('Mô tả sự cố (bắt buộc)').fill('<b>Máy in</b> mờ chữ');
		const [, year, month, day] = /^(\d{4})-(\d{2})-(\d{2})/.exec(new Date(Date.now() + 31 * 60 * 60 * 1000).toISOString())!;
		await page.getByLabel('Ngày (ngày/tháng/năm)').fill(`${day}/${month}/${year}`);
		await page.getByLabel('Ngày (ngày/tháng/năm)').blur();
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByText('Giờ bắt đầu không được muộn hơn lúc báo cáo.')).toBeVisible();

		// Reload: everything typed is still there (the draft autosaves).
		await page.reload();
		await expect(page.getByLabel('Mô tả sự cố (bắt buộc)')).toHaveValue('<b>Máy in</b> mờ chữ');
		await expect(page.getByLabel('Thông báo lỗi (nếu có)')).toHaveValue('<script>alert(1)</script> Toner low');

		await page.getByRole('button', { name: 'Vừa xong' }).click();
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByTestId('report-saved')).toBeVisible();
		await expect(page.getByTestId('report-saved')).toContainText('Đã gửi', { timeout: 20_000 });

		// HTML typed by a person is shown as the text it is, never run.
		await page.goto('/bao-cao');
		await expect(page.getByText('<b>Máy in</b> mờ chữ')).toBeVisible();
	});

	test('choosing a category proposes its scope and impact, and never overrides what the officer chose', async ({ page }) => {
		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		const scope = (name: string) => page.getByRole('radio', { name, exact: true });
		await expect(scope('Quầy này')).toBeChecked();
		await expect(scope('Tiếp nhận chậm lại')).toBeChecked();

		// The section's Internet: the whole section, intake stopped — what makes the notice and the reminder fire.
		await page.getByLabel('Loại sự cố').selectOption({ label: 'Mất kết nối Internet toàn bộ Bộ phận Một cửa' });
		await expect(scope('Toàn Bộ phận Một cửa')).toBeChecked();
		await expect(scope('Dừng tiếp nhận')).toBeChecked();

		// She knows better: only some desks. A later category keeps her choice, and follows on the rest.
		await scope('Một số quầy').check();
		await page.getByLabel('Loại sự cố').selectOption({ label: 'Máy in bị kẹt giấy' });
		await expect(scope('Một số quầy')).toBeChecked();
		await expect(scope('Tiếp nhận chậm lại')).toBeChecked();

		// The draft keeps it across a reload, and the rule still holds after it.
		await expect.poll(() => draftFields(page)).toMatchObject({ category: 'printer_jam', scope: 'several', impactLevel: 'slowed' });
		await page.reload();
		await expect(scope('Một số quầy')).toBeChecked();
		await page.getByLabel('Loại sự cố').selectOption({ label: 'Mất điện' });
		await expect(scope('Một số quầy')).toBeChecked();
		await expect(scope('Dừng tiếp nhận')).toBeChecked();
	});

	test('discarding a draft asks in the page, and going back keeps every word', async ({ page }) => {
		const native = nativeDialogs(page);
		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		await fillReport(page, 'Máy in bị kẹt giấy', 'Máy in quầy 2 kẹt giấy liên tục');
		const question = page.getByRole('dialog', { name: 'Bỏ bản nháp này?' });
		await page.getByRole('button', { name: 'Bỏ bản nháp' }).click();
		await expect(question).toContainText('Bản nháp và các tệp đã đính kèm sẽ bị xóa khỏi máy này.');
		await question.getByRole('button', { name: 'Tiếp tục viết' }).click();
		await expect(question).toBeHidden();
		await expect(page.getByLabel('Mô tả sự cố (bắt buộc)')).toHaveValue('Máy in quầy 2 kẹt giấy liên tục');

		await page.getByRole('button', { name: 'Bỏ bản nháp' }).click();
		await question.getByRole('button', { name: 'Bỏ bản nháp' }).click();
		await expect(page.getByLabel('Mô tả sự cố (bắt buộc)')).toHaveValue('');
		expect(native).toEqual([]);
	});

	test('the start time is entered dd/mm/yyyy and 24-hour, even in a browser set to American English', async ({ browser, baseURL }) => {
		const context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Ho_Chi_Minh' });
		try {
			const page = await context.newPage();
			await signIn(page, 'motcua');
			await page.goto('/bao-cao/moi');
			const date = page.getByLabel('Ngày (ngày/tháng/năm)');
			const time = page.getByLabel('Giờ (24 giờ)');
			// Opened now: today in Vietnam, day first, and a 24-hour clock.
			const vietnam = new Date(Date.now() + 7 * 3600_000);
			const two = (n: number) => String(n).padStart(2, '0');
			await expect(date).toHaveValue(`${two(vietnam.getUTCDate())}/${two(vietnam.getUTCMonth() + 1)}/${vietnam.getUTCFullYear()}`);
			await expect(time).toHaveValue(/^([01]\d|2[0-3]):[0-5]\d$/);

			// Not a real day: said at the field, in Vietnamese.
			await date.fill('31/02/2026');
			await date.blur();
			await expect(page.getByText('Thời điểm bắt đầu chưa đúng: ghi ngày theo ngày/tháng/năm')).toBeVisible();
			await expect(date).toHaveAttribute('aria-invalid', 'true');

			// The third of last month at 23:12 — a day that is also a month, read day first.
			const earlier = new Date(Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth() - 1, 3));
			const [y, mo] = [earlier.getUTCFullYear(), earlier.getUTCMonth() + 1];
			await date.fill(`3/${mo}/${y}`);
			await time.fill('23h12');
			await time.blur();
			await expect(page.getByText('Thời điểm bắt đầu chưa đúng')).toHaveCount(0);
			await fillReport(page, 'Máy in hết mực', 'Máy in quầy 5 hết mực từ tối hôm trước');
			await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
			await expect(page.getByTestId('report-saved')).toBeVisible();
			const report = (await readDevice(page)).reports.find((r) => r.body.description.startsWith('Máy in quầy 5'))!;
			expect(Date.parse(report.body.startedAt)).toBe(Date.UTC(y, mo - 1, 3, 23, 12) - 7 * 3600_000);

			// A quick pick writes both boxes the same way.
			await page.getByRole('button', { name: 'Báo sự cố khác' }).click();
			await page.getByRole('button', { name: '15 phút trước' }).click();
			await expect(time).toHaveValue(/^([01]\d|2[0-3]):[0-5]\d$/);
		} finally {
			await context.close();
		}
	});

	test('a waiting report can be edited or withdrawn by its author; a sent one cannot', async ({ browser, baseURL }) => {
		const pc = await cuttableContext(browser, baseURL!);
		const { page } = pc;
		await signIn(page, 'motcua');
		await waitUntilOfflineReady(page);
		await page.goto('/bao-cao/moi');
		await pc.off();
		await fillReport(page, 'Máy tính bị treo hoặc chạy chậm', 'Máy tính quầy 1 treo');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await page.getByRole('button', { name: 'Báo sự cố khác' }).click();
		await fillReport(page, 'Hỏng thiết bị ngoại vi (bàn phím, chuột, màn hình)', 'Chuột quầy 4 không nhận');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();

		await page.getByRole('link', { name: 'Xem báo cáo của tôi' }).click();
		const first = page.getByTestId('report-item').filter({ hasText: 'Máy tính quầy 1 treo' });
		await first.getByRole('button', { name: 'Sửa' }).click();
		await expect(page.getByText('Bạn đang sửa một báo cáo chưa gửi.')).toBeVisible();
		await page.getByLabel('Mô tả sự cố (bắt buộc)').fill('Máy tính quầy 1 treo, đã khởi động lại vẫn treo');
		await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
		await page.getByRole('link', { name: 'Xem báo cáo của tôi' }).click();
		await expect(page.getByText('Máy tính quầy 1 treo, đã khởi động lại vẫn treo')).toBeVisible();

		// Withdrawing asks first, in the page (never the browser's own confirm()), on a phone too.
		const native = nativeDialogs(page);
		await page.setViewportSize({ width: 360, height: 740 });
		const mouse = page.getByTestId('report-item').filter({ hasText: 'Chuột quầy 4' });
		const withdraw = mouse.getByRole('button', { name: 'Rút lại' });
		const question = page.getByRole('dialog', { name: 'Rút lại báo cáo này?' });
		await withdraw.click();
		await expect(question).toBeVisible();
		await expect(question).toContainText('Báo cáo chưa gửi sẽ bị xóa khỏi máy này.');
		// The focus is in the dialog, on the safe answer; Escape answers it, and the focus comes back.
		await expect(question.getByRole('button', { name: 'Giữ báo cáo' })).toBeFocused();
		const box = (await question.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
		for (const name of ['Giữ báo cáo', 'Rút lại báo cáo']) {
			expect((await question.getByRole('button', { name }).boundingBox())!.width, name).toBeGreaterThan(box.width * 0.8);
		}
		await page.keyboard.press('Escape');
		await expect(question).toBeHidden();
		await expect(withdraw).toBeFocused();
		await expect(mouse).toBeVisible();
		// "Giữ báo cáo" keeps it too.
		await withdraw.click();
		await question.getByRole('button', { name: 'Giữ báo cáo' }).click();
		await expect(question).toBeHidden();
		await expect(mouse).toBeVisible();
		// With the keyboard alone: to the action, and Enter.
		await withdraw.focus();
		await page.keyboard.press('Enter');
		await expect(question).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(question.getByRole('button', { name: 'Rút lại báo cáo' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByText('Chuột quầy 4 không nhận')).toHaveCount(0);
		expect(native).toEqual([]);
		await page.setViewportSize({ width: 1280, height: 720 });

		await pc.on();
		const edited = page.getByTestId('report-item').filter({ hasText: 'đã khởi động lại' });
		await expect(edited.getByTestId('report-state')).toHaveText('Đã gửi', { timeout: 20_000 });
		await expect(edited.getByRole('button')).toHaveCount(0);
		const device = await readDevice(page);
		const sent = device.reports.find((r) => r.body.description.includes('đã khởi động lại'))!;
		const server = await page.request.get(`/api/incidents/${sent.id}`);
		expect(((await server.json()) as { incident: { description: string } }).incident.description).toBe(
			'Máy tính quầy 1 treo, đã khởi động lại vẫn treo'
		);
		expect(device.reports.some((r) => r.body.description.includes('Chuột quầy 4'))).toBe(false);
		await pc.close();
	});

	test('on a shared PC, unsent reports stay with their author and go when that author signs in again', async ({ browser, baseURL }) => {
		const pc = await cuttableContext(browser, baseURL!);
		const { page } = pc;
		await signIn(page, 'motcua');
		await waitUntilOfflineReady(page);
		await page.goto('/bao-cao/moi');
		await pc.off();
		await fillReport(page, 'Máy lấy số thứ tự bị lỗi', 'Máy lấy số không in phiếu');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByTestId('report-saved')).toBeVisible();

		// Lan signs out with the network still down: warned in the page, and the report stays hers.
		const native = nativeDialogs(page);
		await page.goto('/cai-dat');
		await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
		const warning = page.getByRole('dialog', { name: 'Còn 1 báo cáo chưa gửi' });
		await expect(warning).toContainText('Báo cáo sẽ được giữ trên máy và tự gửi khi bạn đăng nhập lại.');
		await warning.getByRole('button', { name: 'Ở lại' }).click();
		await expect(warning).toBeHidden();
		await expect(page).toHaveURL(/\/cai-dat$/);
		await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
		await warning.getByRole('button', { name: 'Vẫn đăng xuất' }).click();
		await expect(page).toHaveURL(/\/dang-nhap/);
		expect(native).toEqual([]);
		await pc.on();

		// The next officer on this PC sees nothing of it.
		await signIn(page, 'ungcuu');
		await page.goto('/bao-cao');
		await expect(page.getByText('Chưa có báo cáo nào trên máy này.')).toBeVisible();
		await page.goto('/cai-dat');
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expect(page).toHaveURL(/\/dang-nhap/);

		await signIn(page, 'motcua');
		await page.goto('/bao-cao');
		const item = page.getByTestId('report-item').filter({ hasText: 'Máy lấy số không in phiếu' });
		await expect(item.getByTestId('report-state')).toHaveText('Đã gửi', { timeout: 20_000 });
		const device = await readDevice(page);
		const report = device.reports.find((r) => r.body.description === 'Máy lấy số không in phiếu')!;
		const server = (await (await page.request.get(`/api/incidents/${report.id}`)).json()) as {
			incident: { reporters: { fullName: string }[] };
		};
		expect(server.incident.reporters.map((r) => r.fullName)).toEqual(['Nguyễn Thị Lan']);
		await pc.close();
	});

	test('a full device says so plainly and keeps the text of the report', async ({ page, baseURL }) => {
		// A cheap phone with little storage left for this site, from the first visit on.
		const cdp = await page.context().newCDPSession(page);
		const origin = new URL(baseURL!).origin;
		await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 6 * 1024 * 1024 });
		// The override belongs to the browser, not this test: it is lifted whatever happens.
		try {
			await signIn(page, 'motcua');
			await page.goto('/bao-cao/moi');
			await fillReport(page, 'Máy in bị kẹt giấy', 'Máy in quầy 5 kẹt giấy liên tục');
			await page.getByTestId('attach-file').setInputFiles({ name: 'quay-man-hinh.webm', mimeType: 'video/webm', buffer: fakeWebm(12 * 1024 * 1024) });
			await expect(page.getByRole('alert')).toContainText('Máy hết chỗ lưu nên không giữ được tệp “quay-man-hinh.webm”');
			await expect(page.getByTestId('attachment')).toHaveCount(0);
			await page.reload();
			await expect(page.getByLabel('Mô tả sự cố (bắt buộc)')).toHaveValue('Máy in quầy 5 kẹt giấy liên tục');
		} finally {
			await cdp.send('Storage.overrideQuotaForOrigin', { origin });
		}
	});

	test('the report pages have no serious accessibility problems, with errors shown and with reports listed', async ({ page }) => {
		const seriousProblems = async () => {
			const results = await new AxeBuilder({ page }).analyze();
			const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
			return serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
		};
		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		await expect(page.getByLabel('Loại sự cố')).toBeVisible();
		expect(await seriousProblems(), 'the empty form').toEqual([]);

		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByText('Hãy chọn loại sự cố.')).toBeVisible();
		// A description never typed into is missing, not "too long".
		await expect(page.getByText('Hãy mô tả sự cố (không được để trống).')).toBeVisible();
		await expect(page.getByLabel('Loại sự cố')).toHaveAttribute('aria-describedby', 'category-hint error-category');
		expect(await seriousProblems(), 'the form with its errors').toEqual([]);

		await fillReport(page, 'Máy in hết giấy', 'Máy in quầy 6 hết giấy');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByTestId('report-saved')).toBeFocused();
		expect(await seriousProblems(), 'the confirmation').toEqual([]);

		await page.goto('/bao-cao');
		await expect(page.getByTestId('report-item').first()).toBeVisible();
		expect(await seriousProblems(), 'my reports').toEqual([]);
	});

	test('a report that stopped intake reminds the officer of Step 3, and the display on this PC shows the notice', async ({ page, context }) => {
		const display = await context.newPage();
		await display.goto('/thong-bao?phuong=phuong-thai-hoa');
		await expect(display.getByTestId('display-idle')).toBeVisible();

		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		await fillReport(page, 'Hệ thống giải quyết TTHC cấp tỉnh (iGate) bị lỗi hoặc ngừng hoạt động', 'iGate báo lỗi, không tiếp nhận được hồ sơ');
		await page.getByRole('radio', { name: 'Dừng tiếp nhận' }).check();
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();

		const reminder = page.getByTestId('step3-reminder');
		await expect(reminder.getByRole('heading', { name: 'Bước 3: Thông báo cho người dân' })).toBeVisible();
		await expect(reminder).toContainText('Kính thưa các bác, các anh chị, hệ thống của chúng tôi đang gặp sự cố kỹ thuật tạm thời.');
		await expect(reminder.getByRole('link', { name: 'Danh mục hồ sơ để người dân chuẩn bị' })).toHaveAttribute('href', '/ho-so');
		await reminder.getByRole('button', { name: 'Hiển thị thông báo cho người dân' }).click();
		await expect(display.getByTestId('display-notice')).toContainText('Kính thưa các bác');
		await reminder.getByRole('button', { name: 'Kết thúc thông báo' }).click();
		await expect(display.getByTestId('display-idle')).toBeVisible();
	});

	test('a report that did not stop intake does not ask for Step 3', async ({ page }) => {
		await signIn(page, 'motcua');
		await page.goto('/bao-cao/moi');
		await fillReport(page, 'Máy in hết giấy', 'Máy in quầy 7 hết giấy');
		await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
		await expect(page.getByTestId('report-saved')).toBeVisible();
		await expect(page.getByTestId('step3-reminder')).toHaveCount(0);
	});
});
