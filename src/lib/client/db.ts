/**
 * The device's own database (IndexedDB through Dexie). It keeps what the app needs to open
 * and work with the network down: the signed-in profile, the cached organisation data, and
 * the reports made on this device with their attachments and the outbox that sends them.
 * Bump the version number with each schema change; never edit an old version's stores.
 *
 * Every row made by a person carries `userId`: on a shared desk PC one officer never sees
 * another's drafts or reports, and unsent work waits for its own author.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Profile, UnitDetail, UnitSummary } from '$lib/domain/account';
import type { AttachmentType } from '$lib/domain/attachment';
import type { IncidentEventInput } from '$lib/domain/lifecycle';
import type { ReportInput } from '$lib/domain/report';
import { DEVICE_DB_NAME } from './db-peek';

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

/** The device-side states of a report; the words are in DESIGN.md §10. */
export type LocalReportState = 'queued' | 'sending' | 'sent' | 'needs_action' | 'needs_sign_in';

/** The server's reason for refusing something, kept to show and to fix. */
export interface Problem {
	code: string;
	message: string;
	field?: string;
	/** Set when the refusal concerns one attachment rather than the report. */
	attachmentId?: string;
	/** The HTTP status, kept when the answer was not our API's (a proxy's error page). */
	status?: number;
	/** When it was held (device clock): one held for the server's errors goes back in line later. */
	at?: number;
}

/** The form as the officer left it: autosaved while typing, so closing the tab loses nothing. */
export interface DraftRow {
	/** The author's user id: one draft per person on a device. */
	userId: string;
	/** The id the report will carry (UUIDv7), made when the draft began; attachments point to it. */
	reportId: string;
	fields: Partial<ReportInput>;
	/** True when the draft edits a report that is already waiting in the outbox. */
	editing: boolean;
	savedAt: number;
}

export interface LocalReport {
	id: string;
	userId: string;
	body: ReportInput;
	state: LocalReportState;
	problem?: Problem;
	queuedAt: number;
	sentAt?: number;
	/** The server incident the report belongs to (another report's id when grouped). */
	incidentId?: string;
	/** A report made from a recorded outage: which one. */
	outageId?: number;
	/**
	 * Set when the report's create request has left the device: the server may hold it even
	 * if no answer came back, so it is no longer edited or withdrawn on the device alone.
	 * Cleared by a refusal that proves the server did not keep it.
	 */
	mayBeOnServer?: boolean;
}

export type AttachmentSource = 'file' | 'photo' | 'screenshot' | 'screen' | 'video';

export interface LocalAttachment {
	id: string;
	/** A report's id, or a draft's future report id. */
	reportId: string;
	userId: string;
	name: string;
	type: AttachmentType;
	size: number;
	sha256: string;
	blob: Blob;
	source: AttachmentSource;
	addedAt: number;
	/** Bytes the server confirmed so far (resumable uploads); equals size once stored. */
	uploadedBytes: number;
	/** The resumable upload's address, kept so that an interrupted upload resumes. */
	uploadUrl?: string;
	uploaded: boolean;
}

/** The device-side states of an action on an incident (acknowledge, comment…): a report's words. */
export type LocalActionState = LocalReportState;

/** An action taken on this device (possibly offline), sent through the outbox in order. */
export interface LocalAction {
	/** Made on the device (UUIDv7): the server recognises a replay by it. */
	id: string;
	userId: string;
	incidentId: string;
	body: IncidentEventInput;
	state: LocalActionState;
	problem?: Problem;
	queuedAt: number;
	sentAt?: number;
}

/**
 * One operation to send, in order. `reportId` is what holds later entries back when one is
 * refused: a report's id, or for an action the incident's id (whose first report's id it
 * is), so a refused action holds the later actions on the same incident.
 */
export type OutboxOp = (
	| { seq?: number; userId: string; kind: 'report'; reportId: string; attempts: number }
	| { seq?: number; userId: string; kind: 'attachment'; reportId: string; attachmentId: string; attempts: number }
	| { seq?: number; userId: string; kind: 'event'; reportId: string; actionId: string; attempts: number }
) & {
	/**
	 * Server errors (5xx but 503) in a row; a network failure or any other answer about the
	 * request resets it, while a 503 (a busy server) or a 401 (nothing said about the report) leaves it.
	 */
	serverErrors?: number;
	/** When the first of those errors came (device clock). */
	firstServerErrorAt?: number;
};

/** An entry that sends a report or one of its files (not an action on an incident). */
export type ReportOp = Exclude<OutboxOp, { kind: 'event' }>;

export interface OutageRow {
	id?: number;
	/** When this device lost the server (ms since epoch, device clock). */
	start: number;
	end?: number;
	reason: 'offline' | 'server_unreachable';
	/** What the officer did with the offer (a report, the times added to the outage already reported, nothing): unset while not answered. */
	answer?: 'reported' | 'dismissed' | 'times_added';
}

export class DeviceDb extends Dexie {
	profile!: EntityTable<ProfileRow, 'key'>;
	cache!: EntityTable<CacheRow, 'key'>;
	meta!: EntityTable<MetaRow, 'key'>;
	drafts!: EntityTable<DraftRow, 'userId'>;
	reports!: EntityTable<LocalReport, 'id'>;
	attachments!: EntityTable<LocalAttachment, 'id'>;
	outbox!: EntityTable<OutboxOp, 'seq'>;
	outages!: EntityTable<OutageRow, 'id'>;
	actions!: EntityTable<LocalAction, 'id'>;

	constructor(name = DEVICE_DB_NAME) {
		super(name);
		this.version(1).stores({
			profile: 'key',
			cache: 'key, userId',
			meta: 'key'
		});
		this.version(2).stores({
			drafts: 'userId',
			reports: 'id, userId, [userId+queuedAt]',
			attachments: 'id, reportId',
			outbox: '++seq, userId, reportId',
			outages: '++id, start'
		});
		this.version(3).stores({
			actions: 'id, userId, incidentId'
		});
	}
}

let instance: DeviceDb | undefined;

/** The app's one database, opened on first use (never during prerendering). */
export function deviceDb(): DeviceDb {
	instance ??= new DeviceDb();
	return instance;
}
