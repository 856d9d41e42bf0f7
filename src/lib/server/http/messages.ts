/** API error codes → messages in the caller's language (through the i18n catalog). */
import type { ApiErrorCode } from '$lib/domain/api-error';
import type { Locale } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';
import { fieldLabel, sentence } from './field-labels';

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
			return sentence(m.api_unknown_field({ field: fieldLabel(str(params.field), locale) }, o), locale);
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
			return sentence(m.api_invalid_characters({ field: fieldLabel(str(params.field), locale) }, o), locale);
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
		case 'audio_empty':
			return m.api_audio_empty({}, o);
		case 'audio_too_large':
			return m.api_audio_too_large({ limit: str(params.limit) }, o);
		case 'audio_type_refused':
			return m.api_audio_type_refused({}, o);
		case 'audio_unreadable':
			return m.api_audio_unreadable({}, o);
		case 'audio_too_long':
			return m.api_audio_too_long({ duration: str(params.duration), limit: str(params.limit) }, o);
		case 'session_mismatch':
			return m.api_session_mismatch({}, o);
		case 'invalid_id':
			return sentence(m.api_invalid_id({ field: fieldLabel(str(params.field), locale) }, o), locale);
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
		case 'parent_invalid':
			return m.api_parent_invalid({}, o);
		case 'invalid_slug':
			return m.api_invalid_slug({}, o);
		case 'slug_taken':
			return m.api_slug_taken({ slug: str(params.slug) }, o);
		case 'edit_conflict':
			return m.api_edit_conflict({ name: str(params.name) || m.api_other_admin({}, o), at: str(params.at) }, o);
		case 'cannot_deactivate_own_unit':
			return m.api_cannot_deactivate_own_unit({}, o);
		case 'unit_has_active_children':
			return m.api_unit_has_active_children({ count: str(params.count) }, o);
		case 'unit_in_use':
			return m.api_unit_in_use({}, o);
		case 'unit_required':
			return m.api_unit_required({}, o);
		case 'unit_invalid':
			return m.api_unit_invalid({}, o);
		case 'role_unit_mismatch':
			return m.api_role_unit_mismatch({}, o);
		case 'username_taken':
			return m.api_username_taken({ username: str(params.username) }, o);
		case 'invalid_username':
			return m.api_invalid_username({}, o);
		case 'cannot_change_self':
			return m.api_cannot_change_self({}, o);
		case 'user_inactive':
			return m.api_user_inactive({}, o);
		case 'deputy_is_leader':
			return m.api_deputy_is_leader({}, o);
		case 'leader_invalid':
			return m.api_leader_invalid({}, o);
		case 'name_required':
			return m.api_name_required({}, o);
		case 'categories_required':
			return m.api_categories_required({}, o);
		case 'invalid_phone':
			return m.api_invalid_phone({}, o);
		case 'invalid_email':
			return m.api_invalid_email({}, o);
		case 'invalid_zalo_link':
			return m.api_invalid_zalo_link({}, o);
		case 'contact_value_required':
			return m.api_contact_value_required({}, o);
		case 'import_file_required':
			return m.api_import_file_required({}, o);
		case 'import_not_spreadsheet':
			return m.api_import_not_spreadsheet({ file: str(params.file) }, o);
		case 'import_legacy_xls':
			return m.api_import_legacy_xls({ file: str(params.file) }, o);
		case 'import_empty':
			return m.api_import_empty({ file: str(params.file) }, o);
		case 'import_too_large':
			return m.api_import_too_large({ file: str(params.file), limit: str(params.limit) }, o);
		case 'import_has_problems':
			return m.api_import_has_problems({ count: str(params.count) }, o);
		case 'import_too_many_rows':
			return m.api_import_too_many_rows({ file: str(params.file), max: str(params.max) }, o);
		case 'import_upload_too_large':
			return m.api_import_upload_too_large({ limit: str(params.limit) }, o);
		case 'server_busy':
			return m.api_server_busy({}, o);
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

function fieldMessage(key: string, detail: string, locale: Locale): string {
	const o = { locale };
	const field = fieldLabel(key, locale);
	switch (detail) {
		case 'invalid_type':
			return sentence(m.api_field_type({ field }, o), locale);
		case 'too_small':
			return sentence(m.api_field_too_short({ field }, o), locale);
		case 'too_big':
			return sentence(m.api_field_too_long({ field }, o), locale);
		default:
			return sentence(m.api_field_invalid({ field }, o), locale);
	}
}
