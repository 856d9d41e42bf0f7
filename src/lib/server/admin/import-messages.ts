/** An import problem in the administrator's language; where it is (file, sheet, row) is shown beside it. */
import type { ImportProblem } from '$lib/domain/onboarding';
import type { Locale } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';

export function problemMessage(problem: ImportProblem, locale: Locale): string {
	const o = { locale };
	const param = (key: string) => String(problem.params[key] ?? '');
	const other = problem.params.other;
	const p = {
		value: param('value'),
		column: problem.column ?? '',
		max: param('max'),
		other: param('other'),
		expected: param('expected'),
		unit: param('unit'),
		// A post held by someone already in the system (0) or by an earlier row of the file.
		where: other === 0 ? m.import_where_existing({}, o) : m.import_where_row({ row: String(other ?? '') }, o)
	};
	switch (problem.code) {
		case 'unrecognized_sheet':
			return m.import_problem_unrecognized_sheet(p, o);
		case 'duplicate_sheet':
			return m.import_problem_duplicate_sheet(p, o);
		case 'missing_column':
			return m.import_problem_missing_column(p, o);
		case 'unknown_column':
			return m.import_problem_unknown_column(p, o);
		case 'duplicate_column':
			return m.import_problem_duplicate_column(p, o);
		case 'no_rows':
			return m.import_problem_no_rows(p, o);
		case 'required':
			return m.import_problem_required(p, o);
		case 'too_long':
			return m.import_problem_too_long(p, o);
		case 'invalid_characters':
			return m.import_problem_invalid_characters(p, o);
		case 'invalid_slug':
			return m.import_problem_invalid_slug(p, o);
		case 'slug_taken':
			return m.import_problem_slug_taken(p, o);
		case 'duplicate_in_file':
			return m.import_problem_duplicate_in_file(p, o);
		case 'unknown_province':
			return m.import_problem_unknown_province(p, o);
		case 'province_required':
			return m.import_problem_province_required(p, o);
		case 'invalid_phone':
			return m.import_problem_invalid_phone(p, o);
		case 'invalid_email':
			return m.import_problem_invalid_email(p, o);
		case 'invalid_zalo_link':
			return m.import_problem_invalid_zalo_link(p, o);
		case 'invalid_username':
			return m.import_problem_invalid_username(p, o);
		case 'username_taken':
			return m.import_problem_username_taken(p, o);
		case 'unknown_unit':
			return m.import_problem_unknown_unit(p, o);
		case 'ambiguous_unit':
			return m.import_problem_ambiguous_unit(p, o);
		case 'unknown_role':
			return m.import_problem_unknown_role(p, o);
		case 'role_unit_mismatch':
			return m.import_problem_role_unit_mismatch(p, o);
		case 'unknown_lead':
			return m.import_problem_unknown_lead(p, o);
		case 'lead_not_responder':
			return m.import_problem_lead_not_responder(p, o);
		case 'second_leader':
			return m.import_problem_second_leader(p, o);
		case 'second_deputy':
			return m.import_problem_second_deputy(p, o);
	}
}
