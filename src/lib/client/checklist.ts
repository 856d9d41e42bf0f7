/**
 * The paper-form checklist, read from the public API. With no network the service worker
 * answers from the copy it keeps (fetched when the app was installed), so a plain fetch
 * is right here: it works the same on a display nobody signs in on.
 */
import { formFileUrl } from '$lib/domain/form-file-url';
import type { FormFileInfo, Procedure, ProcedureInput } from '$lib/domain/procedure';
import { m } from '$lib/paraglide/messages';
import { callApi } from './api';

export type ProceduresResult = { ok: true; items: Procedure[] } | { ok: false; reason: 'unavailable' };

/** `fresh`: past every cache (an administrator checking what was just saved). */
export async function fetchProcedures(options: { fresh?: boolean } = {}): Promise<ProceduresResult> {
	try {
		const response = await fetch('/api/public/procedures', { cache: options.fresh ? 'no-store' : 'default' });
		if (!response.ok) return { ok: false, reason: 'unavailable' };
		const body = (await response.json()) as { items: Procedure[] };
		keepFormFilesOffline(body.items);
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

/** Asks the service worker to keep every blank form file (new ones since the last visit). */
function keepFormFilesOffline(items: Procedure[]): void {
	const urls = items.flatMap((p) => p.files.map((f) => formFileUrl(p.id, f.id)));
	navigator.serviceWorker?.controller?.postMessage({ type: 'CACHE_FORM_FILES', urls });
}

export type UploadResult = { ok: true; file: FormFileInfo } | { ok: false; message: string };

/** Uploads a blank form file (multipart); the server checks what it really is. */
export async function uploadFormFile(procedureId: string, file: File): Promise<UploadResult> {
	const body = new FormData();
	body.append('file', file);
	try {
		const response = await fetch(`/api/procedures/${encodeURIComponent(procedureId)}/files`, { method: 'POST', body });
		const data = await response.json().catch(() => null);
		if (response.ok) return { ok: true, file: data.file as FormFileInfo };
		return { ok: false, message: data?.error?.message ?? m.api_unreachable({ status: response.status }) };
	} catch {
		return { ok: false, message: m.settings_needs_network() };
	}
}

export async function removeFormFile(procedureId: string, fileId: string): Promise<SaveResult> {
	const result = await callApi(`/api/procedures/${encodeURIComponent(procedureId)}/files/${fileId}`, { method: 'DELETE' });
	if (result.ok) return { ok: true };
	return { ok: false, message: result.reason === 'offline' ? m.settings_needs_network() : result.message };
}
