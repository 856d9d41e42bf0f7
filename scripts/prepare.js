/**
 * `npm install` runs this: generate Kit's types and the compiled messages. A production
 * install (`npm ci --omit=dev`) has no build tools and needs neither, so it skips quietly.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/@sveltejs/kit') || !existsSync('node_modules/@inlang/paraglide-js')) {
	console.info('Build tools not installed (production install): skipping svelte-kit sync and message compilation.');
	process.exit(0);
}
execSync('svelte-kit sync', { stdio: 'inherit' });
execSync('npm run i18n', { stdio: 'inherit' });
