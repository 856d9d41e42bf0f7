import { json } from '@sveltejs/kit';
import type { ImportApplyAnswer, ImportCheckAnswer, ImportProblem } from '$lib/domain/onboarding';
import { requireAdmin } from '$lib/server/admin/authority';
import { problemMessage } from '$lib/server/admin/import-messages';
import { applyImport, checkImport, readImportFiles } from '$lib/server/admin/import.service';
import { readUploadedFiles } from '$lib/server/admin/upload';
import { ApiError, endpoint, errorBody } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Bulk onboarding. `mode=check` (the dry run) lists every problem and what would be
 * created; `mode=apply` writes it all in one transaction, or nothing. Files travel as
 * multipart form data (`files`, one or two: wards and people, or one workbook with both).
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const { mode, files } = await readUploadedFiles(event);
	if (mode !== 'check' && mode !== 'apply') throw new ApiError(400, 'validation_failed', { field: 'mode' });
	const sheets = await readImportFiles(files);
	const locale = event.locals.locale;
	const withMessages = (problems: ImportProblem[]) => problems.map((p) => ({ ...p, message: problemMessage(p, locale) }));

	if (mode === 'check') {
		const plan = await checkImport(getDb(), admin, sheets);
		const answer: ImportCheckAnswer = {
			ok: plan.problems.length === 0,
			wards: plan.wards.map((w) => ({ row: w.row, name: w.name, slug: w.slug })),
			people: plan.people.map((p) => ({
				row: p.row,
				unitName: p.unitName,
				fullName: p.fullName,
				username: p.username,
				role: p.role,
				isLeader: p.isLeader,
				isDeputy: p.isDeputy
			})),
			problems: withMessages(plan.problems)
		};
		return json(answer);
	}
	const result = await applyImport(getDb(), admin, sheets);
	if (!result.ok) {
		const problems = withMessages(result.problems);
		return json({ ...errorBody(locale, 'import_has_problems', { count: problems.length }), problems }, { status: 422 });
	}
	const answer: ImportApplyAnswer = { wards: result.wards, people: result.people };
	// The one-time passwords are in this answer only: never cached, never stored.
	return json(answer, { status: 201, headers: { 'cache-control': 'no-store' } });
});
