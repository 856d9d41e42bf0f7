ALTER TABLE "procedures" ADD COLUMN "notes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- Lines of a checklist that tell rather than list ("Lưu ý: …", a fee, where to file) become
-- notes, in their order; the same rule as isChecklistNote in src/lib/domain/procedure.ts.
UPDATE "procedures" SET
	"notes" = COALESCE((
		SELECT jsonb_agg(d.line ORDER BY d.n) FROM jsonb_array_elements_text("procedures"."documents") WITH ORDINALITY AS d(line, n)
		WHERE d.line ~ '^([Ll]ưu ý|[Gg]hi chú|[Cc]hú ý|[Ll]ệ phí|[Pp]hí|[Nn]ơi nộp)[[:space:]:]'
	), '[]'::jsonb),
	"documents" = COALESCE((
		SELECT jsonb_agg(d.line ORDER BY d.n) FROM jsonb_array_elements_text("procedures"."documents") WITH ORDINALITY AS d(line, n)
		WHERE d.line !~ '^([Ll]ưu ý|[Gg]hi chú|[Cc]hú ý|[Ll]ệ phí|[Pp]hí|[Nn]ơi nộp)[[:space:]:]'
	), '[]'::jsonb)
WHERE EXISTS (
	SELECT 1 FROM jsonb_array_elements_text("procedures"."documents") AS d(line)
	WHERE d.line ~ '^([Ll]ưu ý|[Gg]hi chú|[Cc]hú ý|[Ll]ệ phí|[Pp]hí|[Nn]ơi nộp)[[:space:]:]'
);
