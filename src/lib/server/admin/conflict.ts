/** The refusal of an edit made on an older version than the stored one. */
import { formatDateTime } from '$lib/domain/datetime';
import type { Database } from '../db';
import { ApiError } from '../http/api';
import { lastChangeOf } from './audit.service';

/**
 * Names who saved in between and when, so the administrator knows whose change they would
 * have undone; their own form stays on screen for them to re-apply after reloading.
 */
export async function editConflict(db: Database, entityIds: string[]): Promise<ApiError> {
	const last = await lastChangeOf(db, entityIds);
	return new ApiError(409, 'edit_conflict', {
		name: last?.actorName ?? '',
		at: last ? formatDateTime(last.at) : ''
	});
}
