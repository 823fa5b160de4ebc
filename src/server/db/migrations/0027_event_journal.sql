CREATE TABLE "event_journal" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"alerts" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" jsonb
);
--> statement-breakpoint
ALTER TABLE "event_journal" ADD CONSTRAINT "event_journal_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_journal_pending_idx" ON "event_journal" USING btree ("id") WHERE processed_at is null;--> statement-breakpoint
CREATE INDEX "event_journal_processed_idx" ON "event_journal" USING btree ("processed_at");--> statement-breakpoint
-- hand-written below
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('event_journal', 'the intake journal: machine-written at intake rate, processed into alerts and pruned')
ON CONFLICT DO NOTHING;
