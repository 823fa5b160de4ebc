ALTER TABLE "ticket_created_rollup" ADD COLUMN "slot" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_transition_rollup" ADD COLUMN "slot" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- hand-written below
-- The report rollups' counters were hot rows: every transition of every ticket in the same quarter
-- hour added to the same (quarter, from, to) row, so concurrent transactions queued on its row lock
-- until each committed (measured under bench/lifecycle.ts: a ticket_history insert waited 68 ms on
-- average). Each backend now counts in a row of its own (`slot` = pg_backend_pid()); a backend
-- runs one transaction at a time, so two concurrent transactions never touch the same counter.
-- Readers already sum the rows of a quarter; a rebuild writes slot 0.
DROP INDEX IF EXISTS "ticket_created_rollup_key";
--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_created_rollup_key" ON "ticket_created_rollup" ("quarter", "request_type_id", "slot") NULLS NOT DISTINCT;
--> statement-breakpoint
DROP INDEX IF EXISTS "ticket_transition_rollup_key";
--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_transition_rollup_key" ON "ticket_transition_rollup" ("quarter", "from_status", "to_status", "slot") NULLS NOT DISTINCT;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_bump_created(at timestamptz, type_id uuid, created integer, escalated integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO ticket_created_rollup AS r (quarter, request_type_id, created, escalated, slot)
  VALUES (opsdesk_quarter(at), type_id, created, escalated, pg_backend_pid())
  ON CONFLICT (quarter, request_type_id, slot)
  DO UPDATE SET created = r.created + excluded.created, escalated = r.escalated + excluded.escalated
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_bump_transition(at timestamptz, from_status text, to_status text, n integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO ticket_transition_rollup AS r (quarter, from_status, to_status, count, slot)
  VALUES (opsdesk_quarter(at), from_status, to_status, n, pg_backend_pid())
  ON CONFLICT (quarter, from_status, to_status, slot) DO UPDATE SET count = r.count + excluded.count
$$;
