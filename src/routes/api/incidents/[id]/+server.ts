import { json } from '@sveltejs/kit';
import { reportSchema } from '$lib/domain/report';
import { ApiError, endpoint, readJson, requireExpectedUser, requireUser } from '$lib/server/http/api';
import { requireReportingWard } from '$lib/server/incidents/access';
import { followUp } from '$lib/server/incidents/after-commit';
import { clockSkewMs } from '$lib/server/incidents/clock';
import { ingestReport } from '$lib/server/incidents/ingest.service';
import { getIncident } from '$lib/server/incidents/read.service';
import { getDb } from '$lib/server/runtime';
import { isUuid } from '$lib/server/scope';
import type { RequestHandler } from './$types';

/** `{ incident }`; a grouped report's id answers with the incident it joined. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const incident = await getIncident(getDb(), event.locals.scope, event.params.id, user);
	if (!incident) throw new ApiError(404, 'not_found');
	return json({ incident });
});

/**
 * Files a report under its device-made id: 201 created, 200 identical repeat, 409 conflict
 * (404 when the id is another ward's).
 * The answer is what the device needs, `{ incident: { id } }` (the incident the report made or
 * joined); the rest is a GET away. Alerts and live updates follow the answer.
 */
export const PUT: RequestHandler = endpoint(async (event) => {
	const receivedAt = new Date();
	const user = requireExpectedUser(event);
	const wardId = requireReportingWard(user, event.locals.scope);
	if (!isUuid(event.params.id)) throw new ApiError(400, 'invalid_id', { field: 'incidentId' });
	const report = await readJson(event, reportSchema);

	const db = getDb();
	const result = await ingestReport(db, {
		reportId: event.params.id,
		report,
		reporter: user,
		wardId,
		clockSkewMs: clockSkewMs(event.request.headers.get('x-device-time'), receivedAt),
		receivedAt
	});
	if (result.kind === 'conflict') throw new ApiError(409, 'incident_conflict');
	// Another ward's id — also the caller's own report, once they moved to another ward.
	if (result.kind === 'not_found') throw new ApiError(404, 'not_found');
	if (result.kind === 'created') followUp(db, result.effects);
	return json({ incident: { id: result.incidentId } }, { status: result.kind === 'created' ? 201 : 200 });
});
