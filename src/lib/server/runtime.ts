/**
 * The server process's one database, opened and migrated once at start (the `init` hook).
 * PGlite is one connection in one process, and a fresh one takes seconds to open, so it
 * must never be opened per request.
 */
import type { DatabaseKind, Database, OpenDatabase } from './db';
import { openDatabase } from './db';
import path from 'node:path';
import { purgeExpiredSessions } from './auth/session.service';
import { diskBlobStore, type BlobStore } from './files/blob-store';
import { createUploadServer, type UploadServer } from './incidents/tus';
import { seedProcedures } from './checklist/procedures.service';
import { startJobRunner } from './jobs/runner';
import { getLiveHub, startLive, stopLive } from './live';
import type { Channel } from './notify/channel';
import { buildChannels } from './notify/channels';
import { deliveryNotifier, type DeliveryNotifier } from './notify/delivery-notifier';
import { setNotifier } from './notify/notifier';
import { forgetPublicWard } from './org/public-ward-cache';
import { followUpsSettled } from './incidents/after-commit';
import { readConfig, type ServerConfig } from './config';
import {
	createFirstAdmin,
	DEMO_PASSWORD,
	DEMO_USERS,
	isDatabaseEmpty,
	seedDemo,
	wasDemoSeeded
} from './seed/demo';

let opened: OpenDatabase | undefined;
let blobs: BlobStore | undefined;
let uploads: UploadServer | undefined;
let uploadCleaning: ReturnType<typeof setInterval> | undefined;
let stopJobs: (() => void) | undefined;

export interface NotifyRuntime {
	channels: Channel[];
	vapidPublicKey: string;
	/** The public address alerts link to (ORIGIN), e.g. https://ungcuu.nghean.gov.vn. */
	origin: string;
	/** The push services a subscription may point at (config.ts). */
	pushServiceHosts: string[];
	notifier: DeliveryNotifier;
}
let notify: NotifyRuntime | undefined;

/** The alert channels, the push key and the notifier of this process. */
export function getNotify(): NotifyRuntime {
	if (!notify) throw new Error('Notifications are not started yet (server not started).');
	return notify;
}

/** Uploaded files (blank forms now, report attachments later), under DATA_DIR/files. */
export function getBlobStore(): BlobStore {
	if (!blobs) throw new Error('The file store is not open yet (server not started).');
	return blobs;
}

/** Resumable (tus) attachment uploads, with unfinished files under DATA_DIR/uploads. */
export function getUploadServer(): UploadServer {
	if (!uploads) throw new Error('The upload server is not open yet (server not started).');
	return uploads;
}

export function getDb(): Database {
	if (!opened) throw new Error('The database is not open yet (server not started).');
	return opened.db;
}

export function getDbKind(): DatabaseKind {
	return opened?.kind ?? 'pglite';
}

export async function startServer(config: ServerConfig = readConfig()): Promise<void> {
	if (opened) return;
	const started = Date.now();
	const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		// Several instances may start together on one PostgreSQL: one at a time migrates.
		await db.exclusively(async () => {
			await db.migrate(config.migrationsDir);
			await prepareData(db.db, config);
			await seedProcedures(db.db);
		});
		await purgeExpiredSessions(db.db);
		await startLive(config.databaseUrl);
		// A ward's public status follows its incidents, in every process.
		getLiveHub().subscribe((change) => forgetPublicWard(change.wardId));
	} catch (err) {
		await db.close().catch(() => {});
		throw err;
	}
	opened = db;
	// Every routing decision becomes recorded deliveries on the channels that reach people.
	const { channels, vapidPublicKey } = await buildChannels(db.db);
	const origin = config.origin;
	const notifier = deliveryNotifier(db.db, () => channels, origin);
	notify = { channels, vapidPublicKey, origin, notifier, pushServiceHosts: config.pushServiceHosts };
	setNotifier(notifier);
	// Escalation timers and deliveries: a process started with JOB_RUNNER=0 only serves requests.
	if (config.jobRunner) stopJobs = startJobRunner(db.db, () => notifier.run());
	blobs = diskBlobStore(path.join(config.dataDir, 'files'));
	uploads = createUploadServer({ directory: path.join(config.dataDir, 'uploads'), db: db.db, store: blobs });
	// Uploads abandoned for a week go, now and once a day.
	const cleanUp = () => void uploads?.cleanUp().catch((err) => console.warn('Cleaning up old uploads failed:', err));
	cleanUp();
	uploadCleaning = setInterval(cleanUp, 24 * 60 * 60 * 1000);
	uploadCleaning.unref();
	const where = db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
	console.info(`Database ready (${where}) in ${Date.now() - started} ms.`);
	if (await wasDemoSeeded(db.db)) printDemoUsers();
}

/** First start only: the demo, or the first administrator. A restart changes nothing. */
async function prepareData(db: Database, config: ServerConfig): Promise<void> {
	const empty = await isDatabaseEmpty(db);
	const demo = config.demo === 'auto' ? !config.databaseUrl && !config.adminUsername : config.demo;
	if (empty && demo) {
		await seedDemo(db);
	} else if (empty && config.adminUsername && config.adminPassword) {
		await createFirstAdmin(db, config.adminUsername, config.adminPassword);
		console.info(`Created the first administrator "${config.adminUsername}".`);
	} else if (empty) {
		console.warn(
			'The database is empty and no administrator is configured: set ADMIN_USERNAME and ADMIN_PASSWORD, or DEMO=1 for demo data.'
		);
	}
}

function printDemoUsers(): void {
	const rows = DEMO_USERS.map((u) => `  ${u.username.padEnd(12)} ${u.role.padEnd(15)} ${u.fullName}`);
	console.info(
		[`Demo mode — sign in with one of these users (password "${DEMO_PASSWORD}" unless changed):`, ...rows].join('\n')
	);
}

export async function stopServer(): Promise<void> {
	clearInterval(uploadCleaning);
	stopJobs?.();
	stopJobs = undefined;
	// Reports already answered still hand their alerts and live updates over.
	await followUpsSettled();
	setNotifier(null);
	notify = undefined;
	await stopLive();
	await opened?.close();
	opened = undefined;
}
