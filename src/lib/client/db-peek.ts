/**
 * Reads of the device database without Dexie. Every page asks "who is signed in on this
 * device?" — sign-in and the public checklist included — and Dexie (30 KB of gzip) is worth
 * loading only on the pages that work with the device's data, or once something is written.
 *
 * It never creates the database: a device that has none has nothing to read, and Dexie
 * creates it with its schema when a page needs it. Each read opens its own connection and
 * closes it at once, so it never holds up Dexie's upgrade to a newer version.
 */

/** The database's name; `db.ts` opens the same one with Dexie. */
export const DEVICE_DB_NAME = 'ung-cuu-mot-cua';

/** The row stored under `key` in `store`, or undefined (no database, no such store, no row). */
export function peekRow<T>(store: string, key: IDBValidKey): Promise<T | undefined> {
	return withStore<T | undefined>(store, undefined, (objects, done) => {
		const request = objects.get(key);
		request.onsuccess = () => done(request.result as T | undefined);
	});
}

/** Whether any row of `store` passes `test` (a cursor over it: for small stores only). */
export function peekAny<T>(store: string, test: (row: T) => boolean): Promise<boolean> {
	return withStore(store, false, (objects, done) => {
		const request = objects.openCursor();
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor) done(false);
			else if (test(cursor.value as T)) done(true);
			else cursor.continue();
		};
	});
}

/** Runs `read` in a read-only transaction on `store`; `fallback` when that cannot be done. */
async function withStore<R>(
	store: string,
	fallback: R,
	read: (objects: IDBObjectStore, done: (result: R) => void) => void
): Promise<R> {
	const db = await openExisting();
	if (!db) return fallback;
	try {
		if (!db.objectStoreNames.contains(store)) return fallback;
		return await new Promise<R>((resolve) => {
			const tx = db.transaction(store, 'readonly');
			tx.onabort = tx.onerror = () => resolve(fallback);
			read(tx.objectStore(store), resolve);
		});
	} catch {
		return fallback;
	} finally {
		db.close();
	}
}

function openExisting(): Promise<IDBDatabase | null> {
	return new Promise((resolve) => {
		let request: IDBOpenDBRequest;
		try {
			if (typeof indexedDB === 'undefined') return resolve(null);
			// No version: an existing database opens as it is, whatever Dexie's version.
			request = indexedDB.open(DEVICE_DB_NAME);
		} catch {
			// Some private modes refuse IndexedDB altogether.
			return resolve(null);
		}
		// Only a database that does not exist yet is "upgraded" here: leave it uncreated.
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onerror = (event) => {
			event.preventDefault();
			resolve(null);
		};
		request.onsuccess = () => {
			const db = request.result;
			// Another tab's Dexie upgrading the schema never waits for this short read.
			db.onversionchange = () => db.close();
			resolve(db);
		};
	});
}
