/**
 * Files as they arrive: written to disk chunk by chunk while their SHA-256 is computed, so a
 * 25 MB upload never sits whole in memory and is never read twice.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';

export interface ReceivedFile {
	path: string;
	size: number;
	sha256: string;
	/** The first bytes, for type sniffing. */
	head: Uint8Array;
}

/** The body went over `limit` bytes; the file was removed. */
export class TooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`over ${limit} bytes`);
	}
}

/** The body stream failed (the client went away, or the adapter refused it); the file was removed. */
export class BodyError extends Error {
	constructor(override readonly cause: unknown) {
		super('request body failed');
	}
}

const HEAD_BYTES = 64;

/** A pass-through that hashes, counts and keeps the first bytes. */
function digester(limit: number) {
	const hash = createHash('sha256');
	let size = 0;
	let head = Buffer.alloc(0);
	const transform = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			size += chunk.length;
			if (size > limit) return done(new TooLargeError(limit));
			if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
			hash.update(chunk);
			done(null, chunk);
		}
	});
	return { transform, result: () => ({ size, sha256: hash.digest('hex'), head: new Uint8Array(head) }) };
}

/** Writes `body` to `path` (created), stopping at `limit` bytes. */
export async function receiveToFile(
	body: ReadableStream<Uint8Array> | null,
	path: string,
	limit: number
): Promise<ReceivedFile> {
	const { transform, result } = digester(limit);
	const source = body ? Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>) : Readable.from([]);
	let sourceError: unknown = null;
	source.once('error', (err) => (sourceError = err));
	try {
		await pipeline(source, transform, createWriteStream(path));
	} catch (err) {
		await unlink(path).catch(() => {});
		if (err instanceof TooLargeError) {
			// Stop reading the rest: the caller answers at once and closes the connection.
			source.destroy();
			throw err;
		}
		throw sourceError ? new BodyError(sourceError) : err;
	}
	return { path, ...result() };
}

/** The SHA-256, size and first bytes of a file already on disk (a finished tus upload). */
export async function digestFile(path: string): Promise<ReceivedFile> {
	const { transform, result } = digester(Number.MAX_SAFE_INTEGER);
	await pipeline(createReadStream(path), transform, async (chunks: AsyncIterable<Buffer>) => {
		for await (const _ of chunks);
	});
	return { path, ...result() };
}

/** A small body (a JSON request, a notice recording) read whole into memory, stopping at `limit` bytes. */
export async function receiveBytes(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
	if (!body) return new Uint8Array();
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch (err) {
			throw new BodyError(err);
		}
		if (chunk.done) break;
		size += chunk.value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			throw new TooLargeError(limit);
		}
		chunks.push(chunk.value);
	}
	return new Uint8Array(Buffer.concat(chunks));
}
