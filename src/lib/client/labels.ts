/** Words for domain values, in the current language. */
import type { ContactKind, UnitKind } from '$lib/domain/roles';
import type { Person, Profile } from '$lib/domain/account';
import type { LocalReportState, Problem } from './db';
import { SERVER_FAILING } from './outbox/drain';
import { m } from '$lib/paraglide/messages';

export { categoryExample, categoryGroupLabel, categoryLabel, impactLevelLabel, scopeLabel } from './report-labels';

export function roleLabel(person: Pick<Person | Profile, 'role' | 'isLeader' | 'isDeputy'>): string {
	if (person.role === 'ward_responder' && person.isLeader) return m.role_leader();
	if (person.role === 'ward_responder' && person.isDeputy) return m.role_deputy();
	switch (person.role) {
		case 'desk_officer':
			return m.role_desk_officer();
		case 'ward_responder':
			return m.role_ward_responder();
		case 'province_team':
			return m.role_province_team();
		case 'vendor_team':
			return m.role_vendor_team();
		case 'admin':
			return m.role_admin();
	}
}

/** "Cán bộ Một cửa · Phường Thái Hòa"; an IT team's name already says what it is. */
export function roleAndUnit(profile: Profile): string {
	if (!profile.unit) return roleLabel(profile);
	if (profile.unit.kind === 'it_team') return profile.unit.name;
	return `${roleLabel(profile)} · ${profile.unit.name}`;
}

export function contactKindLabel(kind: ContactKind): string {
	switch (kind) {
		case 'phone':
			return m.contact_phone();
		case 'hotline':
			return m.contact_hotline();
		case 'zalo_group':
			return m.contact_zalo_group();
		case 'email':
			return m.contact_email();
	}
}

export function unitKindLabel(kind: UnitKind): string {
	switch (kind) {
		case 'province':
			return m.unit_kind_province();
		case 'ward':
			return m.unit_kind_ward();
		case 'it_team':
			return m.unit_kind_it_team();
	}
}

export function reportStateLabel(state: LocalReportState): string {
	switch (state) {
		case 'queued':
			return m.report_state_queued();
		case 'sending':
			return m.report_state_sending();
		case 'sent':
			return m.report_state_sent();
		case 'needs_action':
			return m.report_state_needs_action();
		case 'needs_sign_in':
			return m.report_state_needs_sign_in();
	}
}

/** A refusal in words: the server's own message is already in the user's language. */
export function problemText(problem: Problem): string {
	if (problem.code === SERVER_FAILING) return m.report_server_failing();
	if (problem.code === 'unknown') return m.api_unreachable({ status: problem.status ?? '' });
	return problem.message;
}
