import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// Kit's typed routes are not used; plain hrefs keep the pages simple to read.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// The shared domain runs in the page, the worker and the server: no I/O, no framework.
		files: ['src/lib/domain/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$app/*', '$lib/server/*', '$lib/client/*', 'dexie', 'node:*', 'drizzle-orm*'], message: 'src/lib/domain stays pure: zod and itself only.' }
					]
				}
			]
		}
	},
	{
		// Browser code must not reach server-only modules (Kit enforces this in builds, not in tests).
		files: ['src/lib/client/**/*.ts', 'src/lib/components/**/*.svelte', 'src/routes/**/*.svelte'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ group: ['$lib/server/*'], message: 'Server-only module.' }] }]
		}
	}
);
