-- hand-written below
-- An agent's search for a common word by time or relevance (issue 18 item 4): each of their teams'
-- documents newest first (or latest change first), and what is assigned to them newest first, each
-- from one btree and merged, instead of ANDing the word's GIN bitmap (tens of thousands of entries
-- at a million tickets) with the visibility's. They replace the indexes on team_id and assignee_id
-- alone (their first column serves those lookups).
CREATE INDEX "ticket_search_team_created_idx" ON "ticket_search" ("team_id", "created_at", "ticket_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_team_updated_idx" ON "ticket_search" ("team_id", "updated_at", "ticket_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_assignee_created_idx" ON "ticket_search" ("assignee_id", "created_at", "ticket_id");
--> statement-breakpoint
DROP INDEX IF EXISTS "ticket_search_team_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "ticket_search_assignee_idx";
--> statement-breakpoint
-- Statistics for the planner on ticket_search's columns: 0023 added them and rebuilt the table,
-- then left it to autovacuum; a fresh migration leaves them analysed.
ANALYZE "ticket_search";
