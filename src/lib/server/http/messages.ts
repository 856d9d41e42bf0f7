/** API error codes → messages in the caller's language (through the i18n catalog). */
import type { ApiErrorCode } from '$lib/domain/api-error';
import type { Locale } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';

export type MessageParams = Record<string, string | number>;

const str = (v: string | number | undefined) => String(v ?? '');

export function errorMessage(code: ApiErrorCode, params: MessageParams, locale: Locale): string {
	const o = { locale };
	switch (code) {
		case 'invalid_json':
			return m.api_invalid_json({}, o);
		case 'unsupported_media_type':
			return m.api_unsupported_media_type({}, o);
		case 'body_too_large':
			return m.api_body_too_large({ limit: str(params.limit) }, o);
		case 'validation_failed':
			return fieldMessage(str(params.field), str(params.detail), locale);
		case 'unknown_field':
			return m.api_unknown_field({ field: str(params.field) }, o);
		case 'unauthenticated':
			return m.api_unauthenticated({}, o);
		case 'forbidden':
			return m.api_forbidden({}, o);
		case 'cross_origin':
			return m.api_cross_origin({}, o);
		case 'not_found':
			return m.api_not_found({}, o);
		case 'method_not_allowed':
			return m.api_method_not_allowed({}, o);
		case 'invalid_credentials':
			return m.sign_in_invalid({}, o);
		case 'sign_in_locked':
			return m.sign_in_locked({ minutes: str(params.minutes) }, o);
		case 'account_inactive':
			return m.sign_in_inactive({}, o);
		case 'wrong_current_password':
			return m.password_wrong_current({}, o);
		case 'password_reused':
			return m.password_reused({}, o);
		case 'notice_empty':
			return m.admin_notice_empty({}, o);
		case 'invalid_characters':
			return m.api_invalid_characters({ field: str(params.field) }, o);
		case 'password_change_required':
			return m.api_password_change_required({}, o);
		case 'bad_request':
			return m.api_bad_request({}, o);
		case 'procedure_name_required':
			return m.admin_procedure_name_required({}, o);
		case 'form_name_required':
			return m.admin_procedure_form_name_required({}, o);
		case 'file_required':
			return m.admin_file_required({}, o);
		case 'file_too_large':
			return m.admin_file_too_large({ limit: str(params.limit) }, o);
		case 'file_type_refused':
			return m.admin_file_type_refused({ name: str(params.name) }, o);
		case 'description_required':
			return m.api_description_required({}, o);
		case 'started_after_report':
			return m.api_started_after_report({}, o);
		case 'time_out_of_range':
			return m.api_time_out_of_range({}, o);
		case 'unknown_category':
			return m.api_unknown_category({}, o);
		case 'complexity_below_default':
			return m.api_complexity_below_default({}, o);
		case 'incident_conflict':
			return m.api_incident_conflict({}, o);
		case 'attachment_conflict':
			return m.api_attachment_conflict({name: str(params.name)}, o);
		case 'checksum_mismatch':
			return m.api_checksum_mismatch({name: str(params.name)}, o);
		case 'sha256_invalid':
			return m.api_sha256_invalid({}, o);
		case 'attachment_empty':
			return m.api_attachment_empty({name: str(params.name)}, o);
		case 'attachment_too_large':
			return m.api_attachment_too_large({name: str(params.name), limit: str(params.limit)}, o);
		case 'attachment_type_refused':
			return m.api_attachment_type_refused({name: str(params.name)}, o);
		case 'attachments_total_too_large':
			return m.api_attachments_total_too_large({limit: str(params.limit)}, o);
		case 'attachments_too_many':
			return m.api_attachments_too_many({limit: str(params.limit)}, o);
		case 'session_mismatch':
			return m.api_session_mismatch({}, o);
		case 'invalid_id':
			return m.api_invalid_id({ field: str(params.field) }, o);
		case 'length_required':
			return m.api_length_required({}, o);
		case 'upload_offset_mismatch':
			return m.api_upload_offset_mismatch({}, o);
		case 'event_forbidden':
			return m.api_event_forbidden({}, o);
		case 'event_not_allowed':
			return m.api_event_not_allowed({}, o);
		case 'already_acknowledged':
			return m.api_already_acknowledged({ name: actorName(params.name, o) }, o);
		case 'escalate_simple':
			return m.api_escalate_simple({}, o);
		case 'same_complexity':
			return m.api_same_complexity({}, o);
		case 'withdraw_after_action':
			return m.api_withdraw_after_action({}, o);
		case 'withdraw_shared':
			return m.api_withdraw_shared({}, o);
		case 'stale_version':
			return m.api_stale_version({ name: actorName(params.name, o) }, o);
		case 'event_conflict':
			return m.api_event_conflict({}, o);
		case 'assignee_invalid':
			return m.api_assignee_invalid({}, o);
		case 'merge_target_invalid':
			return m.api_merge_target_invalid({}, o);
		case 'note_required':
			return m.api_note_required({}, o);
		case 'push_endpoint_invalid':
			return m.api_push_endpoint_invalid({}, o);
		case 'test_too_soon':
			return m.api_test_too_soon({ seconds: str(params.seconds) }, o);
		case 'internal':
			return params.reference
				? m.api_internal_reference({ reference: str(params.reference) }, o)
				: m.api_internal({}, o);
	}
}

/** Who acted first; no name means a timer (the system) did. */
function actorName(name: string | number | undefined, o: { locale: Locale }): string {
	return name ? String(name) : m.api_system_actor({}, o);
}

function fieldMessage(field: string, detail: string, locale: Locale): string {
	const o = { locale };
	switch (detail) {
		case 'invalid_type':
			return m.api_field_type({ field }, o);
		case 'too_small':
			return m.api_field_too_short({ field }, o);
		case 'too_big':
			return m.api_field_too_long({ field }, o);
		default:
			return m.api_field_invalid({ field }, o);
	}
}
