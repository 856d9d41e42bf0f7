CREATE TYPE "public"."incident_status" AS ENUM('reported', 'acknowledged', 'escalated', 'resolved', 'closed', 'withdrawn');--> statement-breakpoint
CREATE TABLE "incident_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"report_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"reporter_id" uuid NOT NULL,
	"ward_id" uuid NOT NULL,
	"category" text NOT NULL,
	"complexity" text NOT NULL,
	"description" text NOT NULL,
	"affected_system" text,
	"error_message" text,
	"scope" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"impact_level" text NOT NULL,
	"impact" text,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"clock_skew_ms" bigint,
	"server_started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_reports_complexity_check" CHECK ("incident_reports"."complexity" in ('simple', 'complex')),
	CONSTRAINT "incident_reports_scope_check" CHECK ("incident_reports"."scope" in ('desk', 'several', 'section')),
	CONSTRAINT "incident_reports_impact_level_check" CHECK ("incident_reports"."impact_level" in ('none', 'slowed', 'stopped'))
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ward_id" uuid NOT NULL,
	"category" text NOT NULL,
	"complexity" text NOT NULL,
	"status" "incident_status" DEFAULT 'reported' NOT NULL,
	"description" text NOT NULL,
	"affected_system" text,
	"error_message" text,
	"scope" text NOT NULL,
	"impact_level" text NOT NULL,
	"impact" text,
	"started_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_complexity_check" CHECK ("incidents"."complexity" in ('simple', 'complex')),
	CONSTRAINT "incidents_scope_check" CHECK ("incidents"."scope" in ('desk', 'several', 'section')),
	CONSTRAINT "incidents_impact_level_check" CHECK ("incidents"."impact_level" in ('none', 'slowed', 'stopped'))
);
--> statement-breakpoint
ALTER TABLE "incident_attachments" ADD CONSTRAINT "incident_attachments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_attachments" ADD CONSTRAINT "incident_attachments_report_id_incident_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."incident_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_attachments" ADD CONSTRAINT "incident_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_report_id_incident_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."incident_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_ward_id_units_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_ward_id_units_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_attachments_incident_idx" ON "incident_attachments" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_attachments_report_idx" ON "incident_attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incident_reports_incident_idx" ON "incident_reports" USING btree ("incident_id","server_started_at");--> statement-breakpoint
CREATE INDEX "incident_reports_reporter_idx" ON "incident_reports" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "incidents_ward_created_idx" ON "incidents" USING btree ("ward_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_created_idx" ON "incidents" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_grouping_idx" ON "incidents" USING btree ("ward_id","category","status");