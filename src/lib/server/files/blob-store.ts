/**
 * Content-addressed file storage on local disk (the single-machine default, DESIGN.md §3):
 * the SHA-256 of the bytes is the file's name, so a repeat upload is stored once and a
 * stored file can always be checked against its address. Several instances would put an
 * S3-compatible store behind this same small interface.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

export interface BlobStore {
	put(bytes: Uint8Array): Promise<string>;
	get(sha256: string): Promise<Uint8Array<ArrayBuffer> | null>;
	/**
	 * A fresh path, inside the store's folder, for a file about to be received: on the same
	 * disk as the blobs, so that `adopt` is a rename, never a copy of 25 MB.
	 */
	tempPath(): Promise<string>;
	/**
	 * Moves `file` in as the blob `sha256`, which the caller computed while receiving it
	 * (the store does not read it again). The file is gone afterwards either way: a blob
	 * already stored under that address is the same bytes.
	 */
	adopt(file: string, sha256: string): Promise<void>;
	/** The stored bytes as a stream, with their size, without reading them into memory. */
	open(sha256: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | null>;
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
		},
		async tempPath() {
			const dir = path.join(root, 'incoming');
			await mkdir(dir, { recursive: true });
			return path.join(dir, `${process.pid}-${randomBytes(12).toString('hex')}`);
		},
		async adopt(file, sha) {
			if (!SHA256.test(sha)) throw new Error(`Not a SHA-256: ${sha}`);
			const target = where(sha);
			await mkdir(path.dirname(target), { recursive: true });
			try {
				await rename(file, target);
			} catch (err) {
				// Another disk (e.g. tus uploads kept elsewhere): copy beside, then rename.
				if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
				const partial = `${target}.${process.pid}.partial`;
				await copyFile(file, partial);
				await rename(partial, target);
				await unlink(file).catch(() => {});
			}
		},
		async open(sha) {
			if (!SHA256.test(sha)) return null;
			const file = where(sha);
			try {
				const { size } = await stat(file);
				const stream = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
				return { size, stream };
			} catch {
				return null;
			}
		}
	};
}
