-- hand-written
-- A ticket's transition as a HOT update (issue 18): every transition sets status, status_changed_at
-- and updated_at, which five btrees of tickets held (status; requester, assignee and team with
-- status and updated_at; updated_at alone), so no transition was a HOT update: each wrote a new
-- entry into all 14 indexes of tickets, the three GIN ones (fields, key and title trigrams)
-- included. The workspace's lists by status or by last change now read ticket_search's copies of
-- status, times, team and people (tickets.queries.ts), which has its own indexes; its row is written
-- by the deferred trigger anyway (0028), and not as a HOT update (its updated_at is indexed).
-- What tickets keeps holds no column a transition changes (status, status_changed_at, updated_at,
-- resolved_at, closed_at, outcome, outcome_reason, version).
DROP INDEX IF EXISTS "tickets_status_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "tickets_requester_status_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "tickets_updated_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "tickets_team_status_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "tickets_assignee_status_idx";
--> statement-breakpoint
-- A team's and an assignee's tickets on tickets itself: an agent's visibility (team_id = any(…) or
-- assignee_id = …) for the lists that stay on tickets, a team's load for auto-assignment, and the
-- users trigger's lookup of an assignee's tickets; newest first by the time that never changes.
CREATE INDEX "tickets_team_created_idx" ON "tickets" USING btree ("team_id","created_at");
--> statement-breakpoint
CREATE INDEX "tickets_assignee_created_idx" ON "tickets" USING btree ("assignee_id","created_at");
--> statement-breakpoint
-- What tickets had for the queues, on the copies: a status's tickets, a team's and an assignee's
-- by status, latest change first (one status: walked in order; several: a bitmap of each, sorted).
-- A transition's row of ticket_search is written anyway (not HOT: its updated_at is indexed), so
-- these add one btree entry each to it, against the 14 entries tickets no longer writes.
CREATE INDEX "ticket_search_status_idx" ON "ticket_search" ("status", "updated_at", "ticket_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_team_status_idx" ON "ticket_search" ("team_id", "status", "updated_at", "ticket_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_assignee_status_idx" ON "ticket_search" ("assignee_id", "status", "updated_at", "ticket_id");
--> statement-breakpoint
ANALYZE "ticket_search";
--> statement-breakpoint
-- Room on each page for a row's next version, so a HOT update finds it there. Pages written from
-- now on keep 10 % free; the existing pages are full until the table is rewritten (VACUUM FULL,
-- CLUSTER or pg_repack, in a maintenance window: not done here, it locks the table).
ALTER TABLE "tickets" SET (fillfactor = 90);
