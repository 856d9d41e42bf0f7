/** Blank form files attached to procedures: checked for what they really are, stored once. */
import { and, asc, eq } from 'drizzle-orm';
import { extensionMatches, FORM_FILE_MAX_BYTES, sniffFormFileType } from '$lib/domain/file-type';
import type { FormFileInfo } from '$lib/domain/procedure';
import { hasControlCharacters } from '$lib/domain/text';
import type { Database } from '../db';
import { procedureFiles, procedures } from '../db/schema';
import type { BlobStore } from '../files/blob-store';

export type AddFileResult =
	| { ok: true; file: FormFileInfo }
	| { ok: false; reason: 'not_found' | 'file_required' | 'file_too_large' | 'file_type_refused' };

export async function addFormFile(
	db: Database,
	store: BlobStore,
	procedureId: string,
	upload: { name: string; bytes: Uint8Array }
): Promise<AddFileResult> {
	const [procedure] = await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.id, procedureId)).limit(1);
	if (!procedure) return { ok: false, reason: 'not_found' };
	if (upload.bytes.byteLength === 0) return { ok: false, reason: 'file_required' };
	if (upload.bytes.byteLength > FORM_FILE_MAX_BYTES) return { ok: false, reason: 'file_too_large' };
	// Browsers send a base name; anything path-like or odd is cut down to a plain name.
	const name = (upload.name.split(/[\\/]/).pop() ?? '').trim().slice(0, 200);
	const type = sniffFormFileType(upload.bytes);
	if (!type || !name || hasControlCharacters(name) || !extensionMatches(name, type)) {
		return { ok: false, reason: 'file_type_refused' };
	}
	const sha256 = await store.put(upload.bytes);
	const [row] = await db
		.insert(procedureFiles)
		.values({ procedureId, name, type, size: upload.bytes.byteLength, sha256 })
		.returning();
	return { ok: true, file: { id: row!.id, name: row!.name, type: row!.type, size: row!.size } };
}

export async function removeFormFile(db: Database, procedureId: string, fileId: string): Promise<boolean> {
	if (!UUID.test(fileId)) return false;
	const removed = await db
		.delete(procedureFiles)
		.where(and(eq(procedureFiles.procedureId, procedureId), eq(procedureFiles.id, fileId)))
		.returning({ id: procedureFiles.id });
	return removed.length === 1;
}

export async function readFormFile(
	db: Database,
	store: BlobStore,
	procedureId: string,
	fileId: string
): Promise<{ file: FormFileInfo; bytes: Uint8Array<ArrayBuffer> } | null> {
	if (!UUID.test(fileId)) return null;
	const [row] = await db
		.select()
		.from(procedureFiles)
		.where(and(eq(procedureFiles.procedureId, procedureId), eq(procedureFiles.id, fileId)))
		.limit(1);
	if (!row) return null;
	const bytes = await store.get(row.sha256);
	return bytes ? { file: { id: row.id, name: row.name, type: row.type, size: row.size }, bytes } : null;
}

/** Files by procedure: all of them (the checklist listing), or one procedure's. */
export async function listFormFiles(db: Database, procedureId?: string): Promise<Map<string, FormFileInfo[]>> {
	const rows = await db
		.select()
		.from(procedureFiles)
		.where(procedureId ? eq(procedureFiles.procedureId, procedureId) : undefined)
		.orderBy(asc(procedureFiles.createdAt));
	const byProcedure = new Map<string, FormFileInfo[]>();
	for (const row of rows) {
		const list = byProcedure.get(row.procedureId) ?? [];
		list.push({ id: row.id, name: row.name, type: row.type, size: row.size });
		byProcedure.set(row.procedureId, list);
	}
	return byProcedure;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
