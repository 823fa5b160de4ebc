CREATE TABLE "status_spans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "status_spans" ADD CONSTRAINT "status_spans_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_spans_service_idx" ON "status_spans" USING btree ("service_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "status_spans_open_idx" ON "status_spans" USING btree ("service_id") WHERE "status_spans"."ended_at" is null;--> statement-breakpoint
-- hand-written below
-- The status history is its own record (append and close only): no audit rows for it.
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('status_spans', 'the status history of services: derived, its own record');
--> statement-breakpoint
-- Every change to what the status page shows (incidents, the services they reach, their public
-- updates, CIs) tells the serve processes to drop their cached page: one NOTIFY per statement,
-- folded into one per transaction by PostgreSQL.
CREATE OR REPLACE FUNCTION opsdesk_status_page_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opsdesk_status_page', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER status_page_incidents AFTER INSERT OR UPDATE OR DELETE ON incidents
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_incident_services AFTER INSERT OR UPDATE OR DELETE ON incident_services
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_incident_timeline AFTER INSERT OR UPDATE OR DELETE ON incident_timeline
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_cis AFTER INSERT OR UPDATE OR DELETE ON cis
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
