CREATE TABLE "status_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"webhook_encrypted" text,
	"component_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"requested_component_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmation_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "status_subscribers_address_idx" ON "status_subscribers" USING btree ("kind","address");
--> statement-breakpoint
-- hand-written below
-- Subscribers are people without accounts; unsubscribing deletes their address, which an audit
-- row would keep forever.
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('status_subscribers', 'addresses of people without accounts: deleted on unsubscribe, not kept in the audit log');
--> statement-breakpoint
-- A public incident update queues the announcement to subscribers in the transaction that writes
-- it (the job sends each update once; a cron run every minute catches anything missed).
CREATE OR REPLACE FUNCTION opsdesk_status_update_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphile_worker.add_job(
    identifier => 'statuspage.announce',
    payload => '{}'::json,
    max_attempts => 5,
    job_key => 'statuspage.announce',
    job_key_mode => 'replace'
  );
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER status_update_published AFTER INSERT ON incident_timeline
  FOR EACH ROW WHEN (NEW.visibility = 'public') EXECUTE FUNCTION opsdesk_status_update_published();
