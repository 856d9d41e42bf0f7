/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />
/// <reference types="vite-plugin-pwa/svelte" />
import type { Locale } from '$lib/domain/roles';
import type { Unit, User } from '$lib/server/db/schema';
import type { Scope } from '$lib/server/scope';

declare global {
	namespace App {
		interface Error {
			message: string;
			id?: string;
		}
		interface Locals {
			user: User | null;
			unit: Unit | null;
			scope: Scope;
			sessionId: string | null;
			locale: Locale;
		}
	}
}

export {};
