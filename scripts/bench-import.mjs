/**
 * Bulk onboarding's speed, for `npm run bench`: a province's lists (50 wards × 6 people, one
 * CSV each) checked and then applied through the real API, next to the raw cost that
 * dominates the apply — hashing the same number of one-time passwords with the same
 * Argon2id settings and the same parallelism, in this process. Target: apply ≤ 1.5× that.
 */
import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

const WARDS = Number(process.env.BENCH_IMPORT_WARDS ?? 50);
const PER_WARD = 6;
/** The server's own settings (src/lib/server/auth/password.ts) and batch size (import.service.ts). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const BATCH = 4;

const csv = (rows) => '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

function lists() {
	const wards = [['Tỉnh', 'Tên phường', 'Địa chỉ', 'Đường dây nóng']];
	const people = [['Phường / đơn vị', 'Họ và tên', 'Tên đăng nhập', 'Vai trò', 'Tổ trưởng / Tổ phó', 'Điện thoại']];
	for (let i = 1; i <= WARDS; i++) {
		const name = `Phường Thử Tốc Độ ${i}`;
		wards.push(['Nghệ An', name, `${i} Lê Lợi`, `0238 38${String(i % 100).padStart(2, '0')} 000`]);
		for (let j = 1; j <= PER_WARD; j++) {
			const role = j <= 2 ? 'Cán bộ Một cửa' : 'Tổ Ứng cứu';
			const lead = j === 3 ? 'Tổ trưởng' : j === 4 ? 'Tổ phó' : '';
			people.push([name, `Người ${i}-${j}`, `bench${i}.${j}`, role, lead, `0912 ${String(i).padStart(3, '0')} ${String(j).padStart(3, '0')}`]);
		}
	}
	return { wards: csv(wards), people: csv(people) };
}

async function signedIn(base) {
	const response = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'quantri', password: 'demo1234' })
	});
	if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function upload(base, cookie, mode, files) {
	const form = new FormData();
	form.set('mode', mode);
	form.append('files', new Blob([files.wards], { type: 'text/csv' }), 'phuong.csv');
	form.append('files', new Blob([files.people], { type: 'text/csv' }), 'nguoi-dung.csv');
	const started = performance.now();
	const response = await fetch(`${base}/api/admin/import`, { method: 'POST', headers: { cookie }, body: form });
	const ms = performance.now() - started;
	if (!response.ok) throw new Error(`import ${mode} failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
	return ms;
}

async function rawHashing(count) {
	const started = performance.now();
	for (let i = 0; i < count; i += BATCH) {
		await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, () => hash(randomBytes(9).toString('base64url'), ARGON2)));
	}
	return performance.now() - started;
}

export async function benchImport(base) {
	const cookie = await signedIn(base);
	const files = lists();
	const check = await upload(base, cookie, 'check', files);
	const apply = await upload(base, cookie, 'apply', files);
	const raw = await rawHashing(WARDS * PER_WARD);
	return { wards: WARDS, people: WARDS * PER_WARD, check, apply, raw };
}
