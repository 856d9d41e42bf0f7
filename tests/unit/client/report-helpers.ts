/** Shared material for the report and outbox specs: two officers, a clock, report fields, files. */
import { DeviceDb } from '$lib/client/db';
import { addAttachment } from '$lib/client/reports/attachments';
import { loadDraft, saveDraftFields, submitDraft } from '$lib/client/reports/store';
import type { ReportInput } from '$lib/domain/report';

/** Two officers sharing one desk PC. */
export const LAN = '0190a1b2-0000-7000-8000-0000000000aa';
export const HUNG = '0190a1b2-0000-7000-8000-0000000000bb';

/** The device clock when the reports are made: 09:15 in Vietnam. */
export const NOW = new Date('2026-11-25T02:15:00.000Z');
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh, empty device database of its own for each test. */
export function freshDb(): DeviceDb {
	return new DeviceDb(`test-${crypto.randomUUID()}`);
}

export function fields(description: string, overrides: Partial<ReportInput> = {}): Partial<ReportInput> {
	return {
		category: 'printer_jam',
		complexity: 'simple',
		description,
		scope: 'desk',
		startedAt: '2026-11-25T08:00:00.000+07:00',
		impactLevel: 'slowed',
		...overrides
	};
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let seed = 0;

/** A small PNG-looking file; each call gives different bytes. */
export function png(size = 64, type = 'image/png'): Blob {
	const bytes = new Uint8Array(size);
	bytes.set(PNG_SIGNATURE);
	seed++;
	for (let i = PNG_SIGNATURE.length; i < size; i++) bytes[i] = (seed * 31 + i * 7) & 0xff;
	return new Blob([bytes], { type });
}

/** A Windows program: "MZ" and its DOS stub. */
export function windowsProgram(): Blob {
	const bytes = new Uint8Array(128);
	bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
	return new Blob([bytes], { type: 'image/png' });
}

export interface Drafted {
	reportId: string;
	attachmentIds: string[];
}

/** Fills the officer's draft as the form would, with `files` screenshots attached. */
export async function fillDraft(db: DeviceDb, userId: string, description: string, files = 0): Promise<Drafted> {
	const draft = await loadDraft(userId, db);
	await saveDraftFields(userId, fields(description), db);
	const attachmentIds: string[] = [];
	for (let i = 1; i <= files; i++) {
		const added = await addAttachment({ userId, reportId: draft.reportId }, png(), `anh-${i}.png`, 'screenshot', db);
		if (!added.ok) throw new Error(`attaching failed: ${JSON.stringify(added.refusal)}`);
		attachmentIds.push(added.attachment.id);
	}
	return { reportId: draft.reportId, attachmentIds };
}

/** Fills the draft and submits it: the report and its files wait in the outbox. */
export async function queueReport(
	db: DeviceDb,
	userId: string,
	description: string,
	files = 0,
	now = NOW
): Promise<Drafted> {
	const drafted = await fillDraft(db, userId, description, files);
	const result = await submitDraft(userId, now, db);
	if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
	return drafted;
}
