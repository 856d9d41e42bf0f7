import { json } from '@sveltejs/kit';
import { incidentEventSchema } from '$lib/domain/lifecycle';
import { endpoint, readJson, requireExpectedUser } from '$lib/server/http/api';
import { afterCommit } from '$lib/server/incidents/after-commit';
import { applyEvent } from '$lib/server/incidents/events.service';
import { getIncident } from '$lib/server/incidents/read.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** One action on an incident: `{ incident }`, 201 when done now, 200 for a device's replay. */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireExpectedUser(event);
	const body = await readJson(event, incidentEventSchema);
	const db = getDb();
	const result = await applyEvent(db, { user, scope: event.locals.scope, id: event.params.id, body });
	await afterCommit(db, result.effects);
	// A merged duplicate answers with the incident it joined.
	const incident = await getIncident(db, event.locals.scope, result.incidentId, user);
	return json({ incident }, { status: result.repeat ? 200 : 201 });
});
