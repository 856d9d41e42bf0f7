/**
 * The public facts of wards, for the notice display. The chosen ward is remembered on the
 * device; its last answer is kept too, so the display can start with no network even if
 * the browser evicted the worker's cache.
 */
import { DEFAULT_NOTICE_VI, type PublicWard, type PublicWardSummary } from '$lib/domain/display';

const SLUG_KEY = 'ucmc.display.ward';
const wardKey = (slug: string) => `ucmc.display.wardData.${slug}`;

export const storedWardSlug = (): string | null => localStorage.getItem(SLUG_KEY);

export function storeWardSlug(slug: string | null): void {
	if (slug) localStorage.setItem(SLUG_KEY, slug);
	else localStorage.removeItem(SLUG_KEY);
}

/** `fresh`: the server answered now (a kept copy says nothing about the ward's status now). */
export type WardResult = { ok: true; ward: PublicWard; fresh: boolean } | { ok: false; reason: 'not_found' | 'unavailable' };

/** `fresh`: past every cache (an administrator checking what was just saved). */
export async function fetchPublicWard(slug: string, options: { fresh?: boolean } = {}): Promise<WardResult> {
	try {
		const response = await fetch(`/api/public/wards/${encodeURIComponent(slug)}`, {
			cache: options.fresh ? 'no-store' : 'no-cache'
		});
		if (response.status === 404) return { ok: false, reason: 'not_found' };
		if (response.ok) {
			const { ward } = (await response.json()) as { ward: PublicWard };
			localStorage.setItem(wardKey(slug), JSON.stringify(ward));
			// The worker answers from its copy when the server is unreachable: it says so.
			return { ok: true, ward, fresh: !response.headers.has('x-from-cache') };
		}
	} catch {
		// Offline and not in the worker's cache: try the device's own copy below.
	}
	const ward = keptWard(slug);
	return ward ? { ok: true, ward, fresh: false } : { ok: false, reason: 'unavailable' };
}

/** The device's own copy of the ward's last answer, read at once (no request, no worker). */
export function keptWard(slug: string): PublicWard | null {
	try {
		const ward = JSON.parse(localStorage.getItem(wardKey(slug)) ?? 'null') as PublicWard | null;
		return ward?.slug === slug ? ward : null;
	} catch {
		return null;
	}
}

/**
 * A ward the display knows only by its slug (never seen online): the official notice still
 * shows, with a generic welcome, until the network brings the ward's own facts.
 */
export function wardKnownBySlug(slug: string): PublicWard {
	return {
		slug,
		name: '',
		serviceCenterName: null,
		address: null,
		openingHours: null,
		notice: { text: DEFAULT_NOTICE_VI, isDefault: true, estimatedWait: null, audio: null },
		status: { state: 'normal' }
	};
}

export async function fetchPublicWards(): Promise<PublicWardSummary[] | null> {
	try {
		const response = await fetch('/api/public/wards');
		return response.ok ? ((await response.json()) as { items: PublicWardSummary[] }).items : null;
	} catch {
		return null;
	}
}
