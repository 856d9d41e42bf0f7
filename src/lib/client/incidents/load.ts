/**
 * Incidents as the server last told this device: fetched when there is a network, kept per
 * user in the device cache, so that the leader's inbox and an incident's page still show the
 * last known state offline. Attachments are never kept (they may show citizens' data).
 */
import type { IncidentDetail, IncidentSummary } from '$lib/domain/incident';
import { deviceDb } from '../db';
import { fetchAndKeep, type Cached } from '../org';

export type InboxView = 'open' | 'escalated' | 'mine' | 'all';

const QUERY: Record<InboxView, string> = {
	open: 'status=open',
	escalated: 'status=escalated',
	mine: 'mine=1',
	all: ''
};

export function loadIncidents(userId: string, view: InboxView): Promise<Cached<IncidentSummary[]>> {
	const query = QUERY[view];
	return fetchAndKeep(
		userId,
		`incidents:${view}`,
		`/api/incidents?limit=100${query ? `&${query}` : ''}`,
		(b: { items: IncidentSummary[] }) => b.items
	);
}

export function loadIncident(userId: string, id: string): Promise<Cached<IncidentDetail>> {
	return fetchAndKeep(userId, `incident:${id}`, `/api/incidents/${encodeURIComponent(id)}`, (b: { incident: IncidentDetail }) => b.incident);
}

/**
 * An incident never opened on this device while online, offline: its line in a list kept
 * here (the inbox), so the leader still sees what it is and can answer it.
 */
export async function cachedSummary(userId: string, id: string): Promise<{ summary: IncidentSummary; savedAt: number } | null> {
	const rows = await deviceDb()
		.cache.where('key')
		.startsWith('incidents:')
		.filter((row) => row.userId === userId)
		.toArray();
	rows.sort((a, b) => b.savedAt - a.savedAt);
	for (const row of rows) {
		const summary = (row.value as IncidentSummary[]).find((i) => i.id === id);
		if (summary) return { summary, savedAt: row.savedAt };
	}
	return null;
}
