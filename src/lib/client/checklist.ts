/**
 * The paper-form checklist, read from the public API. With no network the service worker
 * answers from the copy it keeps (fetched when the app was installed), so a plain fetch
 * is right here: it works the same on a display nobody signs in on.
 */
import type { Procedure, ProcedureInput } from '$lib/domain/procedure';
import { m } from '$lib/paraglide/messages';
import { callApi } from './api';

export type ProceduresResult = { ok: true; items: Procedure[] } | { ok: false; reason: 'unavailable' };

/** `fresh`: past every cache (an administrator checking what was just saved). */
export async function fetchProcedures(options: { fresh?: boolean } = {}): Promise<ProceduresResult> {
	try {
		const response = await fetch('/api/public/procedures', { cache: options.fresh ? 'no-store' : 'default' });
		if (!response.ok) return { ok: false, reason: 'unavailable' };
		const body = (await response.json()) as { items: Procedure[] };
		return { ok: true, items: body.items };
	} catch {
		return { ok: false, reason: 'unavailable' };
	}
}

export type ProcedureForReview = Procedure & { reviewNote: string | null };
export type ReviewResult = { ok: true; procedure: ProcedureForReview } | { ok: false; message: string };

export async function loadProcedureForReview(id: string): Promise<ReviewResult> {
	const result = await callApi<{ procedure: ProcedureForReview }>(`/api/procedures/${encodeURIComponent(id)}`);
	if (result.ok) return { ok: true, procedure: result.data.procedure };
	return { ok: false, message: result.reason === 'offline' ? m.settings_needs_network() : result.message };
}

export type SaveResult = { ok: true } | { ok: false; message: string; field?: string };

export async function saveProcedure(id: string, input: ProcedureInput): Promise<SaveResult> {
	const result = await callApi(`/api/procedures/${encodeURIComponent(id)}`, { method: 'PUT', body: input });
	if (result.ok) return { ok: true };
	if (result.reason === 'offline') return { ok: false, message: m.settings_needs_network() };
	return { ok: false, message: result.message, field: result.reason === 'unauthenticated' ? undefined : result.field };
}
