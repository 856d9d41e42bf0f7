import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';

/** Every refusal is JSON `{ error: { code, message } }`, never a stack trace. */
async function expectError(response: APIResponse, status: number, code: string): Promise<string> {
	expect(response.status()).toBe(status);
	expect(response.headers()['content-type']).toContain('application/json');
	const body = await response.json();
	expect(body.error.code).toBe(code);
	expect(typeof body.error.message).toBe('string');
	expect(body.error.message.length).toBeGreaterThan(0);
	expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+|node_modules|Error:/);
	return body.error.message as string;
}

async function signedIn(request: APIRequestContext, username = 'ungcuu') {
	const response = await request.post('/api/session', { data: { username, password: 'demo1234' } });
	expect(response.status()).toBe(200);
}

test.describe('bad input gets a clear 4xx in the caller’s language', () => {
	test('sign-in', async ({ request }) => {
		const post = (data: string, type = 'application/json') =>
			request.post('/api/session', { data: Buffer.from(data), headers: { 'content-type': type } });
		expect(await expectError(await post('{"username": "motcua",'), 400, 'invalid_json')).toBe(
			'Dữ liệu gửi lên không phải JSON hợp lệ.'
		);
		expect(await expectError(await post('{"username":"a","password":"b","admin":true}'), 400, 'unknown_field')).toBe(
			'Trường “admin” không được hỗ trợ.'
		);
		expect(await expectError(await post('{"username":42,"password":"b"}'), 400, 'validation_failed')).toBe(
			'Tên đăng nhập bị thiếu hoặc sai kiểu dữ liệu.'
		);
		await expectError(await post('[1,2,3]'), 400, 'validation_failed');
		await expectError(await post('null'), 400, 'validation_failed');
		await expectError(await post('username=a&password=b', 'text/plain'), 415, 'unsupported_media_type');
		await expectError(await post(JSON.stringify({ username: 'a', password: 'x'.repeat(700_000) })), 413, 'body_too_large');
		await expectError(await post(JSON.stringify({ username: 'a'.repeat(100), password: 'b' })), 400, 'validation_failed');
		// A NUL character would upset the database: refused at the schema, naming the field.
		expect(await expectError(await post(JSON.stringify({ username: 'mot\u0000cua', password: 'b' })), 400, 'invalid_characters')).toBe(
			'Tên đăng nhập có ký tự không hợp lệ (ký tự điều khiển).'
		);
	});

	test('a field is named in words, in either language', async ({ request }) => {
		await signedIn(request, 'motcua');
		const report = { data: { category: 'printer_jam' } };
		expect(await expectError(await request.put('/api/incidents/khong-phai-ma', report), 400, 'invalid_id')).toBe(
			'Mã sự cố không hợp lệ (phải là một UUID).'
		);
		// The language chosen in settings.
		expect((await request.patch('/api/me', { data: { locale: 'en' } })).status()).toBe(200);
		try {
			expect(await expectError(await request.put('/api/incidents/khong-phai-ma', report), 400, 'invalid_id')).toBe(
				'The incident id is not valid (it must be a UUID).'
			);
			expect(await expectError(await request.get('/api/incidents?status=lost'), 400, 'validation_failed')).toBe(
				'The status to filter by is not valid.'
			);
		} finally {
			await request.patch('/api/me', { data: { locale: 'vi' } });
		}
	});

	test('malformed addresses get the API’s own JSON error', async ({ request }) => {
		await expectError(await request.get('/api/units/%E0%A4%A'), 400, 'bad_request');
		await expectError(await request.get('/api/public/wards/%ZZ'), 400, 'bad_request');
		await expectError(await request.get('/api/public/wards/khong-co'), 404, 'not_found');
		await expectError(await request.get("/api/public/wards/x'%20or%201=1"), 404, 'not_found');
	});

	test('a control character in an id or a filter never reaches a query: not found, or a bad request', async ({ request }) => {
		const file = '0193a5c2-7e4b-7c1d-9a2e-3f4b5c6d7e8f';
		await expectError(await request.get('/api/public/wards/%00'), 404, 'not_found');
		await signedIn(request, 'quantri');
		for (const path of ['/api/procedures/%00', '/api/procedures/dang-ky%01khai-sinh']) {
			await expectError(await request.get(path), 404, 'not_found');
			expect((await request.head(path)).status()).toBe(404);
		}
		await expectError(await request.delete(`/api/procedures/%00/files/${file}`), 404, 'not_found');
		await expectError(await request.get('/api/incidents/%00'), 404, 'not_found');
		await expectError(await request.get('/api/units/%00%00'), 404, 'not_found');
		expect(await expectError(await request.get('/api/incidents?category=%00'), 400, 'bad_request')).toContain('không hợp lệ');
		await expectError(await request.get('/api/admin/audit?q=a%00b'), 400, 'bad_request');
		// The server is still well.
		expect((await request.get('/api/health')).status()).toBe(200);
	});

	test('a signed-in user’s endpoints', async ({ request }) => {
		await expectError(await request.get('/api/me'), 401, 'unauthenticated');
		await signedIn(request);
		const badPhone = await request.patch('/api/me', { data: { phone: 'không có số' } });
		const body = await badPhone.json();
		expect(badPhone.status()).toBe(400);
		expect(body.error.field).toBe('phone');
		await expectError(await request.patch('/api/me', { data: { role: 'admin' } }), 400, 'unknown_field');
		await expectError(await request.patch('/api/me', { data: { locale: 'fr' } }), 400, 'validation_failed');
		await expectError(await request.patch('/api/me', { data: { email: 'không-phải-thư' } }), 400, 'validation_failed');
		await expectError(
			await request.post('/api/me/password', { data: { currentPassword: 'demo1234', newPassword: 'ngắn' } }),
			400,
			'validation_failed'
		);
		await expectError(
			await request.post('/api/me/password', { data: { currentPassword: 'sai', newPassword: 'mat-khau-moi-dai' } }),
			400,
			'wrong_current_password'
		);
		await expectError(await request.get('/api/units?kind=planet'), 400, 'validation_failed');
		await expectError(await request.get('/api/units/not-a-uuid'), 404, 'not_found');
		await expectError(await request.get('/api/units/0190a1b2-0000-7000-8000-000000000000'), 404, 'not_found');
		await expectError(await request.get('/api/khong-co'), 404, 'not_found');
		await expectError(await request.delete('/api/health'), 405, 'method_not_allowed');
	});

	test('a valid phone is stored in E.164 and shown back the Vietnamese way', async ({ request }) => {
		await signedIn(request, 'motcua');
		const response = await request.patch('/api/me', { data: { phone: '0912 345 678' } });
		expect(response.status()).toBe(200);
		expect((await response.json()).user.phone).toBe('+84912345678');
		await request.patch('/api/me', { data: { phone: '+84912000101' } });
	});

	test('requests from another site are refused', async ({ request }) => {
		await signedIn(request);
		const response = await request.patch('/api/me', {
			data: { locale: 'vi' },
			headers: { origin: 'https://evil.example' }
		});
		await expectError(response, 403, 'cross_origin');
	});

	test('messages follow the language the user chose, and the language cookie before sign-in', async ({ request }) => {
		const anonymous = await request.post('/api/session', {
			data: Buffer.from('{'),
			headers: { 'content-type': 'application/json', cookie: 'PARAGLIDE_LOCALE=en' }
		});
		expect(await expectError(anonymous, 400, 'invalid_json')).toBe('The request body is not valid JSON.');

		await signedIn(request, 'doanhnghiep');
		expect((await request.patch('/api/me', { data: { locale: 'en' } })).status()).toBe(200);
		expect(await expectError(await request.get('/api/units/not-a-uuid'), 404, 'not_found')).toBe('Not found.');
		expect((await request.patch('/api/me', { data: { locale: 'vi' } })).status()).toBe(200);
		expect(await expectError(await request.get('/api/units/not-a-uuid'), 404, 'not_found')).toBe('Không tìm thấy.');
	});
});

test.describe('scoping over HTTP', () => {
	test('an IT team sees its team and province, not the wards, even by id', async ({ request }) => {
		await signedIn(request, 'doanhnghiep');
		const units = (await (await request.get('/api/units')).json()).items as { id: string; kind: string }[];
		// An IT team sees its own team and its province, not the wards.
		expect(units.map((u) => u.kind).sort()).toEqual(['it_team', 'province']);

		await signedIn(request, 'quantri');
		const all = (await (await request.get('/api/units')).json()).items as { id: string; kind: string; slug: string }[];
		const ward = all.find((u) => u.slug === 'phuong-thai-hoa')!;
		expect(ward).toBeTruthy();

		await signedIn(request, 'doanhnghiep');
		await expectError(await request.get(`/api/units/${ward.id}`), 404, 'not_found');
	});
});

test('the health check is cheap, uncached JSON', async ({ request }) => {
	const response = await request.get('/api/health');
	expect(response.status()).toBe(200);
	expect(response.headers()['cache-control']).toBe('no-store');
	expect(await response.json()).toMatchObject({ ok: true, db: 'pglite', version: expect.any(String) });
});
