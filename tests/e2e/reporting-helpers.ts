import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';

export const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A WebM file as far as any sniffer can tell: the EBML signature, then bytes. */
export function fakeWebm(size: number): Buffer {
	const bytes = randomBytes(size);
	Buffer.from([0x1a, 0x45, 0xdf, 0xa3]).copy(bytes, 0);
	return bytes;
}

/** Fills the form's required parts the way an officer does: pick, type, choose. */
export async function fillReport(page: Page, category: string, description: string): Promise<void> {
	await page.getByLabel('Loại sự cố').selectOption({ label: category });
	await page.getByLabel('Mô tả sự cố (bắt buộc)').fill(description);
}

/**
 * PrintScreen, then Ctrl+V: a `paste` event carrying a PNG made by a canvas in the page.
 * Returns the PNG's bytes (base64) as the page made them.
 */
export async function pasteScreenshot(page: Page, text: string): Promise<Buffer> {
	const base64 = await page.evaluate(async (label) => {
		const canvas = document.createElement('canvas');
		canvas.width = 640;
		canvas.height = 200;
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#fff';
		g.fillRect(0, 0, 640, 200);
		g.fillStyle = '#c00';
		g.font = '28px sans-serif';
		g.fillText(label, 20, 100);
		const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
		const data = new DataTransfer();
		data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
		document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let binary = '';
		for (const b of bytes) binary += String.fromCharCode(b);
		return btoa(binary);
	}, text);
	return Buffer.from(base64, 'base64');
}

export interface DeviceRow {
	reports: { id: string; state: string; body: { category: string; startedAt: string; description: string } }[];
	attachments: { id: string; reportId: string; sha256: string; size: number; name: string }[];
	outbox: number;
}

/** What the device's own database holds, read with the browser's IndexedDB API. */
export async function readDevice(page: Page): Promise<DeviceRow> {
	return page.evaluate(
		() =>
			new Promise<DeviceRow>((resolve, reject) => {
				const open = indexedDB.open('ung-cuu-mot-cua');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['reports', 'attachments', 'outbox'], 'readonly');
					const reports = tx.objectStore('reports').getAll();
					const attachments = tx.objectStore('attachments').getAll();
					const outbox = tx.objectStore('outbox').count();
					tx.oncomplete = () => {
						resolve({
							reports: reports.result,
							attachments: attachments.result.map((a: DeviceRow['attachments'][number]) => ({
								id: a.id,
								reportId: a.reportId,
								sha256: a.sha256,
								size: a.size,
								name: a.name
							})),
							outbox: outbox.result
						});
						db.close();
					};
				};
			})
	);
}


/**
 * A plain TCP pipe in front of the app server that can be switched off: a real network cut
 * between a browser and the server that holds across a browser restart (Playwright's offline
 * mode starts only once a context is running, after the worker may already have synced).
 * A browser using it sees the origin of the pipe throughout, so its storage stays one origin.
 */
export async function networkSwitch(target: URL): Promise<{ url: string; up: boolean; close(): Promise<void> }> {
	const { createServer, connect } = await import('node:net');
	const sockets = new Set<import('node:net').Socket>();
	const state = { up: true };
	const server = createServer((client) => {
		if (!state.up) return client.destroy();
		const upstream = connect(Number(target.port), target.hostname);
		sockets.add(client).add(upstream);
		client.pipe(upstream).pipe(client);
		const drop = () => {
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};
		client.on('error', drop).on('close', drop);
		upstream.on('error', drop).on('close', drop);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as import('node:net').AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		get up() {
			return state.up;
		},
		set up(value: boolean) {
			state.up = value;
			if (!value) for (const socket of sockets) socket.destroy();
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/**
 * A browser context whose network can really be cut — for the pages (Playwright's offline
 * mode) and for the service worker too (the TCP pipe), which Chromium may start fresh for a
 * sync event outside the offline emulation.
 */
export async function cuttableContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}) {
	const network = await networkSwitch(new URL(baseURL));
	const context = await browser.newContext({
		baseURL: network.url,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		serviceWorkers: 'allow',
		...options
	});
	const page = await context.newPage();
	return {
		network,
		context,
		page,
		async off() {
			await context.setOffline(true);
			network.up = false;
		},
		async on() {
			network.up = true;
			await context.setOffline(false);
		},
		async close() {
			await context.close();
			await network.close();
		}
	};
}
