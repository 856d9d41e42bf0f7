/** The paper-form checklist: seeded once from public sources, read by everyone. */
import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod/mini';
import {
	procedureFromSeed,
	procedureSeedSchema,
	type Procedure,
	type ProcedureInput
} from '$lib/domain/procedure';
import type { Database } from '../db';
import { procedures, type User } from '../db/schema';
import type { Scope } from '../scope';
import { listFormFiles } from './form-files.service';
import seed from '../seed/procedures.json';

/** Loads the seed into an empty table; a table an administrator has edited is left alone. */
export async function seedProcedures(db: Database): Promise<number> {
	const [row] = await db.select({ n: count() }).from(procedures);
	if ((row?.n ?? 0) > 0) return 0;
	const records = z.array(procedureSeedSchema).parse(seed).map(procedureFromSeed);
	await db.insert(procedures).values(records.map((p, i) => ({ ...p, sortOrder: i })));
	return records.length;
}

export async function listProcedures(db: Database): Promise<Procedure[]> {
	const [rows, files] = await Promise.all([listProcedureRows(db), listFormFiles(db)]);
	return rows.map((p) => ({ ...p, files: files.get(p.id) ?? [] }));
}

function listProcedureRows(db: Database) {
	return db
		.select({
			id: procedures.id,
			name: procedures.name,
			tthcCode: procedures.tthcCode,
			receivedAt: procedures.receivedAt,
			fees: procedures.fees,
			forms: procedures.forms,
			documents: procedures.documents,
			notes: procedures.notes,
			sources: procedures.sources,
			verified: procedures.verified
		})
		.from(procedures)
		.orderBy(asc(procedures.sortOrder), asc(procedures.name));
}

export interface ProcedureForReview extends Procedure {
	reviewNote: string | null;
}

/** One procedure with what an administrator should check, if the caller may edit it. */
export async function getProcedureForReview(db: Database, id: string): Promise<ProcedureForReview | null> {
	const [row] = await db.select().from(procedures).where(eq(procedures.id, id)).limit(1);
	if (!row) return null;
	const { sortOrder: _order, updatedAt: _updated, ...procedure } = row;
	return { ...procedure, files: (await listFormFiles(db, id)).get(id) ?? [] };
}

/** Only administrators of a province (or the whole system) edit the shared checklist. */
export function mayEditChecklist(user: User, scope: Scope): boolean {
	return user.role === 'admin' && (scope.kind === 'system' || scope.kind === 'province');
}

/** Saves an administrator's edit in one statement, and marks the procedure verified. */
export async function updateProcedure(db: Database, id: string, input: ProcedureInput): Promise<boolean> {
	const updated = await db
		.update(procedures)
		.set({ ...input, verified: true, reviewNote: null, updatedAt: new Date() })
		.where(eq(procedures.id, id))
		.returning({ id: procedures.id });
	return updated.length === 1;
}
