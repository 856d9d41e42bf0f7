ALTER TABLE "units" ADD COLUMN "notice_text" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "estimated_wait" text;