/** Blank form files: what they really are decides, bytes are stored once by their hash. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FORM_FILE_MAX_BYTES } from '$lib/domain/file-type';
import { addFormFile, readFormFile, removeFormFile } from '$lib/server/checklist/form-files.service';
import { listProcedures, seedProcedures } from '$lib/server/checklist/procedures.service';
import { diskBlobStore, sha256Hex, type BlobStore } from '$lib/server/files/blob-store';
import { openTestDatabase, resetDatabase, type TestDatabase } from './test-db';

let t: TestDatabase;
let dir: string;
let store: BlobStore;
beforeAll(async () => {
	t = await openTestDatabase();
	dir = mkdtempSync(path.join(tmpdir(), 'ucmc-blobs-'));
	store = diskBlobStore(dir);
});
afterAll(async () => {
	await t?.close();
	rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
	await resetDatabase(t.db);
	await seedProcedures(t.db);
});

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('blank form files', () => {
	it('are stored by their SHA-256, listed with their procedure, and read back byte for byte', async () => {
		const added = await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'To khai khai sinh.pdf', bytes: pdf });
		expect(added).toMatchObject({ ok: true, file: { name: 'To khai khai sinh.pdf', type: 'application/pdf', size: pdf.byteLength } });
		const sha = sha256Hex(pdf);
		expect(readdirSync(path.join(dir, sha.slice(0, 2)))).toEqual([sha]);

		const listed = (await listProcedures(t.db)).find((p) => p.id === 'dang-ky-khai-sinh')!;
		expect(listed.files).toHaveLength(1);
		const read = await readFormFile(t.db, store, 'dang-ky-khai-sinh', listed.files[0]!.id);
		expect(Buffer.from(read!.bytes).equals(Buffer.from(pdf))).toBe(true);
		// The same bytes under another procedure are stored once.
		await addFormFile(t.db, store, 'dang-ky-khai-tu', { name: 'ban-sao.pdf', bytes: pdf });
		expect(readdirSync(path.join(dir, sha.slice(0, 2)))).toEqual([sha]);
	});

	it('refuse a renamed program, a picture called .pdf, an empty file, an oversize one and an unknown procedure', async () => {
		const exe = new TextEncoder().encode('MZ\u0090\u0000 this program cannot be run in DOS mode');
		expect(await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'mau.pdf', bytes: exe })).toEqual({ ok: false, reason: 'file_type_refused' });
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
		expect(await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'mau.pdf', bytes: png })).toEqual({ ok: false, reason: 'file_type_refused' });
		expect(await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'mau.pdf', bytes: new Uint8Array() })).toEqual({ ok: false, reason: 'file_required' });
		const big = new Uint8Array(FORM_FILE_MAX_BYTES + 1);
		big.set(pdf);
		expect(await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'mau.pdf', bytes: big })).toEqual({ ok: false, reason: 'file_too_large' });
		expect(await addFormFile(t.db, store, 'khong-co', { name: 'mau.pdf', bytes: pdf })).toEqual({ ok: false, reason: 'not_found' });
		expect((await listProcedures(t.db)).flatMap((p) => p.files)).toEqual([]);
	});

	it('keep only the base name of what the browser sent', async () => {
		const added = await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'C:\\Users\\motcua\\To khai.pdf', bytes: pdf });
		expect(added.ok && added.file.name).toBe('To khai.pdf');
	});

	it('are removed from their procedure only, and unknown ids answer nothing', async () => {
		const added = await addFormFile(t.db, store, 'dang-ky-khai-sinh', { name: 'a.pdf', bytes: pdf });
		const id = added.ok ? added.file.id : '';
		expect(await removeFormFile(t.db, 'dang-ky-khai-tu', id)).toBe(false);
		expect(await readFormFile(t.db, store, 'dang-ky-khai-tu', id)).toBeNull();
		expect(await readFormFile(t.db, store, 'dang-ky-khai-sinh', 'not-a-uuid')).toBeNull();
		expect(await removeFormFile(t.db, 'dang-ky-khai-sinh', id)).toBe(true);
		expect(await readFormFile(t.db, store, 'dang-ky-khai-sinh', id)).toBeNull();
	});
});
