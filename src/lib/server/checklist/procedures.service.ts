/** The paper-form checklist: seeded once from public sources, read by everyone. */
import { asc, count } from 'drizzle-orm';
import { procedureFromSeed, procedureSeedSchema, type Procedure } from '$lib/domain/procedure';
import type { Database } from '../db';
import { procedures } from '../db/schema';
import seed from '../seed/procedures.json';

/** Loads the seed into an empty table; a table an administrator has edited is left alone. */
export async function seedProcedures(db: Database): Promise<number> {
	const [row] = await db.select({ n: count() }).from(procedures);
	if ((row?.n ?? 0) > 0) return 0;
	const records = procedureSeedSchema.array().parse(seed).map(procedureFromSeed);
	await db.insert(procedures).values(records.map((p, i) => ({ ...p, sortOrder: i })));
	return records.length;
}

export async function listProcedures(db: Database): Promise<Procedure[]> {
	return db
		.select({
			id: procedures.id,
			name: procedures.name,
			tthcCode: procedures.tthcCode,
			receivedAt: procedures.receivedAt,
			fees: procedures.fees,
			forms: procedures.forms,
			documents: procedures.documents,
			sources: procedures.sources,
			verified: procedures.verified
		})
		.from(procedures)
		.orderBy(asc(procedures.sortOrder), asc(procedures.name));
}
