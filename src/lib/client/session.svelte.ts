/**
 * Who is signed in on this device. The profile is kept in IndexedDB so that the app opens
 * and knows its user with the network down; the server stays the authority whenever it
 * can be reached.
 *
 * A shared desk PC: signing out clears this user's data from the device and tells every
 * other tab to do the same; signing out offline ends the server session as soon as the
 * network returns.
 *
 * Reading who is signed in needs no Dexie (`db-peek`): the sign-in page and the public pages
 * load it only when they write.
 */
import type { Profile } from '$lib/domain/account';
import { callApi, type ApiResult } from './api';
import type { MetaRow, ProfileRow } from './db';
import { peekRow } from './db-peek';
import { applyUserLocale } from './locale';

/** Dexie arrives with the first write. */
const writableDb = async () => (await import('./db')).deviceDb();

const PENDING_SIGN_OUT = 'pendingSignOut';
const CHANNEL = 'ucmc-session';

export type SignInOutcome =
	| { ok: true; profile: Profile; languageChanged: boolean }
	| Extract<ApiResult<never>, { ok: false }>;

class SessionState {
	profile = $state<Profile | null>(null);
	/** False until the device copy has been read: pages wait rather than flash a sign-in. */
	loaded = $state(false);
	/** Bumped on every sign-in and sign-out: answers that started before are stale. */
	private epoch = 0;
	private loading: Promise<void> | undefined;
	private channel: BroadcastChannel | undefined;

	/** Reads the device copy once per page load, then checks it with the server. */
	load(): Promise<void> {
		this.loading ??= this.readDevice();
		return this.loading;
	}

	private async readDevice(): Promise<void> {
		const row = await peekRow<ProfileRow>('profile', 'me');
		this.profile = row?.profile ?? null;
		this.loaded = true;
		this.listen();
		void this.refresh();
	}

	private listen(): void {
		if (typeof window === 'undefined' || this.channel) return;
		addEventListener('online', () => void this.finishPendingSignOut());
		if (typeof BroadcastChannel === 'undefined') return;
		this.channel = new BroadcastChannel(CHANNEL);
		this.channel.onmessage = (event: MessageEvent<{ type: 'signed_out' }>) => {
			if (event.data?.type === 'signed_out') {
				this.epoch++;
				this.profile = null;
			}
		};
	}

	/** Re-reads the profile from the server; keeps the device copy while offline. */
	async refresh(): Promise<void> {
		if (await this.finishPendingSignOut()) return;
		const asked = this.profile;
		if (!asked) return;
		const epoch = this.epoch;
		const result = await callApi<{ user: Profile }>('/api/me');
		// Someone signed out or in meanwhile: this answer is about another session.
		if (epoch !== this.epoch || this.profile?.id !== asked.id) return;
		// A changed language applies from the next page load, never in the middle of a form.
		if (result.ok) await this.remember(result.data.user);
		else if (result.reason === 'unauthenticated') await this.forget();
	}

	async signIn(username: string, password: string): Promise<SignInOutcome> {
		const result = await callApi<{ user: Profile }>('/api/session', {
			method: 'POST',
			body: { username, password }
		});
		if (!result.ok) return result;
		this.epoch++;
		await (await writableDb()).meta.delete(PENDING_SIGN_OUT);
		// Another user's copies on this device go before the new user's arrive.
		if (this.profile && this.profile.id !== result.data.user.id) await this.forget();
		const languageChanged = await this.remember(result.data.user);
		return { ok: true, profile: result.data.user, languageChanged };
	}

	/** Signs out and clears this user's data from the device, in every tab. */
	async signOut(): Promise<void> {
		this.epoch++;
		// This device stops receiving the person's alerts (a shared PC or phone).
		await import('./push').then(({ unsubscribePush }) => unsubscribePush()).catch(() => undefined);
		const result = await callApi('/api/session', { method: 'DELETE' });
		if (!result.ok) await (await writableDb()).meta.put({ key: PENDING_SIGN_OUT, value: true });
		await this.forget();
		this.channel?.postMessage({ type: 'signed_out' });
	}

	/** Keeps the profile on the device; true when its language differs and a reload is due. */
	async remember(profile: Profile): Promise<boolean> {
		// A copy made from the reactive profile still holds proxies IndexedDB cannot clone.
		profile = $state.snapshot(profile);
		await (await writableDb()).profile.put({ key: 'me', profile, savedAt: Date.now() });
		this.profile = profile;
		return applyUserLocale(profile.locale);
	}

	/** Ends a server session left open by an offline sign-out. True when one was pending. */
	private async finishPendingSignOut(): Promise<boolean> {
		if (!(await peekRow<MetaRow>('meta', PENDING_SIGN_OUT))) return false;
		const done = await callApi('/api/session', { method: 'DELETE' });
		if (done.ok) await (await writableDb()).meta.delete(PENDING_SIGN_OUT);
		return true;
	}

	private async forget(): Promise<void> {
		const db = await writableDb();
		await db.transaction('rw', db.profile, db.cache, async () => {
			await db.profile.clear();
			await db.cache.clear();
		});
		this.profile = null;
	}
}

export const session = new SessionState();
