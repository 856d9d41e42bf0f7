import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/admin/authority';
import { listAudit } from '$lib/server/admin/audit.service';
import { ApiError, endpoint } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import { isUuid } from '$lib/server/scope';
import type { RequestHandler } from './$types';

/** The administrative record of the administrator's subtree, newest first (`?before=<at>&beforeId=<id>` of the last entry shown pages on). */
export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const before = event.url.searchParams.get('before');
	const beforeId = event.url.searchParams.get('beforeId') ?? undefined;
	const entityId = event.url.searchParams.get('entityId') ?? undefined;
	const beforeDate = before ? new Date(before) : undefined;
	// JavaScript dates reach far beyond what the database stores: years outside 1970–9999 are refused here.
	const year = beforeDate?.getUTCFullYear();
	if (beforeDate && (Number.isNaN(beforeDate.getTime()) || year! < 1970 || year! > 9999)) {
		throw new ApiError(400, 'validation_failed', { field: 'before' });
	}
	for (const [field, id] of [['entityId', entityId], ['beforeId', beforeId]] as const) {
		if (id !== undefined && !isUuid(id)) throw new ApiError(400, 'invalid_id', { field });
	}
	const cursor = beforeDate && { at: beforeDate, id: beforeId };
	return json({ items: await listAudit(getDb(), admin.seat, { before: cursor, entityId }) });
});
