import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('an administrator checks and edits a procedure; the checklist shows it, verified', async ({ page, request }) => {
	await signIn(page, 'quantri');
	await page.getByRole('link', { name: 'Sửa danh mục hồ sơ' }).click();
	const row = page.getByRole('listitem').filter({ hasText: 'Đăng ký nhận cha, mẹ, con' });
	await expect(row.getByText('chưa xác minh')).toBeVisible();
	await row.getByRole('link', { name: 'Đăng ký nhận cha, mẹ, con' }).click();
	await expect(page.getByText(/^Cần kiểm tra: /)).toBeVisible();

	// A procedure without a name is refused at the field; nothing is saved.
	await page.getByLabel('Tên thủ tục').fill('  ');
	await page.getByRole('button', { name: 'Lưu và xác nhận' }).click();
	await expect(page.getByRole('alert')).toHaveText('Thủ tục phải có tên.');
	let items = (await (await request.get('/api/public/procedures', { headers: { 'cache-control': 'no-cache' } })).json()).items;
	expect(items.find((p: { id: string }) => p.id === 'dang-ky-nhan-cha-me-con').verified).toBe(false);

	// A form row left without a name is refused too.
	await page.getByLabel('Tên thủ tục').fill('Đăng ký nhận cha, mẹ, con');
	await page.getByRole('button', { name: 'Thêm tờ khai' }).click();
	await page.getByRole('button', { name: 'Lưu và xác nhận' }).click();
	await expect(page.getByRole('alert')).toContainText('Mỗi tờ khai phải có tên');
	await page.getByRole('button', { name: 'Bỏ tờ khai này' }).last().click();

	const docs = page.getByLabel(/Giấy tờ cần chuẩn bị/);
	await docs.fill(`${await docs.inputValue()}\nBản sao sổ hộ khẩu cũ (nếu còn) — để cán bộ đối chiếu`);
	await page.getByRole('button', { name: 'Lưu và xác nhận' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã lưu' })).toHaveText('Đã lưu. Thủ tục đã được xác nhận.');
	await expect(page.getByText(/^Cần kiểm tra: /)).toHaveCount(0);

	items = (await (await request.get('/api/public/procedures', { headers: { 'cache-control': 'no-cache' } })).json()).items;
	const edited = items.find((p: { id: string }) => p.id === 'dang-ky-nhan-cha-me-con');
	expect(edited.verified).toBe(true);
	expect(edited.documents.at(-1)).toBe('Bản sao sổ hộ khẩu cũ (nếu còn) — để cán bộ đối chiếu');

	await page.goto('/ho-so/dang-ky-nhan-cha-me-con');
	await expect(page.getByText('Bản sao sổ hộ khẩu cũ (nếu còn) — để cán bộ đối chiếu')).toBeVisible();
	await expect(page.getByText('chưa xác minh')).toHaveCount(0);
});

test('only an administrator edits the checklist', async ({ page }) => {
	await signIn(page, 'motcua');
	const refused = await page.request.put('/api/procedures/dang-ky-khai-sinh', {
		data: { name: 'X', tthcCode: null, receivedAt: null, fees: null, forms: [], documents: [] }
	});
	expect(refused.status()).toBe(403);
	await page.goto('/quan-tri/ho-so');
	await expect(page.getByText('Trang này dành cho quản trị viên.')).toBeVisible();
});

test('a blank form file is checked, attached, offered on the checklist, and kept for offline use', async ({ page, context }) => {
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
	await signIn(page, 'quantri');
	await page.goto('/quan-tri/ho-so/dang-ky-ket-hon');
	const files = page.locator('section', { has: page.getByRole('heading', { name: 'Mẫu đơn để in' }) });

	// A program renamed to .pdf is refused with the reason, and nothing is attached.
	await files.getByLabel('Chọn tệp mẫu đơn').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\u0090\u0000 not a pdf') });
	await files.getByRole('button', { name: 'Tải lên' }).click();
	await expect(files.getByRole('alert')).toHaveText(
		'Tệp “to-khai.pdf” không phải PDF, Word (.docx) hay ảnh PNG/JPEG đúng như tên của nó, nên không được nhận.'
	);
	// Over 5 MB is refused too.
	const big = Buffer.alloc(5 * 1024 * 1024 + 10);
	pdf.copy(big);
	await files.getByLabel('Chọn tệp mẫu đơn').setInputFiles({ name: 'lon.pdf', mimeType: 'application/pdf', buffer: big });
	await files.getByRole('button', { name: 'Tải lên' }).click();
	await expect(files.getByRole('alert')).toHaveText('Tệp quá lớn: tối đa 5 MB cho một mẫu đơn.');

	await files.getByLabel('Chọn tệp mẫu đơn').setInputFiles({ name: 'To khai dang ky ket hon.pdf', mimeType: 'application/pdf', buffer: pdf });
	await files.getByRole('button', { name: 'Tải lên' }).click();
	await expect(files.getByRole('status')).toHaveText('Đã tải lên “To khai dang ky ket hon.pdf”.');

	// A citizen's device opens the checklist online once, then loses the network.
	const citizen = await context.browser()!.newContext();
	const phone = await citizen.newPage();
	await phone.goto('/ho-so/dang-ky-ket-hon');
	await phone.waitForFunction(() => navigator.serviceWorker.controller !== null);
	await phone.reload();
	const link = phone.getByRole('link', { name: /^To khai dang ky ket hon\.pdf · 1 KB$/ });
	await expect(link).toBeVisible();
	const href = (await link.getAttribute('href'))!;
	await expect
		.poll(() => phone.evaluate(async (url) => Boolean(await (await caches.open('form-files-v1')).match(url)), href))
		.toBe(true);
	await citizen.setOffline(true);
	const offline = await phone.evaluate(async (url) => {
		const response = await fetch(url);
		return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
	}, href);
	expect(offline).toEqual({ status: 200, type: 'application/pdf', text: pdf.toString() });
	await citizen.close();
});
