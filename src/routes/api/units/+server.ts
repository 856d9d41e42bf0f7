import { json } from '@sveltejs/kit';
import { UNIT_KINDS, type UnitKind } from '$lib/domain/roles';
import { ApiError, endpoint, requireUser } from '$lib/server/http/api';
import { listVisibleUnits } from '$lib/server/org/units.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const kind = event.url.searchParams.get('kind');
	if (kind !== null && !(UNIT_KINDS as readonly string[]).includes(kind)) {
		throw new ApiError(400, 'validation_failed', { field: 'kind' });
	}
	const items = await listVisibleUnits(getDb(), event.locals.scope, (kind as UnitKind | null) ?? undefined);
	return json({ items });
});
