import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.js';

/**
 * A real browser profile on disk, as an installed app or a kiosk display has: it can be
 * closed and opened again with its service worker and caches intact (Playwright's own
 * contexts are incognito-like and forget everything).
 */
export async function withProfile<T>(
	baseURL: string,
	run: (open: (options?: { offline?: boolean }) => Promise<BrowserContext>) => Promise<T>
): Promise<T> {
	const dir = mkdtempSync(path.join(tmpdir(), 'ucmc-profile-'));
	const contexts: BrowserContext[] = [];
	const open = async ({ offline = false } = {}) => {
		const context = await chromium.launchPersistentContext(dir, {
			executablePath: findChromium(),
			args: CHROMIUM_ARGS,
			baseURL,
			locale: 'vi-VN',
			timezoneId: 'Asia/Ho_Chi_Minh',
			// Reopened with the network already off, as a PC that starts without it.
			offline
		});
		contexts.push(context);
		return context;
	};
	try {
		return await run(open);
	} finally {
		for (const context of contexts) await context.close().catch(() => {});
		rmSync(dir, { recursive: true, force: true });
	}
}
