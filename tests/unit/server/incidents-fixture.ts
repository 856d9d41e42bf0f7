/**
 * Shared pieces of the incident specs: a valid report body, a ward with its people, and
 * calls into the real route handlers with the event a signed-in request would carry.
 *
 * The routes read the database and file store through `$lib/server/runtime`; a spec mocks
 * that module to hand them its own (see `runtimeMock`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import type { ReportInput } from '$lib/domain/report';
import type { Locale } from '$lib/domain/roles';
import type { Database } from '$lib/server/db';
import type { Unit, User } from '$lib/server/db/schema';
import { diskBlobStore, type BlobStore } from '$lib/server/files/blob-store';
import { createUploadServer, type UploadServer } from '$lib/server/incidents/tus';
import type { Scope } from '$lib/server/scope';
import { afterAll, beforeAll } from 'vitest';
import { loadScope, makeProvince, makeUser, makeWard, useTestDatabase } from './test-db';

/** What the mocked runtime hands to the routes; a spec fills it in `beforeAll`. */
export const runtime: { db?: Database; store?: BlobStore; uploads?: UploadServer; dir?: string } = {};

export function runtimeMock() {
	return {
		getDb: () => runtime.db!,
		getBlobStore: () => runtime.store!,
		getUploadServer: () => runtime.uploads!,
		getDbKind: () => 'pglite'
	};
}

/** The test database plus a fresh DATA_DIR for the spec's routes (the runtime mock must still be declared in the spec). */
export function useIncidentRuntime(): ReturnType<typeof useTestDatabase> {
	const t = useTestDatabase();
	beforeAll(() => openFiles(t.db));
	afterAll(closeFiles);
	return t;
}

/** A fresh DATA_DIR for files and uploads, with the store and tus server on it. */
export function openFiles(db: Database): void {
	const dir = mkdtempSync(path.join(tmpdir(), 'ucmc-incidents-'));
	runtime.db = db;
	runtime.dir = dir;
	runtime.store = diskBlobStore(path.join(dir, 'files'));
	runtime.uploads = createUploadServer({ directory: path.join(dir, 'uploads'), db, store: runtime.store });
}

export function closeFiles(): void {
	if (runtime.dir) rmSync(runtime.dir, { recursive: true, force: true });
}

export const NOW = new Date('2026-11-25T02:30:00.000Z'); // 09:30 in Vietnam

/** ISO 8601 at +07:00, `minutes` after NOW (negative: before). */
export function at(minutes: number): string {
	const d = new Date(NOW.getTime() + minutes * 60_000 + 7 * 3600_000);
	return d.toISOString().replace('Z', '+07:00');
}

export function reportBody(overrides: Partial<ReportInput> = {}): ReportInput {
	return {
		category: 'internet_section',
		complexity: 'complex',
		description: 'Mất kết nối mạng toàn bộ Bộ phận Một cửa',
		scope: 'section',
		startedAt: at(-10),
		impactLevel: 'stopped',
		createdAt: at(0),
		...overrides
	};
}

export interface Person {
	user: User;
	scope: Scope;
}

export async function person(db: Database, options: Parameters<typeof makeUser>[1]): Promise<Person> {
	const user = await makeUser(db, options);
	return { user, scope: await loadScope(db, user) };
}

export interface WardFixture {
	province: Unit;
	ward: Unit;
	desks: Person[];
	responder: Person;
}

/** A province with one ward, `desks` desk officers and a Response Team member. */
export async function makeWardWithPeople(db: Database, desks = 2): Promise<WardFixture> {
	const province = await makeProvince(db);
	const ward = await makeWard(db, province.id);
	const people: Person[] = [];
	for (let i = 0; i < desks; i++) {
		people.push(await person(db, { role: 'desk_officer', unitId: ward.id, fullName: `Cán bộ quầy ${i + 1}` }));
	}
	const responder = await person(db, { role: 'ward_responder', unitId: ward.id, fullName: 'Tổ viên Ứng cứu' });
	return { province, ward, desks: people, responder };
}

type Handler = (event: RequestEvent) => Response | Promise<Response>;

/** Calls a route handler as Kit would, for a signed-in (or anonymous) caller. */
export function call(
	handler: unknown,
	caller: Person | null,
	options: {
		method?: string;
		path: string;
		params?: Record<string, string>;
		body?: BodyInit | null;
		headers?: Record<string, string>;
		locale?: Locale;
	}
): Promise<Response> {
	const url = new URL(options.path, 'http://localhost');
	const request = new Request(url, {
		method: options.method ?? 'GET',
		body: options.body ?? null,
		headers: options.headers,
		duplex: 'half'
	} as RequestInit);
	const event = {
		request,
		url,
		params: options.params ?? {},
		locals: {
			user: caller?.user ?? null,
			unit: null,
			scope: caller?.scope ?? { kind: 'none' },
			sessionId: null,
			locale: options.locale ?? 'vi'
		}
	} as unknown as RequestEvent;
	return Promise.resolve((handler as Handler)(event));
}

/** A PNG's signature followed by `size - 8` bytes of filler (sniffing reads only the start). */
export function png(size = 4096, fill = 7): Uint8Array {
	const bytes = new Uint8Array(size).fill(fill);
	bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return bytes;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

export async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
	const body = (await response.json()) as { error: { code: string; message: string } };
	return { status: response.status, code: body.error.code, message: body.error.message };
}
