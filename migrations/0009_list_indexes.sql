DROP INDEX "incidents_ward_created_idx";--> statement-breakpoint
DROP INDEX "incidents_created_idx";--> statement-breakpoint
CREATE INDEX "incidents_open_created_idx" ON "incidents" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "incidents"."status" in ('reported', 'acknowledged', 'escalated', 'resolved');--> statement-breakpoint
CREATE INDEX "incidents_ward_open_created_idx" ON "incidents" USING btree ("ward_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "incidents"."status" in ('reported', 'acknowledged', 'escalated', 'resolved');--> statement-breakpoint
CREATE INDEX "incidents_updated_idx" ON "incidents" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "incidents_ward_created_idx" ON "incidents" USING btree ("ward_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "incidents_created_idx" ON "incidents" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);