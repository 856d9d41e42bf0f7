/**
 * The device's own database (IndexedDB through Dexie). It keeps what the app needs to open
 * and work with the network down: the signed-in profile and the cached organisation data.
 * Later versions add the report outbox; bump the version number with each schema change.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Profile, UnitDetail, UnitSummary } from '$lib/domain/account';

export interface ProfileRow {
	/** Always 'me': one signed-in user per browser profile. */
	key: 'me';
	profile: Profile;
	savedAt: number;
}

export interface CacheRow {
	/** e.g. 'unit:<id>' or 'units:ward' — what was fetched, to show it again offline. */
	key: string;
	/** The user the data was fetched for: another user on the same PC never sees it. */
	userId: string;
	value: unknown;
	savedAt: number;
}

export interface MetaRow {
	key: string;
	value: unknown;
}

export type UnitCacheValue = UnitDetail | UnitSummary[];

export class DeviceDb extends Dexie {
	profile!: EntityTable<ProfileRow, 'key'>;
	cache!: EntityTable<CacheRow, 'key'>;
	meta!: EntityTable<MetaRow, 'key'>;

	constructor(name = 'ung-cuu-mot-cua') {
		super(name);
		this.version(1).stores({
			profile: 'key',
			cache: 'key, userId',
			meta: 'key'
		});
	}
}

let instance: DeviceDb | undefined;

/** The app's one database, opened on first use (never during prerendering). */
export function deviceDb(): DeviceDb {
	instance ??= new DeviceDb();
	return instance;
}
