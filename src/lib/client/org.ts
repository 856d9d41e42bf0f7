/**
 * Organisation data (units, contacts, people) fetched from the API and kept on the device,
 * so that the leader's phone number is there when the network is not.
 */
import type { UnitDetail, UnitSummary } from '$lib/domain/account';
import type { UnitKind } from '$lib/domain/roles';
import { callApi } from './api';
import { deviceDb } from './db';

export type Cached<T> =
	| { state: 'fresh'; value: T }
	| { state: 'cached'; value: T; savedAt: number }
	/** `notFound`: the server said so (404); otherwise there was no network and no copy. */
	| { state: 'missing'; notFound?: true };

export async function fetchAndKeep<T>(userId: string, key: string, path: string, pick: (body: never) => T): Promise<Cached<T>> {
	const db = deviceDb();
	const result = await callApi<never>(path);
	if (result.ok) {
		const value = pick(result.data);
		await db.cache.put({ key, userId, value, savedAt: Date.now() });
		return { state: 'fresh', value };
	}
	const row = await db.cache.get(key);
	// Gone, or no longer visible to this person: a stale copy must not stand in for it.
	if (!result.ok && result.reason === 'rejected' && result.status === 404) {
		if (row && row.userId === userId) await db.cache.delete(key);
		return { state: 'missing', notFound: true };
	}
	// Only the user it was fetched for may see a cached copy.
	if (row && row.userId === userId) return { state: 'cached', value: row.value as T, savedAt: row.savedAt };
	return { state: 'missing' };
}

export function loadUnitDetail(userId: string, unitId: string): Promise<Cached<UnitDetail>> {
	return fetchAndKeep(userId, `unit:${unitId}`, `/api/units/${encodeURIComponent(unitId)}`, (b: { unit: UnitDetail }) => b.unit);
}

export function loadUnits(userId: string, kind?: UnitKind): Promise<Cached<UnitSummary[]>> {
	const path = kind ? `/api/units?kind=${kind}` : '/api/units';
	return fetchAndKeep(userId, `units:${kind ?? 'all'}`, path, (b: { items: UnitSummary[] }) => b.items);
}
