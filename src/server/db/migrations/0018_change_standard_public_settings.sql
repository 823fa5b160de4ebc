CREATE TABLE "change_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"cab_team" text DEFAULT 'cab' NOT NULL,
	"emergency_cab_team" text DEFAULT 'ecab' NOT NULL,
	"change_managers_team" text DEFAULT 'change-managers' NOT NULL,
	"cab_quorum" integer DEFAULT 2 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "request_types" ADD COLUMN "standard_change" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "request_ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_request_ticket_id_tickets_id_fk" FOREIGN KEY ("request_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "changes_request_idx" ON "changes" USING btree ("request_ticket_id");
--> statement-breakpoint
-- hand-written below
-- One settings row at most; the defaults are the teams the demo organisation has.
ALTER TABLE "change_settings" ADD CONSTRAINT "change_settings_one_row" CHECK ("id" = 1);
--> statement-breakpoint
-- A public change (scheduled maintenance on the status page) tells the serve processes to drop
-- their cached page when it is written, moved or leaves the public; internal changes stay quiet.
CREATE TRIGGER status_page_changes_insert AFTER INSERT ON changes
  FOR EACH ROW WHEN (NEW.public) EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_changes_update AFTER UPDATE ON changes
  FOR EACH ROW WHEN (OLD.public OR NEW.public) EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_changes_delete AFTER DELETE ON changes
  FOR EACH ROW WHEN (OLD.public) EXECUTE FUNCTION opsdesk_status_page_changed();
