/**
 * The report's path on the device, for `npm run bench`, in headless Chromium against the
 * built app, each next to raw IndexedDB writing the same thing in the same run:
 *
 * 1. Submit → "saved on device" with three 1 MB images already attached (they were stored
 *    when attached), next to one raw transaction writing the same rows: the report, its
 *    outbox entries (the report and each file), the draft removed. Target ≤ 1.3×.
 * 2. Attach and submit: from choosing the three images to "saved on device", next to one raw
 *    transaction writing the report and the same three 1 MB blobs. Target ≤ 1.5×.
 * 3. Draining 200 queued reports with one 200 KB attachment each, next to a minimal loop that
 *    sends the same requests (same count, bytes and concurrency: one at a time) with plain
 *    fetch. Target ≤ 1.5×.
 */
import { randomBytes } from 'node:crypto';
import { percentile } from './bench-server.mjs';

const SUBMIT_RUNS = Number(process.env.BENCH_SUBMIT_RUNS ?? 7);
export const DRAIN_COUNT = Number(process.env.BENCH_DRAIN_COUNT ?? 200);
const MB = 1024 * 1024;
/** The fixed part of every report both drain measurements send (a printer jam never groups). */
const REPORT_TEMPLATE = { category: 'printer_jam', complexity: 'simple', scope: 'desk', impactLevel: 'none' };

export async function signIn(page) {
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

const images = () => [1, 2, 3].map((n) => ({ name: `anh-${n}.png`, mimeType: 'image/png', buffer: fakePng(MB) }));

/** In the page: clicks "Gửi báo cáo" and resolves with the ms until the confirmation is in the document. */
function clickSubmitAndTime(page) {
	return page.evaluate(
		() =>
			new Promise((resolve) => {
				const t0 = performance.now();
				const observer = new MutationObserver(() => {
					if (document.querySelector('[data-testid=report-saved]')) {
						observer.disconnect();
						resolve(performance.now() - t0);
					}
				});
				observer.observe(document.body, { childList: true, subtree: true });
				document.querySelector('button[type=submit]').click();
			})
	);
}

/**
 * In the page, so that no file crosses from the test to the browser inside the timing: three
 * 1 MB images are chosen in the file input, and the moment the three are listed "Gửi báo cáo"
 * is clicked; resolves with the ms from choosing to the confirmation.
 */
function attachAndSubmitInPage(page) {
	return page.evaluate(
		() =>
			new Promise((resolve) => {
				const files = [1, 2, 3].map((n) => {
					const bytes = new Uint8Array(1024 * 1024);
					crypto.getRandomValues(bytes.subarray(0, 65536));
					bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
					return new File([bytes], `anh-${n}.png`, { type: 'image/png' });
				});
				const input = document.querySelector('[data-testid=attach-file]');
				let submitted = false;
				const t0 = performance.now();
				const observer = new MutationObserver(() => {
					if (!submitted && document.querySelectorAll('[data-testid=attachment]').length === 3) {
						submitted = true;
						document.querySelector('button[type=submit]').click();
					}
					if (document.querySelector('[data-testid=report-saved]')) {
						observer.disconnect();
						resolve(performance.now() - t0);
					}
				});
				observer.observe(document.body, { childList: true, subtree: true });
				const chosen = new DataTransfer();
				for (const file of files) chosen.items.add(file);
				input.files = chosen.files;
				input.dispatchEvent(new Event('change', { bubbles: true }));
			})
	);
}

async function fillForm(page, run) {
	await page.goto('/bao-cao/moi');
	await page.getByLabel('Loại sự cố').selectOption('printer_jam');
	await page.getByLabel('Mô tả sự cố (bắt buộc)').fill(`Máy in kẹt giấy — lần đo ${run + 1}`);
}

/** The raw side: one IndexedDB transaction per run, on a database shaped like the app's. */
function rawWrites(page, { withBlobs, runs }) {
	return page.evaluate(
		async ([blobs, n]) => {
			const open = () =>
				new Promise((resolve, reject) => {
					const request = indexedDB.open(`bench-raw-${blobs ? 'blobs' : 'rows'}`, 1);
					request.onupgradeneeded = () => {
						const db = request.result;
						db.createObjectStore('drafts', { keyPath: 'userId' });
						db.createObjectStore('reports', { keyPath: 'id' });
						db.createObjectStore('attachments', { keyPath: 'id' }).createIndex('reportId', 'reportId');
						db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
					};
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
			const db = await open();
			const times = [];
			for (let run = 0; run < n; run++) {
				const id = crypto.randomUUID();
				const files = [1, 2, 3].map((i) => {
					const bytes = new Uint8Array(1024 * 1024);
					crypto.getRandomValues(bytes.subarray(0, 65536));
					return { id: crypto.randomUUID(), reportId: id, name: `anh-${i}.png`, blob: new Blob([bytes], { type: 'image/png' }) };
				});
				// The draft the submit removes is there first, as in the app.
				await new Promise((resolve) => {
					const tx = db.transaction('drafts', 'readwrite');
					tx.objectStore('drafts').put({ userId: 'u', reportId: id });
					tx.oncomplete = resolve;
				});
				const started = performance.now();
				await new Promise((resolve, reject) => {
					const tx = db.transaction(['drafts', 'reports', 'attachments', 'outbox'], 'readwrite');
					const body = { category: 'printer_jam', description: 'Máy in kẹt giấy', scope: 'desk' };
					if (blobs) for (const f of files) tx.objectStore('attachments').put(f);
					else tx.objectStore('attachments').index('reportId').getAllKeys(id);
					tx.objectStore('reports').add({ id, userId: 'u', body, state: 'queued', queuedAt: Date.now() });
					tx.objectStore('outbox').add({ userId: 'u', kind: 'report', reportId: id, attempts: 0 });
					for (const f of files) tx.objectStore('outbox').add({ userId: 'u', kind: 'attachment', reportId: id, attachmentId: f.id, attempts: 0 });
					tx.objectStore('drafts').delete('u');
					tx.oncomplete = resolve;
					tx.onerror = () => reject(tx.error);
				});
				times.push(performance.now() - started);
			}
			db.close();
			return times;
		},
		[withBlobs, runs]
	);
}

/** Both submit measurements: `{ submit: { ours, raw }, attachAndSubmit: { ours, raw } }` (medians, ms). */
export async function benchSubmit(page) {
	const submit = [];
	const attachAndSubmit = [];
	// One unmeasured run first: both sides are then timed warm.
	for (let run = -1; run < SUBMIT_RUNS; run++) {
		await fillForm(page, run);
		await page.getByTestId('attach-file').setInputFiles(images());
		await page.getByTestId('attachment').nth(2).waitFor();
		const ms = await clickSubmitAndTime(page);
		if (run >= 0) submit.push(ms);

		await fillForm(page, run);
		const total = await attachAndSubmitInPage(page);
		if (run >= 0) attachAndSubmit.push(total);
	}
	const rawRows = await rawWrites(page, { withBlobs: false, runs: SUBMIT_RUNS });
	const rawBlobs = await rawWrites(page, { withBlobs: true, runs: SUBMIT_RUNS });
	return {
		submit: { ours: percentile(submit, 0.5), raw: percentile(rawRows, 0.5) },
		attachAndSubmit: { ours: percentile(attachAndSubmit, 0.5), raw: percentile(rawBlobs, 0.5) }
	};
}

/** Queues reports straight into the device database, in the rows the app itself writes. */
async function queueReports(page, count) {
	await page.evaluate(
		async ([n, template]) => {
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
		},
		[count, REPORT_TEMPLATE]
	);
}

/** The same requests with plain fetch: one report PUT and one attachment PUT each, in turn. */
function plainFetchLoop(page, count) {
	return page.evaluate(
		async ([n, template]) => {
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
		},
		[count, REPORT_TEMPLATE]
	);
}

export async function benchDrain(page, context) {
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
