/**
 * The closed set of API error codes. Every error body is
 * `{ "error": { "code": ApiErrorCode, "message": "…in the caller's language…" } }`.
 */
export const API_ERROR_CODES = [
	'invalid_json',
	'unsupported_media_type',
	'body_too_large',
	'validation_failed',
	'unknown_field',
	'unauthenticated',
	'forbidden',
	'cross_origin',
	'not_found',
	'method_not_allowed',
	'invalid_credentials',
	'sign_in_locked',
	'account_inactive',
	'wrong_current_password',
	'password_reused',
	'notice_empty',
	'invalid_characters',
	'password_change_required',
	'bad_request',
	'procedure_name_required',
	'form_name_required',
	'file_required',
	'file_too_large',
	'file_type_refused',
	'description_required',
	'started_after_report',
	'time_out_of_range',
	'unknown_category',
	'complexity_below_default',
	'incident_conflict',
	'attachment_conflict',
	'checksum_mismatch',
	'sha256_invalid',
	'attachment_empty',
	'attachment_too_large',
	'attachment_type_refused',
	'attachments_total_too_large',
	'attachments_too_many',
	'audio_empty',
	'audio_too_large',
	'audio_type_refused',
	'audio_unreadable',
	'audio_too_long',
	'session_mismatch',
	'invalid_id',
	'length_required',
	'upload_offset_mismatch',
	'event_forbidden',
	'event_not_allowed',
	'already_acknowledged',
	'escalate_simple',
	'same_complexity',
	'withdraw_after_action',
	'withdraw_shared',
	'stale_version',
	'event_conflict',
	'assignee_invalid',
	'merge_target_invalid',
	'note_required',
	'push_endpoint_invalid',
	'test_too_soon',
	'parent_invalid',
	'invalid_slug',
	'slug_taken',
	'edit_conflict',
	'cannot_deactivate_own_unit',
	'unit_has_active_children',
	'unit_in_use',
	'unit_required',
	'unit_invalid',
	'role_unit_mismatch',
	'username_taken',
	'invalid_username',
	'cannot_change_self',
	'user_inactive',
	'deputy_is_leader',
	'leader_invalid',
	'name_required',
	'categories_required',
	'invalid_phone',
	'invalid_email',
	'invalid_zalo_link',
	'contact_value_required',
	'import_file_required',
	'import_not_spreadsheet',
	'import_legacy_xls',
	'import_empty',
	'import_too_large',
	'import_has_problems',
	'import_upload_too_large',
	'import_too_many_rows',
	'server_busy',
	'internal'
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorBody {
	/** `reference` names a server log entry for errors the caller cannot fix. */
	error: { code: ApiErrorCode; message: string; field?: string; reference?: string };
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
	if (typeof value !== 'object' || value === null || !('error' in value)) return false;
	const error = (value as { error: unknown }).error;
	return (
		typeof error === 'object' &&
		error !== null &&
		typeof (error as { code?: unknown }).code === 'string' &&
		typeof (error as { message?: unknown }).message === 'string'
	);
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
	return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}
