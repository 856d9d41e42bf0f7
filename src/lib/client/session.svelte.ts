/**
 * Who is signed in on this device. The profile is kept in IndexedDB so that the app opens
 * and knows its user with the network down; the server stays the authority whenever it
 * can be reached.
 */
import type { Profile } from '$lib/domain/account';
import { callApi, type ApiResult } from './api';
import { deviceDb } from './db';
import { applyUserLocale } from './locale';

const PENDING_SIGN_OUT = 'pendingSignOut';

export type SignInOutcome =
	| { ok: true; profile: Profile; languageChanged: boolean }
	| Extract<ApiResult<never>, { ok: false }>;

class SessionState {
	profile = $state<Profile | null>(null);
	/** False until the device copy has been read: pages wait rather than flash a sign-in. */
	loaded = $state(false);

	async load(): Promise<void> {
		const row = await deviceDb().profile.get('me');
		this.profile = row?.profile ?? null;
		this.loaded = true;
		void this.refresh();
	}

	/** Re-reads the profile from the server; keeps the device copy while offline. */
	async refresh(): Promise<void> {
		const db = deviceDb();
		if (await db.meta.get(PENDING_SIGN_OUT)) {
			const done = await callApi('/api/session', { method: 'DELETE' });
			if (done.ok) await db.meta.delete(PENDING_SIGN_OUT);
			return;
		}
		if (!this.profile) return;
		const result = await callApi<{ user: Profile }>('/api/me');
		if (result.ok) {
			if (await this.remember(result.data.user)) location.reload();
		} else if (result.reason === 'unauthenticated') await this.forget();
	}

	async signIn(username: string, password: string): Promise<SignInOutcome> {
		const result = await callApi<{ user: Profile }>('/api/session', {
			method: 'POST',
			body: { username, password }
		});
		if (!result.ok) return result;
		await deviceDb().meta.delete(PENDING_SIGN_OUT);
		const languageChanged = await this.remember(result.data.user);
		return { ok: true, profile: result.data.user, languageChanged };
	}

	/**
	 * Signs out and clears this user's data from the device (a shared desk PC must not show
	 * it to the next person). Offline, the server session is ended on the next start.
	 */
	async signOut(): Promise<void> {
		const result = await callApi('/api/session', { method: 'DELETE' });
		if (!result.ok) await deviceDb().meta.put({ key: PENDING_SIGN_OUT, value: true });
		await this.forget();
	}

	/** Keeps the profile on the device; true when its language differs and a reload is due. */
	async remember(profile: Profile): Promise<boolean> {
		await deviceDb().profile.put({ key: 'me', profile, savedAt: Date.now() });
		this.profile = profile;
		return applyUserLocale(profile.locale);
	}

	private async forget(): Promise<void> {
		const db = deviceDb();
		await db.transaction('rw', db.profile, db.cache, async () => {
			await db.profile.clear();
			await db.cache.clear();
		});
		this.profile = null;
	}
}

export const session = new SessionState();
