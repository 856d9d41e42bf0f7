/**
 * Bulk onboarding on the server: read the uploaded spreadsheets, plan against what exists
 * (domain/onboarding.ts), and either report every problem (the dry run) or write the whole
 * plan in one transaction. Nothing is ever half-written: the plan is made again inside the
 * transaction, and a unique index that still refuses (someone created the same username a
 * moment ago) rolls everything back.
 */
import { and, eq, inArray } from 'drizzle-orm';
import {
	planImport,
	type ImportContext,
	type ImportPlan,
	type ImportProblem,
	type IssuedAccount,
	type SheetInput
} from '$lib/domain/onboarding';
import type { Database } from '../db';
import { isForeignKeyViolation, isUniqueViolation } from '../db/errors';
import { contacts, units, users, type Unit } from '../db/schema';
import { hashPassword } from '../auth/password';
import { ApiError } from '../http/api';
import { managedUnits, type Admin } from './authority';
import { recordAudits } from './audit.service';
import { oneTimePassword } from './one-time-password';
import { MAX_SPREADSHEET_BYTES, readSpreadsheet } from './spreadsheet';
import { lockActiveParent, unitSnapshot } from './units.admin';
import { personName, userSnapshot } from './users.admin';

export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
}

/** A province's people, with room to spare (a hundred wards of a dozen people each). */
export const MAX_IMPORT_ROWS = 3000;

/** Every sheet of every file, or a refusal naming the file that cannot be read. */
export async function readImportFiles(files: readonly UploadedFile[]): Promise<SheetInput[]> {
	if (files.length === 0) throw new ApiError(400, 'import_file_required');
	const sheets: SheetInput[] = [];
	for (const file of files) {
		const result = await readSpreadsheet(file.bytes, file.name);
		if (!result.ok) {
			const code = {
				empty_file: 'import_empty',
				too_large: 'import_too_large',
				not_a_spreadsheet: 'import_not_spreadsheet',
				legacy_xls: 'import_legacy_xls'
			} as const;
			throw new ApiError(result.reason === 'too_large' ? 413 : 400, code[result.reason], {
				file: file.name,
				limit: MAX_SPREADSHEET_BYTES / 1024 / 1024
			});
		}
		for (const sheet of result.sheets) {
			// Each row may become an account with an Argon2id hash: a runaway file is refused whole.
			if (sheet.rows.length > MAX_IMPORT_ROWS) throw new ApiError(400, 'import_too_many_rows', { file: file.name, max: MAX_IMPORT_ROWS });
			sheets.push({ file: file.name, sheet: sheet.name, rows: sheet.rows });
		}
	}
	return sheets;
}

/** What exists, as the plan needs it (read inside the applying transaction, too). */
export async function importContext(db: Database, admin: Admin): Promise<ImportContext> {
	const [managed, allSlugs, allUsernames, posts] = await Promise.all([
		db.select().from(units).where(and(managedUnits(admin.seat), eq(units.active, true))),
		db.select({ slug: units.slug }).from(units),
		db.select({ username: users.username }).from(users),
		db
			.select({ unitId: users.unitId, isLeader: users.isLeader, isDeputy: users.isDeputy })
			.from(users)
			.where(and(eq(users.active, true), inArray(users.role, ['ward_responder'])))
	]);
	const hasLeader = new Set(posts.filter((p) => p.isLeader).map((p) => p.unitId));
	const hasDeputy = new Set(posts.filter((p) => p.isDeputy).map((p) => p.unitId));
	return {
		provinces: managed.filter((u) => u.kind === 'province').map((u) => ({ id: u.id, name: u.name, slug: u.slug })),
		units: managed.map((u) => ({
			id: u.id,
			kind: u.kind,
			name: u.name,
			slug: u.slug,
			parentId: u.parentId,
			hasLeader: hasLeader.has(u.id),
			hasDeputy: hasDeputy.has(u.id)
		})),
		takenSlugs: new Set(allSlugs.map((r) => r.slug)),
		takenUsernames: new Set(allUsernames.map((r) => r.username))
	};
}

export async function checkImport(db: Database, admin: Admin, sheets: SheetInput[]): Promise<ImportPlan> {
	return planImport(sheets, await importContext(db, admin));
}

export type ApplyResult =
	| { ok: true; wards: { name: string; slug: string }[]; people: IssuedAccount[] }
	| { ok: false; problems: ImportProblem[] };

/** Argon2id runs on libuv's thread pool; a few at a time keeps the server answering others. */
const HASH_BATCH = 4;

async function hashAll(passwords: string[]): Promise<string[]> {
	const hashes: string[] = [];
	for (let i = 0; i < passwords.length; i += HASH_BATCH) {
		hashes.push(...(await Promise.all(passwords.slice(i, i + HASH_BATCH).map(hashPassword))));
	}
	return hashes;
}

export async function applyImport(db: Database, admin: Admin, sheets: SheetInput[]): Promise<ApplyResult> {
	const first = await checkImport(db, admin, sheets);
	if (first.problems.length > 0) return { ok: false, problems: first.problems };
	// The slow part happens before the transaction, so it holds its locks for milliseconds.
	const passwords = first.people.map(() => oneTimePassword());
	const hashes = await hashAll(passwords);
	const byUsername = new Map(first.people.map((p, i) => [p.username, { password: passwords[i]!, hash: hashes[i]! }]));

	try {
		return await db.transaction(async (tx) => {
			const plan = await checkImport(tx, admin, sheets);
			if (plan.problems.length > 0) return { ok: false, problems: plan.problems };
			return await writePlan(tx, admin, plan, byUsername);
		});
	} catch (err) {
		// Another administrator created a slug or username, or deleted a unit, between the plan and the insert.
		if (isUniqueViolation(err) || isForeignKeyViolation(err)) throw new ApiError(409, 'edit_conflict', { name: '', at: '' });
		throw err;
	}
}

async function writePlan(
	tx: Database,
	admin: Admin,
	plan: ImportPlan,
	secrets: Map<string, { password: string; hash: string }>
): Promise<ApplyResult & { ok: true }> {
	for (const provinceId of new Set(plan.wards.map((w) => w.provinceId))) {
		if (!(await lockActiveParent(tx, provinceId))) throw new ApiError(409, 'edit_conflict', { name: '', at: '' });
	}
	// One statement per table, not one per row: a province's lists are hundreds of rows.
	const wardRows = plan.wards.length
		? await tx
				.insert(units)
				.values(
					plan.wards.map((ward) => ({
						kind: 'ward' as const,
						parentId: ward.provinceId,
						name: ward.name,
						slug: ward.slug,
						serviceCenterName: ward.serviceCenterName,
						address: ward.address,
						openingHours: ward.openingHours
					}))
				)
				.returning()
		: [];
	const newWards = new Map<string, Unit>(wardRows.map((row) => [row.slug, row]));
	const wardContacts = plan.wards.flatMap((ward) =>
		ward.contacts.map((c, i) => ({ unitId: newWards.get(ward.slug)!.id, kind: c.kind, label: CONTACT_LABEL[c.kind], value: c.value, sortOrder: i }))
	);
	if (wardContacts.length) await tx.insert(contacts).values(wardContacts);

	const existing = new Map((await tx.select().from(units).where(managedUnits(admin.seat))).map((u) => [u.id, u]));
	const placed = plan.people.map((person) => {
		const secret = secrets.get(person.username);
		// A username that appeared between the check and now has no prepared password: refuse.
		if (!secret) throw new ApiError(409, 'edit_conflict', { name: '', at: '' });
		const unit = 'id' in person.unit ? existing.get(person.unit.id)! : newWards.get(person.unit.newWardSlug)!;
		return { person, unit, secret };
	});
	const userRows = placed.length
		? await tx
				.insert(users)
				.values(
					placed.map(({ person, unit, secret }) => ({
						username: person.username,
						fullName: person.fullName,
						role: person.role,
						unitId: unit.id,
						isLeader: person.isLeader,
						isDeputy: person.isDeputy,
						phone: person.phone,
						email: person.email,
						passwordHash: secret.hash,
						mustChangePassword: true
					}))
				)
				.returning()
		: [];

	await recordAudits(tx, admin.user, [
		...plan.wards.map((ward) => {
			const row = newWards.get(ward.slug)!;
			return {
				action: 'unit.import',
				unit: row,
				entityId: row.id,
				entityName: row.name,
				before: null,
				after: { ...unitSnapshot(row), contacts: ward.contacts.map((c) => c.value) }
			};
		}),
		...userRows.map((row) => {
			// Matched by username, not by position: RETURNING's order is not a promise.
			const { unit } = placed.find((p) => p.person.username === row.username)!;
			return { action: 'user.import', unit, entityId: row.id, entityName: personName(row), before: null, after: userSnapshot(row, unit.name) };
		})
	]);
	const issued: IssuedAccount[] = placed.map(({ person, unit, secret }) => ({
		unitName: unit.name,
		fullName: person.fullName,
		username: person.username,
		role: person.role,
		isLeader: person.isLeader,
		isDeputy: person.isDeputy,
		oneTimePassword: secret.password
	}));
	return { ok: true, wards: plan.wards.map((w) => ({ name: w.name, slug: w.slug })), people: issued };
}

const CONTACT_LABEL = {
	hotline: 'Đường dây nóng',
	zalo_group: 'Nhóm Zalo',
	email: 'Hộp thư'
} as const;
