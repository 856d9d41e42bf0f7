/**
 * Was the outage this device lived through already reported? By this officer while offline
 * (the report waits in the outbox or was sent since), from the officer's phone, or by another
 * desk of the ward — then the offer adds this device's real start and end to that incident
 * instead of filing a second one that would alert the leader, the province and the IT team
 * again for one outage.
 */
import type { IncidentSummary } from '$lib/domain/incident';
import type { CategoryId } from '$lib/domain/incident-catalog';
import { callApi } from './api';
import { deviceDb, type DeviceDb, type LocalReport, type OutageRow } from './db';

/** The reports a lost connection is. */
export const OUTAGE_CATEGORIES: readonly CategoryId[] = ['internet_section', 'internet_desk'];
/** Another desk, or the officer's phone, may have reported it a while before this device noticed. */
const NOTICED_BEFORE_MS = 30 * 60_000;

export type OutageReported =
	/** Reported on this device and not on the server yet: wait, the outbox is sending it. */
	| { kind: 'sending' }
	| { kind: 'incident'; incidentId: string; category: CategoryId; reportedAt: number }
	| { kind: 'none' };

function outageWindow(outage: OutageRow): [number, number] {
	return [outage.start - NOTICED_BEFORE_MS, (outage.end ?? Date.now()) + 60_000];
}

/** This officer's report of a lost connection, made on this device during the outage. */
export async function reportedHere(userId: string, outage: OutageRow, db: DeviceDb = deviceDb()): Promise<LocalReport | undefined> {
	const [from, to] = outageWindow(outage);
	const rows = await db.reports.where('[userId+queuedAt]').between([userId, from], [userId, to], true, true).toArray();
	// A report an earlier offer made is about that earlier outage.
	return rows.find((r) => OUTAGE_CATEGORIES.includes(r.body.category) && r.outageId === undefined);
}

export function fromLocal(report: LocalReport): OutageReported {
	if (report.state !== 'sent' || !report.incidentId) return { kind: 'sending' };
	return { kind: 'incident', incidentId: report.incidentId, category: report.body.category, reportedAt: report.queuedAt };
}

/**
 * The ward's report of the section's Internet in the outage's window and not fixed before it
 * began, or this officer's own of their desk (from another device). Null when the server
 * could not be asked.
 */
export async function reportedOnServer(outage: OutageRow): Promise<OutageReported | null> {
	const [from, to] = outageWindow(outage);
	const since = encodeURIComponent(new Date(from).toISOString());
	type Page = { items: IncidentSummary[] };
	const [section, mine] = await Promise.all([
		callApi<Page>(`/api/incidents?category=internet_section&since=${since}&limit=20`),
		callApi<Page>(`/api/incidents?category=internet_desk&mine=1&since=${since}&limit=20`)
	]);
	if (!section.ok || !mine.ok) return null;
	const match = [...section.data.items, ...mine.data.items].find((i) => {
		const at = Date.parse(i.createdAt);
		// Fixed before this device lost its connection: that was an earlier outage.
		const over = i.resolvedAt !== undefined && Date.parse(i.resolvedAt) < outage.start;
		return i.status !== 'withdrawn' && !over && at >= from && at <= to;
	});
	return match
		? { kind: 'incident', incidentId: match.id, category: match.category, reportedAt: Date.parse(match.createdAt) }
		: { kind: 'none' };
}
