/**
 * The paper-form checklist: what a citizen fills in and brings for a procedure, shown
 * while they wait (BRIEF.md Step 3). Seeded from public sources and reviewed by
 * administrators; an unverified fact is shown to staff as "chưa xác minh".
 */
import { z } from 'zod/mini';
import { plainText } from './text';

// The checklist page searches with no zod to load.
export { searchProcedures } from './procedure-search';

export const procedureFormSchema = z.object({
	/** Civil-status forms have no code, only a title in the circular's appendix. */
	code: z.nullable(z.string()),
	name: z.string().check(z.minLength(1)),
	legalBasis: z.string()
});
export type ProcedureForm = z.infer<typeof procedureFormSchema>;

/** A blank form file to download and print (bytes at the public files endpoint). */
export const formFileSchema = z.object({
	id: z.uuid(),
	name: z.string(),
	type: z.string(),
	size: z.number().check(z.int(), z.nonnegative())
});
export type FormFileInfo = z.infer<typeof formFileSchema>;

export const procedureSchema = z.object({
	id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
	name: z.string().check(z.minLength(1)),
	/** The national procedure code (mã TTHC), e.g. "1.001193". */
	tthcCode: z.nullable(z.string()),
	/** Set when another office receives the file (residence: the ward police). */
	receivedAt: z.nullable(z.string()),
	fees: z.nullable(z.string()),
	forms: z.array(procedureFormSchema),
	/** What to bring, in the order the officer checks it: the numbered, tickable list. */
	documents: z.array(z.string().check(z.minLength(1))),
	/** What is worth knowing but not brought ("Lưu ý: …", a fee, where to file): shown apart, never counted. */
	notes: z.array(z.string().check(z.minLength(1))),
	sources: z.array(z.string()),
	verified: z.boolean(),
	files: z.array(formFileSchema)
});
export type Procedure = z.infer<typeof procedureSchema>;

/** One record of the seed file (`procedures.json`, field names as gathered). */
export const procedureSeedSchema = z.object({
	id: z.string(),
	name_vi: z.string(),
	forms: z.array(z.object({ code: z.nullable(z.string()), name_vi: z.string(), legal_basis: z.string() })),
	documents_to_bring: z.array(z.string()),
	sources: z.array(z.string()),
	verified: z.boolean(),
	review_note: z.optional(z.string())
});

export type ProcedureSeed = z.infer<typeof procedureSeedSchema>;

const POLICE = 'Công an cấp xã (Công an phường)';

/**
 * The seed's `documents_to_bring` mixes in lines that tell rather than list — "Lưu ý: …",
 * "Phí …", "Lệ phí …", "Nơi nộp: …" — and a citizen cannot bring a note. Those become notes.
 * (Conditional documents, "Nếu gửi qua bưu chính: bản sao …", stay documents.) Migration
 * 0012 moved such lines of an existing checklist with the same rule.
 */
const NOTE_LINE = /^(lưu ý|ghi chú|chú ý|lệ phí|phí|nơi nộp)(?=[\s:])/iu;

export function isChecklistNote(line: string): boolean {
	return NOTE_LINE.test(line.normalize('NFC').trim());
}

/**
 * Certification fees are fixed nationally and belong on the checklist (data README);
 * the seed keeps them in prose, so they are stated here by procedure.
 */
const KNOWN_FEES: Record<string, string> = {
	'chung-thuc-ban-sao-tu-ban-chinh': '2.000 đồng/trang',
	'chung-thuc-chu-ky': '10.000 đồng/trường hợp',
	'chung-thuc-hop-dong-giao-dich': '50.000 đồng/hợp đồng, giao dịch'
};

/** "Đăng ký khai sinh (mã TTHC 1.001193)" → name, code, and where it is received. */
export function procedureFromSeed(seed: ProcedureSeed): Omit<Procedure, 'files'> & { reviewNote: string | null } {
	const bracket = seed.name_vi.match(/^(.*?)\s*\((.*)\)\s*$/);
	const name = bracket ? bracket[1]! : seed.name_vi;
	const details = bracket ? bracket[2]! : '';
	const code = details.match(/mã TTHC\s+([\d.]+)/)?.[1] ?? null;
	return {
		id: seed.id,
		name,
		tthcCode: code,
		receivedAt: /Công an cấp xã/i.test(details) ? POLICE : null,
		fees: KNOWN_FEES[seed.id] ?? null,
		forms: seed.forms.map((f) => ({ code: f.code, name: f.name_vi, legalBasis: f.legal_basis })),
		documents: seed.documents_to_bring.filter((line) => !isChecklistNote(line)),
		notes: seed.documents_to_bring.filter(isChecklistNote),
		sources: seed.sources,
		verified: seed.verified,
		reviewNote: seed.review_note ?? null
	};
}

/**
 * An administrator's edit of a procedure. Saving it also confirms it: the facts were
 * read by someone responsible, so the "chưa xác minh" badge goes.
 */
export const procedureInputSchema = z.strictObject({
	name: plainText(300).check(z.trim(), z.minLength(1, 'procedure_name_required')),
	tthcCode: blankAsNull(30),
	receivedAt: blankAsNull(200),
	fees: blankAsNull(500),
	forms: z
		.array(
			z.strictObject({
				code: blankAsNull(30),
				name: plainText(300).check(z.trim(), z.minLength(1, 'form_name_required')),
				legalBasis: plainText(1000).check(z.trim())
			})
		)
		.check(z.maxLength(20)),
	documents: z.array(plainText(1000).check(z.trim(), z.minLength(1))).check(z.maxLength(40)),
	/** Absent: the notes stay as they are (an editor that does not know them). */
	notes: z.optional(z.array(plainText(1000).check(z.trim(), z.minLength(1))).check(z.maxLength(20)))
});
export type ProcedureInput = z.infer<typeof procedureInputSchema>;

/** A trimmed text, or null for none; a blank one is none too. */
function blankAsNull(max: number) {
	return z.pipe(z.nullable(plainText(max).check(z.trim())), z.transform(emptyToNull));
}

function emptyToNull(value: string | null): string | null {
	return value ? value : null;
}
