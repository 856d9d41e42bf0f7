// Renders the app's icons (static/icons/*.png, static/favicon.{svg,png}) from the inline
// SVGs below, using Playwright with Debian's Chromium. Re-run after changing a symbol:
//   node scripts/make-icons.mjs
import { chromium } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const BLUE = '#0b4f8a'; // theme colour
const RED = '#b3261e'; // "report an incident" shortcut
const staticDir = fileURLToPath(new URL('../static/', import.meta.url));

// Symbols are drawn on a 100×100 grid centred on (50,50) and stay within radius ~35 of it.
// App symbol: a white shield carrying an exclamation mark (incident response).
const shield = `
  <path fill="#fff" d="M50 17 L76 26 V47 C76 63 65 75 50 83 C35 75 24 63 24 47 V26 Z"/>
  <rect fill="${BLUE}" x="46" y="30" width="8" height="30" rx="4"/>
  <circle fill="${BLUE}" cx="50" cy="69.5" r="4.8"/>`;

// "Báo sự cố": a white alert triangle (corners rounded by a same-colour stroke).
const alert = `
  <path fill="#fff" stroke="#fff" stroke-width="9" stroke-linejoin="round" d="M50 22 L80 75 H20 Z"/>
  <rect fill="${RED}" x="46.25" y="39" width="7.5" height="21" rx="3.75"/>
  <circle fill="${RED}" cx="50" cy="67" r="4.2"/>`;

// "Thông báo cho người dân": a white megaphone with two sound waves.
const megaphone = `
  <g transform="translate(-3 0)">
    <rect fill="#fff" x="22" y="40" width="11" height="20" rx="3"/>
    <path fill="#fff" d="M31 40 L61 27 Q65 25.5 65 30 V70 Q65 74.5 61 73 L31 60 Z"/>
    <path fill="#fff" d="M33 58 H42 L45.5 73 Q46 76 43 76 H40 Q38 76 37.5 74 Z"/>
    <path fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" d="M73 41 Q77 50 73 59 M80 34 Q87 50 80 66"/>
  </g>`;

// Wrappers: a rounded square for "any" icons, full bleed for maskable/Apple (the platform
// applies its own mask; the symbol is shrunk well inside the 80% safe zone).
const rounded = (bg, symbol) =>
	`<rect width="100" height="100" rx="22" fill="${bg}"/>${symbol}`;
const fullBleed = (bg, symbol, scale) =>
	`<rect width="100" height="100" fill="${bg}"/>` +
	`<g transform="translate(50 50) scale(${scale}) translate(-50 -50)">${symbol}</g>`;
const svg = (body, size) =>
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"` +
	(size ? ` width="${size}" height="${size}"` : '') + `>${body}</svg>`;

const appIcon = rounded(BLUE, shield);
const icons = [
	// [file under static/, size, body, opaque?]
	['icons/icon-192.png', 192, appIcon, false],
	['icons/icon-512.png', 512, appIcon, false],
	['icons/maskable-512.png', 512, fullBleed(BLUE, shield, 0.8), true],
	['icons/apple-touch-icon-180.png', 180, fullBleed(BLUE, shield, 0.9), true],
	['icons/shortcut-report-96.png', 96, rounded(RED, alert), false],
	['icons/shortcut-notice-96.png', 96, rounded(BLUE, megaphone), false],
	['favicon.png', 48, appIcon, false]
];

await mkdir(staticDir + 'icons', { recursive: true });
await writeFile(staticDir + 'favicon.svg', svg(appIcon) + '\n');

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--disable-sync', '--no-first-run']
});
try {
	const page = await browser.newPage({ deviceScaleFactor: 1 });
	for (const [file, size, body, opaque] of icons) {
		await page.setViewportSize({ width: size, height: size });
		await page.setContent(
			`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>` +
				svg(body, size)
		);
		const path = staticDir + file;
		await page.screenshot({ path, omitBackground: !opaque });
		// Check the PNG header (IHDR width/height at bytes 16–23) matches the intended size.
		const png = await readFile(path);
		const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
		if (w !== size || h !== size) throw new Error(`${file}: got ${w}×${h}, want ${size}×${size}`);
		console.log(`static/${file}  ${w}×${h}`);
	}
} finally {
	await browser.close();
}
