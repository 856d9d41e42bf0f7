/**
 * Finds a Chromium for the browser tests: $CHROMIUM_PATH, else one Playwright already has,
 * else Debian's /usr/bin/chromium. Playwright's own download cannot be relied on (closed
 * networks), so when none exists this says how to get one instead of failing obscurely.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags for a closed network and a root user (Debian's Chromium refuses the sandbox as root). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

export function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, playwrightChromium(), '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	const found = candidates.find((path) => path && existsSync(path));
	if (found) return found;
	throw new Error(
		'No Chromium found for the browser tests. On Debian or Ubuntu: `sudo apt-get install -y chromium` ' +
			'(or set CHROMIUM_PATH to a Chromium or Chrome executable).'
	);
}

function playwrightChromium() {
	try {
		return chromium.executablePath();
	} catch {
		return undefined;
	}
}
