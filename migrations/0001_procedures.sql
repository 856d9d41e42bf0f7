CREATE TABLE "procedures" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"tthc_code" text,
	"received_at" text,
	"fees" text,
	"forms" jsonb NOT NULL,
	"documents" jsonb NOT NULL,
	"sources" jsonb NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"review_note" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
