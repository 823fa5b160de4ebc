-- hand-written below
-- A search's filter and order columns next to its document (issue 18 item 4): a word with "newest
-- first" (or "latest change first") walks one btree of ticket_search and checks each document,
-- without a join to tickets for every match; relevance ranks the newest matches from there. The
-- visibility's columns (team, requester, assignee) too: an agent's word search narrows the
-- documents by its team's and own tickets' bitmaps before reading them.
-- Kept by the same triggers as the document; existing documents are rebuilt (one statement, the
-- GIN index built once afterwards rather than row by row).
DROP INDEX IF EXISTS "ticket_search_document_idx";
--> statement-breakpoint
TRUNCATE "ticket_search";
--> statement-breakpoint
ALTER TABLE "ticket_search"
  ADD COLUMN "created_at" timestamptz NOT NULL,
  ADD COLUMN "updated_at" timestamptz NOT NULL,
  ADD COLUMN "status" text NOT NULL,
  ADD COLUMN "team_id" uuid,
  ADD COLUMN "requester_id" uuid,
  ADD COLUMN "assignee_id" uuid;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search (ticket_id, document, created_at, updated_at, status, team_id, requester_id, assignee_id)
  VALUES (NEW.id, opsdesk_ticket_document(NEW.id), NEW.created_at, NEW.updated_at, NEW.status, NEW.team_id,
          NEW.requester_id, NEW.assignee_id)
  ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document, created_at = excluded.created_at,
    updated_at = excluded.updated_at, status = excluded.status, team_id = excluded.team_id,
    requester_id = excluded.requester_id, assignee_id = excluded.assignee_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A change of status, team or time without a change of the document: only the columns (a change
-- of requester or assignee rewrites the document, ticket_search_update).
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search SET created_at = NEW.created_at, updated_at = NEW.updated_at, status = NEW.status,
                           team_id = NEW.team_id
   WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_columns AFTER UPDATE OF created_at, updated_at, status, team_id ON tickets
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.updated_at IS DISTINCT FROM NEW.updated_at
                     OR OLD.status IS DISTINCT FROM NEW.status OR OLD.team_id IS DISTINCT FROM NEW.team_id)
  EXECUTE FUNCTION opsdesk_ticket_search_columns();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_rebuild_ticket_search() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE ticket_search IN EXCLUSIVE MODE;
  DELETE FROM ticket_search;
  INSERT INTO ticket_search (ticket_id, document, created_at, updated_at, status, team_id, requester_id, assignee_id)
  SELECT t.id,
         setweight(to_tsvector('simple', t.key), 'A')
      || setweight(to_tsvector('english', t.title), 'A')
      || setweight(to_tsvector('simple', concat_ws(' ', r.display_name, r.email, a.display_name, a.email)), 'B')
      || setweight(jsonb_to_tsvector('english', t.fields, '["string", "numeric"]'), 'C')
      || coalesce(setweight(to_tsvector('english', i.description), 'C'), ''::tsvector)
      || coalesce(setweight(to_tsvector('english', c.bodies), 'D'), ''::tsvector),
         t.created_at, t.updated_at, t.status, t.team_id, t.requester_id, t.assignee_id
    FROM tickets t
    LEFT JOIN incidents i ON i.ticket_id = t.id
    LEFT JOIN users r ON r.id = t.requester_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN (SELECT ticket_id, string_agg(body, ' ' ORDER BY at) AS bodies
                 FROM ticket_comments WHERE NOT internal GROUP BY ticket_id) c ON c.ticket_id = t.id;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END $$;
--> statement-breakpoint
SELECT opsdesk_rebuild_ticket_search();
--> statement-breakpoint
CREATE INDEX "ticket_search_document_idx" ON "ticket_search" USING gin ("document");
--> statement-breakpoint
CREATE INDEX "ticket_search_created_idx" ON "ticket_search" ("created_at", "ticket_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_updated_idx" ON "ticket_search" ("updated_at", "ticket_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_team_idx" ON "ticket_search" ("team_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_requester_idx" ON "ticket_search" ("requester_id");
--> statement-breakpoint
CREATE INDEX "ticket_search_assignee_idx" ON "ticket_search" ("assignee_id");
