/**
 * `npm run bench`: speed figures for the report path, each next to a raw baseline measured in
 * the same run, in headless Chromium against the built app on a fresh embedded database.
 *
 * 1. Submit → "saved on device" for a report with three 1 MB images already attached, timed
 *    in the page from the click to the confirmation on screen, next to one raw IndexedDB
 *    transaction putting the same report and the same three blobs. Target ≤ 1.3×.
 * 2. Draining 200 queued reports with one 200 KB attachment each, next to a minimal loop that
 *    sends the same requests (same count, bytes and concurrency: one at a time) with plain
 *    fetch. Target ≤ 1.5×.
 *
 * 3. A complex report sent to the server until the leader's Web Push request reaches a
 *    loopback push service (scripts/bench-push.mjs), p50 and p95 over 100 reports, next to
 *    web-push sending the same kind of message straight from here. Target: p95 under 1 s.
 *
 * 4. Bulk onboarding (scripts/bench-import.mjs): 50 wards × 6 people checked, then applied
 *    through the API, next to hashing as many one-time passwords with the same Argon2id
 *    settings and parallelism in this process. Target ≤ 1.5×.
 *
 * Figures print as a table; nothing fails on a slow machine — read the ratios.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.js';
import { benchImport } from './bench-import.mjs';
import { benchPush, startPushService } from './bench-push.mjs';
import { writeFileSync } from 'node:fs';

const PORT = 4199;
const BASE = `http://127.0.0.1:${PORT}`;
const SUBMIT_RUNS = Number(process.env.BENCH_SUBMIT_RUNS ?? 7);
const DRAIN_COUNT = Number(process.env.BENCH_DRAIN_COUNT ?? 200);
const MB = 1024 * 1024;
/** The fixed part of every report both drain measurements send (a printer jam never groups). */
const REPORT_TEMPLATE = { category: 'printer_jam', complexity: 'simple', scope: 'desk', impactLevel: 'none' };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startServer(dataDir, extraEnv = {}) {
	const server = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, ...extraEnv },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; i < 200; i++) {
		try {
			if ((await fetch(`${BASE}/api/health`)).ok) return server;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	server.kill();
	throw new Error('the server did not start');
}

async function signIn(page) {
	await page.goto('/dang-nhap');
	await page.getByLabel('Tên đăng nhập').fill('motcua');
	await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.getByRole('heading', { level: 1, name: /^Xin chào, / }).waitFor();
}

/** A PNG signature followed by noise: a 1 MB "screenshot" as far as any check can tell. */
function fakePng(size) {
	const bytes = randomBytes(size);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
	return bytes;
}

async function benchSubmit(page) {
	const ours = [];
	// One unmeasured run first: both sides are then timed warm.
	for (let run = -1; run < SUBMIT_RUNS; run++) {
		await page.goto('/bao-cao/moi');
		await page.getByLabel('Loại sự cố').selectOption('printer_jam');
		await page.getByLabel('Mô tả sự cố (bắt buộc)').fill(`Máy in kẹt giấy — lần đo ${run + 1}`);
		await page.getByTestId('attach-file').setInputFiles(
			[1, 2, 3].map((n) => ({ name: `anh-${n}.png`, mimeType: 'image/png', buffer: fakePng(MB) }))
		);
		await page.getByTestId('attachment').nth(2).waitFor();
		// Timed inside the page: from the click to the confirmation being in the document.
		const ms = await page.evaluate(
			() =>
				new Promise((resolve) => {
					const button = [...document.querySelectorAll('button[type=submit]')][0];
					const started = performance.now();
					const observer = new MutationObserver(() => {
						if (document.querySelector('[data-testid=report-saved]')) {
							observer.disconnect();
							resolve(performance.now() - started);
						}
					});
					observer.observe(document.body, { childList: true, subtree: true });
					button.click();
				})
		);
		if (run >= 0) ours.push(ms);
	}

	const raw = await page.evaluate(async (runs) => {
		const open = () =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('bench-raw', 1);
				request.onupgradeneeded = () => request.result.createObjectStore('reports', { keyPath: 'id' });
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
		const db = await open();
		const times = [];
		for (let run = 0; run < runs; run++) {
			const blobs = [1, 2, 3].map(() => {
				const bytes = new Uint8Array(1024 * 1024);
				crypto.getRandomValues(bytes.subarray(0, 65536));
				return new Blob([bytes], { type: 'image/png' });
			});
			const started = performance.now();
			await new Promise((resolve, reject) => {
				const tx = db.transaction('reports', 'readwrite');
				tx.objectStore('reports').put({
					id: crypto.randomUUID(),
					body: { category: 'printer_jam', description: 'Máy in kẹt giấy', scope: 'desk' },
					attachments: blobs.map((blob, i) => ({ name: `anh-${i}.png`, blob }))
				});
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error);
			});
			times.push(performance.now() - started);
		}
		db.close();
		return times;
	}, SUBMIT_RUNS);
	return { ours: median(ours), raw: median(raw) };
}

/** Queues reports straight into the device database, in the rows the app itself writes. */
async function queueReports(page, count) {
	await page.evaluate(async ([n, template]) => {
		const me = await new Promise((resolve) => {
			const request = indexedDB.open('ung-cuu-mot-cua');
			request.onsuccess = () => resolve(request.result);
		});
		const profile = await new Promise((resolve) => {
			const get = me.transaction('profile').objectStore('profile').get('me');
			get.onsuccess = () => resolve(get.result.profile);
		});
		const bytes = new Uint8Array(200 * 1024);
		bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const digest = await crypto.subtle.digest('SHA-256', bytes);
		const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
		await new Promise((resolve, reject) => {
			// Everything in one synchronous burst: a transaction ends at the first await.
			const tx = me.transaction(['reports', 'attachments', 'outbox'], 'readwrite');
			const now = new Date();
			for (let i = 0; i < n; i++) {
				const id = crypto.randomUUID();
				const attachmentId = crypto.randomUUID();
				const stamp = now.toISOString();
				tx.objectStore('reports').put({
					id,
					userId: profile.id,
					state: 'queued',
					queuedAt: Date.now() + i,
					body: { ...template, description: `Đo tốc độ gửi ${i}`, startedAt: stamp, createdAt: stamp }
				});
				tx.objectStore('attachments').put({
					id: attachmentId,
					reportId: id,
					userId: profile.id,
					name: `anh-${i}.png`,
					type: 'image/png',
					size: bytes.byteLength,
					sha256,
					blob: new Blob([bytes], { type: 'image/png' }),
					source: 'file',
					addedAt: Date.now() + i,
					uploadedBytes: 0,
					uploaded: false
				});
				tx.objectStore('outbox').add({ userId: profile.id, kind: 'report', reportId: id, attempts: 0 });
				tx.objectStore('outbox').add({ userId: profile.id, kind: 'attachment', reportId: id, attachmentId, attempts: 0 });
			}
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		me.close();
	}, [count, REPORT_TEMPLATE]);
}

/** The same requests with plain fetch: one report PUT and one attachment PUT each, in turn. */
function plainFetchLoop(page, count) {
	return page.evaluate(async ([n, template]) => {
		const bytes = new Uint8Array(200 * 1024);
		bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const digest = await crypto.subtle.digest('SHA-256', bytes);
		const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
		const blob = new Blob([bytes], { type: 'image/png' });
		const started = performance.now();
		for (let i = 0; i < n; i++) {
			const id = crypto.randomUUID();
			const stamp = new Date().toISOString();
			const created = await fetch(`/api/incidents/${id}`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...template, description: `Đo tốc độ gửi ${i}`, startedAt: stamp, createdAt: stamp })
			});
			if (!created.ok) throw new Error(`create ${created.status}`);
			const query = new URLSearchParams({ name: `anh-${i}.png`, type: 'image/png', sha256 });
			const stored = await fetch(`/api/incidents/${id}/attachments/${crypto.randomUUID()}?${query}`, {
				method: 'PUT',
				headers: { 'content-type': 'image/png' },
				body: blob
			});
			if (!stored.ok) throw new Error(`attachment ${stored.status}`);
		}
		return performance.now() - started;
	}, [count, REPORT_TEMPLATE]);
}

async function benchDrain(page, context) {
	await page.goto('/');
	// Both sides run against a warm server (JIT, database caches), not the first one cold.
	await plainFetchLoop(page, 30);
	await context.setOffline(true);
	await queueReports(page, DRAIN_COUNT);
	// The drain starts on the browser's `online` event, exactly as after a real outage.
	const started = Date.now();
	await context.setOffline(false);
	// Polled from inside the page (a 50 ms granularity on a run of several seconds).
	await page.evaluate(async () => {
		const outboxCount = () =>
			new Promise((resolve) => {
				const request = indexedDB.open('ung-cuu-mot-cua');
				request.onsuccess = () => {
					const count = request.result.transaction('outbox').objectStore('outbox').count();
					count.onsuccess = () => {
						request.result.close();
						resolve(count.result);
					};
				};
			});
		while ((await outboxCount()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
	});
	const ours = Date.now() - started;

	const raw = await plainFetchLoop(page, DRAIN_COUNT);
	return { ours, raw };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'ucmc-bench-'));
// The loopback push service speaks HTTPS: the server trusts its certificate.
const pushService = await startPushService();
writeFileSync(path.join(dataDir, 'push-ca.pem'), pushService.cert);
const server = await startServer(dataDir, { NODE_EXTRA_CA_CERTS: path.join(dataDir, 'push-ca.pem'), PUSH_SERVICE_HOSTS: '127.0.0.1' });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
	const context = await browser.newContext({ baseURL: BASE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error('page error:', e.message));
	await signIn(page);

	const submit = await benchSubmit(page);
	const drain = await benchDrain(page, context);
	const push = await benchPush(BASE, pushService);
	const onboarding = await benchImport(BASE);

	const row = (name, ours, raw, target) =>
		`${name.padEnd(52)} ${ours.toFixed(1).padStart(9)} ms ${raw.toFixed(1).padStart(9)} ms ${(ours / raw).toFixed(2).padStart(6)}× (target ≤ ${target}×)`;
	console.log(`${'measure'.padEnd(52)} ${'app'.padStart(12)} ${'baseline'.padStart(12)}  ratio`);
	console.log(row('submit → saved on device (3 × 1 MB images)', submit.ours, submit.raw, 1.3));
	console.log(row(`drain ${DRAIN_COUNT} reports × 200 KB attachment`, drain.ours, drain.raw, 1.5));
	console.log(
		`${'report → push request leaves (p50 / p95, 100 reports)'.padEnd(52)} ${push.p50.toFixed(1).padStart(9)} ms ${push.rawP50.toFixed(1).padStart(9)} ms ${(push.p50 / push.rawP50).toFixed(2).padStart(6)}×  p95 ${push.p95.toFixed(1)} ms, raw ${push.rawP95.toFixed(1)} ms (target p95 < 1000 ms)`
	);
	console.log(row(`import ${onboarding.wards} wards × ${onboarding.people / onboarding.wards} people: apply`, onboarding.apply, onboarding.raw, 1.5));
	console.log(`${`import ${onboarding.wards} wards, ${onboarding.people} people: dry run`.padEnd(52)} ${onboarding.check.toFixed(1).padStart(9)} ms`);
} finally {
	await browser.close();
	server.kill();
	pushService.close();
	rmSync(dataDir, { recursive: true, force: true });
}
