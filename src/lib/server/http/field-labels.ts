/**
 * What a field is called in an error message, in the caller's language: "Mã sự cố không hợp
 * lệ", "The incident id is not valid" — never the API's own key ("id", "startedAt"), which
 * the error body carries beside the message as `field` for programs. A field of a list is
 * named with its place in it ("tên tờ khai thứ 2"). A key nobody declared (a caller's typo)
 * is quoted as sent.
 */
import type { Locale } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';

type Options = { locale: Locale };

/** Keys of request bodies, query strings and upload metadata, as `field` names them. */
export const FIELD_LABELS: Record<string, (o: Options) => string> = {
	'(body)': (o) => m.api_field_name_body({}, o),
	incidentId: (o) => m.api_field_name_incident_id({}, o),
	id: (o) => m.api_field_name_action_id({}, o),
	attachmentId: (o) => m.api_field_name_attachment_id({}, o),
	unitId: (o) => m.api_field_name_unit_id({}, o),
	entityId: (o) => m.api_field_name_entity_id({}, o),
	beforeId: (o) => m.api_field_name_before_id({}, o),
	before: (o) => m.api_field_name_before({}, o),
	status: (o) => m.api_field_name_status({}, o),
	category: (o) => m.api_field_name_category({}, o),
	categories: (o) => m.api_field_name_categories({}, o),
	since: (o) => m.api_field_name_since({}, o),
	limit: (o) => m.api_field_name_limit({}, o),
	mine: (o) => m.api_field_name_mine({}, o),
	complexity: (o) => m.api_field_name_complexity({}, o),
	description: (o) => m.api_field_name_description({}, o),
	affectedSystem: (o) => m.api_field_name_affected_system({}, o),
	errorMessage: (o) => m.api_field_name_error_message({}, o),
	scope: (o) => m.api_field_name_scope({}, o),
	startedAt: (o) => m.api_field_name_started_at({}, o),
	createdAt: (o) => m.api_field_name_created_at({}, o),
	impactLevel: (o) => m.api_field_name_impact_level({}, o),
	impact: (o) => m.api_field_name_impact({}, o),
	type: (o) => m.api_field_name_type({}, o),
	note: (o) => m.api_field_name_note({}, o),
	version: (o) => m.api_field_name_version({}, o),
	assigneeId: (o) => m.api_field_name_assignee_id({}, o),
	targetId: (o) => m.api_field_name_target_id({}, o),
	from: (o) => m.api_field_name_outage_from({}, o),
	to: (o) => m.api_field_name_outage_to({}, o),
	locale: (o) => m.api_field_name_locale({}, o),
	phone: (o) => m.api_field_name_phone({}, o),
	email: (o) => m.api_field_name_email({}, o),
	currentPassword: (o) => m.api_field_name_current_password({}, o),
	newPassword: (o) => m.api_field_name_new_password({}, o),
	username: (o) => m.api_field_name_username({}, o),
	password: (o) => m.api_field_name_password({}, o),
	fullName: (o) => m.api_field_name_full_name({}, o),
	role: (o) => m.api_field_name_role({}, o),
	active: (o) => m.api_field_name_active({}, o),
	kind: (o) => m.api_field_name_kind({}, o),
	name: (o) => m.api_field_name_name({}, o),
	slug: (o) => m.api_field_name_slug({}, o),
	parentId: (o) => m.api_field_name_parent_id({}, o),
	serviceCenterName: (o) => m.api_field_name_service_center_name({}, o),
	address: (o) => m.api_field_name_address({}, o),
	openingHours: (o) => m.api_field_name_opening_hours({}, o),
	escalateAfterMinutes: (o) => m.api_field_name_escalate_after({}, o),
	remindAfterMinutes: (o) => m.api_field_name_remind_after({}, o),
	leaderId: (o) => m.api_field_name_leader_id({}, o),
	deputyId: (o) => m.api_field_name_deputy_id({}, o),
	label: (o) => m.api_field_name_contact_label({}, o),
	value: (o) => m.api_field_name_contact_value({}, o),
	sortOrder: (o) => m.api_field_name_sort_order({}, o),
	text: (o) => m.api_field_name_notice_text({}, o),
	estimatedWait: (o) => m.api_field_name_estimated_wait({}, o),
	endpoint: (o) => m.api_field_name_endpoint({}, o),
	expirationTime: (o) => m.api_field_name_expiration_time({}, o),
	keys: (o) => m.api_field_name_push_keys({}, o),
	channel: (o) => m.api_field_name_channel({}, o),
	enabled: (o) => m.api_field_name_enabled({}, o),
	tthcCode: (o) => m.api_field_name_tthc_code({}, o),
	receivedAt: (o) => m.api_field_name_received_at({}, o),
	fees: (o) => m.api_field_name_fees({}, o),
	forms: (o) => m.api_field_name_forms({}, o),
	documents: (o) => m.api_field_name_documents({}, o),
	notes: (o) => m.api_field_name_notes({}, o),
	size: (o) => m.api_field_name_file_size({}, o),
	sha256: (o) => m.api_field_name_sha256({}, o),
	files: (o) => m.api_field_name_files({}, o),
	what: (o) => m.api_field_name_export_what({}, o),
	format: (o) => m.api_field_name_export_format({}, o),
	mode: (o) => m.api_field_name_import_mode({}, o),
};

/** Fields of a list's items, `#` standing for the position (`forms.2.name` → `forms.#.name`). */
export const ITEM_LABELS: Record<string, (n: number, o: Options) => string> = {
	'forms.#.code': (n, o) => m.api_field_name_form_code({ n }, o),
	'forms.#.name': (n, o) => m.api_field_name_form_name({ n }, o),
	'forms.#.legalBasis': (n, o) => m.api_field_name_form_legal_basis({ n }, o),
	'documents.#': (n, o) => m.api_field_name_document({ n }, o),
	'notes.#': (n, o) => m.api_field_name_notes_item({ n }, o),
};

/** A noun phrase for `field` that may open a sentence once capitalised. */
export function fieldLabel(field: string, locale: Locale): string {
	const o = { locale };
	if (field === '') return FIELD_LABELS['(body)']!(o);
	const plain = FIELD_LABELS[field];
	if (plain) return plain(o);
	const position = field.match(/\.(\d+)(?:\.|$)/);
	const item = position ? ITEM_LABELS[field.replace(/\.\d+(?=\.|$)/g, '.#')] : undefined;
	if (item) return item(Number(position![1]) + 1, o);
	// A nested key of a declared field (a push subscription's `keys.auth`) is named by that field.
	const parent = FIELD_LABELS[field.split('.')[0]!];
	if (parent && field.includes('.')) return parent(o);
	return m.api_field_name_unnamed({ field }, o);
}

/** "mã sự cố không hợp lệ" → "Mã sự cố không hợp lệ". */
export function sentence(text: string, locale: Locale): string {
	return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
