/** Pieces the administration specs share. */
import { randomUUID } from 'node:crypto';
import type { Database } from '$lib/server/db';
import { incidents } from '$lib/server/db/schema';

/** A bare incident of a ward: enough history to keep the ward from being deleted. */
export async function makeIncidentRow(db: Database, wardId: string, createdBy: string): Promise<string> {
	const id = randomUUID();
	await db.insert(incidents).values({
		id,
		wardId,
		category: 'printer_toner',
		complexity: 'simple',
		description: 'Máy in hết mực',
		scope: 'desk',
		impactLevel: 'slowed',
		startedAt: new Date(),
		reportedAt: new Date(),
		createdBy
	});
	return id;
}
