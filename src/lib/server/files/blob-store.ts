/**
 * Content-addressed file storage on local disk (the single-machine default, DESIGN.md §3):
 * the SHA-256 of the bytes is the file's name, so a repeat upload is stored once and a
 * stored file can always be checked against its address. Several instances would put an
 * S3-compatible store behind this same small interface.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
	put(bytes: Uint8Array): Promise<string>;
	get(sha256: string): Promise<Uint8Array<ArrayBuffer> | null>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function diskBlobStore(root: string): BlobStore {
	const where = (sha: string) => path.join(root, sha.slice(0, 2), sha);
	return {
		async put(bytes) {
			const sha = sha256Hex(bytes);
			const file = where(sha);
			await mkdir(path.dirname(file), { recursive: true });
			// Write beside, then rename: a reader never sees half a file.
			const partial = `${file}.${process.pid}.partial`;
			await writeFile(partial, bytes);
			await rename(partial, file);
			return sha;
		},
		async get(sha) {
			if (!SHA256.test(sha)) return null;
			try {
				return new Uint8Array(await readFile(where(sha)));
			} catch {
				return null;
			}
		}
	};
}
