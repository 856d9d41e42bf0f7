/**
 * The paper-form checklist, read from the public API. With no network the service worker
 * answers from the copy it keeps (fetched when the app was installed), so a plain fetch
 * is right here: it works the same on a display nobody signs in on.
 */
import type { Procedure } from '$lib/domain/procedure';

export type ProceduresResult = { ok: true; items: Procedure[] } | { ok: false; reason: 'unavailable' };

export async function fetchProcedures(): Promise<ProceduresResult> {
	try {
		const response = await fetch('/api/public/procedures');
		if (!response.ok) return { ok: false, reason: 'unavailable' };
		const body = (await response.json()) as { items: Procedure[] };
		return { ok: true, items: body.items };
	} catch {
		return { ok: false, reason: 'unavailable' };
	}
}
