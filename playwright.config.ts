import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { loopbackCertificate } from './tests/loopback-cert';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.js';

// E2E_PORT lets two runs (say, a focused spec and the full suite) share a machine.
const PORT = Number(process.env.E2E_PORT ?? 4173);

// The loopback push service of the push spec speaks HTTPS like a real one; the server under
// test trusts its certificate (made once here, read by the spec from the same place).
const PUSH_CERT_DIR = path.resolve('.e2e-push');
if (!existsSync(path.join(PUSH_CERT_DIR, 'cert.pem'))) {
	const { key, cert } = loopbackCertificate(30);
	mkdirSync(PUSH_CERT_DIR, { recursive: true });
	writeFileSync(path.join(PUSH_CERT_DIR, 'key.pem'), key);
	writeFileSync(path.join(PUSH_CERT_DIR, 'cert.pem'), cert);
}

// End-to-end tests run against the built app (`npm run build`), served as in production,
// on a fresh embedded database with the demo data.
export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	// One browser at a time: the machines have two cores and the server needs one.
	workers: 1,
	fullyParallel: false,
	forbidOnly: Boolean(process.env.CI),
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		serviceWorkers: 'allow',
		launchOptions: {
			executablePath: findChromium(),
			args: CHROMIUM_ARGS
		}
	},
	webServer: {
		command: 'rm -rf .e2e-data && node scripts/serve.js',
		url: `http://127.0.0.1:${PORT}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATA_DIR: '.e2e-data',
			NODE_EXTRA_CA_CERTS: path.join(PUSH_CERT_DIR, 'cert.pem'),
			// The push spec's loopback push service stands in for the browsers' real ones.
			PUSH_SERVICE_HOSTS: '127.0.0.1'
		}
	}
});
