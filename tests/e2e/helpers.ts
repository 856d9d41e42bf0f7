import { expect, request, type BrowserContext, type CDPSession, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo1234';

/** Signs in through the sign-in page, as a person would, and waits for the home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/dang-nhap');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^(Xin chào|Hello), / })).toBeVisible();
}

/** Waits until the service worker has cached the app and controls this page. */
export async function waitUntilOfflineReady(page: Page): Promise<void> {
	await expect(page.getByTestId('offline-ready')).toHaveAttribute('data-ready', 'true');
	await expect(page.getByTestId('offline-ready')).toContainText('Sẵn sàng dùng ngoại tuyến');
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * An account made by the demo administrator through the API, for a spec that needs a person
 * of its own (one it may lock out, say). Returns the one-time password.
 */
export async function makeAccount(
	baseURL: string,
	person: { username: string; fullName: string; role: string; wardSlug?: string }
): Promise<string> {
	const api = await request.newContext({ baseURL });
	try {
		const signedIn = await api.post('/api/session', { data: { username: 'quantri', password: DEMO_PASSWORD } });
		expect(signedIn.ok()).toBe(true);
		const { items } = (await (await api.get('/api/admin/units')).json()) as { items: { id: string; slug: string }[] };
		const unit = items.find((u) => u.slug === (person.wardSlug ?? 'phuong-thai-hoa'));
		const created = await api.post('/api/admin/users', {
			data: { username: person.username, fullName: person.fullName, role: person.role, unitId: unit!.id }
		});
		expect(created.status()).toBe(201);
		return ((await created.json()) as { oneTimePassword: string }).oneTimePassword;
	} finally {
		await api.dispose();
	}
}

/**
 * The network cut as a device sees it. Playwright's offline mode fails every request; but
 * this Chromium (Debian's 150) leaves `navigator.onLine` true in a page loaded after the cut
 * (a reload, a new tab, a browser opened offline), which no real offline device does. So the
 * browser's own network-state emulation (DevTools `Network.overrideNetworkState`) is set too,
 * on every page of the context as it loads, until `restore()`.
 */
export async function cutNetwork(context: BrowserContext): Promise<{ restore(): Promise<void> }> {
	await context.setOffline(true);
	let offline = true;
	const sessions: CDPSession[] = [];
	const state = () => ({ offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
	const follow = async (page: Page) => {
		const cdp = await context.newCDPSession(page);
		sessions.push(cdp);
		const apply = () => cdp.send('Network.overrideNetworkState', state()).catch(() => {});
		page.on('domcontentloaded', () => void apply());
		await apply();
	};
	for (const page of context.pages()) await follow(page);
	context.on('page', (page) => void follow(page));
	return {
		async restore() {
			offline = false;
			await context.setOffline(false);
			await Promise.all(sessions.map((cdp) => cdp.send('Network.overrideNetworkState', state()).catch(() => {})));
		}
	};
}

/**
 * Every native dialog the page opens (alert, confirm, prompt), dismissed and its message kept:
 * the app asks in the page, so a test expects this list to stay empty.
 */
export function nativeDialogs(page: Page): string[] {
	const messages: string[] = [];
	page.on('dialog', (dialog) => {
		messages.push(dialog.message());
		void dialog.dismiss();
	});
	return messages;
}

/**
 * Earlier tests may have left an outage that stops intake open in the demo ward (a display
 * then shows the notice, not the welcome): the Response Team member signed in on `team`
 * resolves them first.
 */
export async function roomBackToNormal(team: Page): Promise<void> {
	const response = await team.request.get('/api/incidents?status=open&limit=100');
	const { items } = (await response.json()) as { items: { id: string; impactLevel: string }[] };
	for (const incident of items.filter((i) => i.impactLevel === 'stopped')) {
		const resolved = await team.request.post(`/api/incidents/${incident.id}/events`, {
			data: { type: 'resolve', note: 'Đã khắc phục trước khi kiểm tra màn hình thông báo' }
		});
		expect(resolved.status()).toBe(201);
	}
}
