CREATE TABLE "ticket_created_rollup" (
	"quarter" timestamp with time zone NOT NULL,
	"request_type_id" uuid,
	"created" integer DEFAULT 0 NOT NULL,
	"escalated" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_transition_rollup" (
	"quarter" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX "tickets_assignee_status_idx";--> statement-breakpoint
DROP INDEX "tickets_team_status_idx";--> statement-breakpoint
CREATE INDEX "tickets_requester_status_idx" ON "tickets" USING btree ("requester_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "tickets_updated_idx" ON "tickets" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "tickets_assignee_status_idx" ON "tickets" USING btree ("assignee_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "tickets_team_status_idx" ON "tickets" USING btree ("team_id","status","updated_at");
--> statement-breakpoint
-- hand-written below
-- Derived tables: no audit rows for them (the changes they follow are audited).
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('ticket_created_rollup', 'report counts derived from tickets by triggers'),
  ('ticket_transition_rollup', 'report counts derived from ticket_history by triggers'),
  ('ticket_search', 'the full-text document of each ticket, derived by triggers');
--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_created_rollup_key" ON "ticket_created_rollup" ("quarter", "request_type_id") NULLS NOT DISTINCT;
--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_transition_rollup_key" ON "ticket_transition_rollup" ("quarter", "from_status", "to_status") NULLS NOT DISTINCT;
--> statement-breakpoint
-- Trigrams of the key and the title: key prefixes ("REQ-12") and typos in titles ("pasword").
CREATE INDEX "tickets_key_trgm_idx" ON "tickets" USING gin ("key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "tickets_title_trgm_idx" ON "tickets" USING gin (lower("title") gin_trgm_ops);
--> statement-breakpoint
-- The full-text document of each ticket, in its own table so that comments and renames rewrite a
-- small row (not the ticket with its dozen indexes and audit trigger). Weights: key and title A,
-- requester and assignee (names, emails) B, field values and an incident's description C,
-- comments that are not internal (a request's description is the first) D.
CREATE TABLE "ticket_search" (
  "ticket_id" uuid PRIMARY KEY REFERENCES "tickets" ("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_search_document_idx" ON "ticket_search" USING gin ("document");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_document(p_ticket uuid) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('simple', t.key), 'A')
      || setweight(to_tsvector('english', t.title), 'A')
      || setweight(to_tsvector('simple', concat_ws(' ', r.display_name, r.email, a.display_name, a.email)), 'B')
      || setweight(jsonb_to_tsvector('english', t.fields, '["string", "numeric"]'), 'C')
      || coalesce((SELECT setweight(to_tsvector('english', i.description), 'C')
                     FROM incidents i WHERE i.ticket_id = t.id), ''::tsvector)
      || coalesce((SELECT setweight(to_tsvector('english', string_agg(c.body, ' ' ORDER BY c.at)), 'D')
                     FROM ticket_comments c WHERE c.ticket_id = t.id AND NOT c.internal), ''::tsvector)
    FROM tickets t
    LEFT JOIN users r ON r.id = t.requester_id
    LEFT JOIN users a ON a.id = t.assignee_id
   WHERE t.id = p_ticket
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search (ticket_id, document) VALUES (NEW.id, opsdesk_ticket_document(NEW.id))
  ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
  FOR EACH ROW EXECUTE FUNCTION opsdesk_ticket_search_refresh();
--> statement-breakpoint
CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, fields, requester_id, assignee_id ON tickets
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.fields IS DISTINCT FROM NEW.fields
                     OR OLD.requester_id IS DISTINCT FROM NEW.requester_id
                     OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
  EXECUTE FUNCTION opsdesk_ticket_search_refresh();
--> statement-breakpoint
-- A new public comment is appended; an edited or removed one rebuilds the document.
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE ticket_search SET document = document || setweight(to_tsvector('english', NEW.body), 'D')
     WHERE ticket_id = NEW.ticket_id;
  ELSE
    UPDATE ticket_search SET document = opsdesk_ticket_document(ticket_id)
     WHERE ticket_id = coalesce(NEW.ticket_id, OLD.ticket_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_comment_insert AFTER INSERT ON ticket_comments
  FOR EACH ROW WHEN (NOT NEW.internal) EXECUTE FUNCTION opsdesk_ticket_search_comment();
--> statement-breakpoint
CREATE TRIGGER ticket_search_comment_change AFTER UPDATE OF body, internal OR DELETE ON ticket_comments
  FOR EACH ROW EXECUTE FUNCTION opsdesk_ticket_search_comment();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search SET document = opsdesk_ticket_document(ticket_id)
   WHERE ticket_id IN (SELECT id FROM tickets WHERE requester_id = NEW.id
                       UNION SELECT id FROM tickets WHERE assignee_id = NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_user AFTER UPDATE OF display_name, email ON users
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION opsdesk_ticket_search_user();
--> statement-breakpoint
-- An incident's description lives in its own row, written after the ticket's.
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search SET document = opsdesk_ticket_document(ticket_id) WHERE ticket_id = NEW.ticket_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_incident AFTER INSERT OR UPDATE OF description ON incidents
  FOR EACH ROW EXECUTE FUNCTION opsdesk_ticket_search_incident();
--> statement-breakpoint
-- Every document again, in one statement (`opsdesk search rebuild`; bulk loads with triggers off).
CREATE OR REPLACE FUNCTION opsdesk_rebuild_ticket_search() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE ticket_search IN EXCLUSIVE MODE;
  DELETE FROM ticket_search;
  INSERT INTO ticket_search (ticket_id, document)
  SELECT t.id,
         setweight(to_tsvector('simple', t.key), 'A')
      || setweight(to_tsvector('english', t.title), 'A')
      || setweight(to_tsvector('simple', concat_ws(' ', r.display_name, r.email, a.display_name, a.email)), 'B')
      || setweight(jsonb_to_tsvector('english', t.fields, '["string", "numeric"]'), 'C')
      || coalesce(setweight(to_tsvector('english', i.description), 'C'), ''::tsvector)
      || coalesce(setweight(to_tsvector('english', c.bodies), 'D'), ''::tsvector)
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
-- Report rollups: counts per UTC quarter hour, changed by the triggers below in the transaction of
-- the change. A quarter hour: date_bin('15 minutes', at, '2000-01-01').
CREATE OR REPLACE FUNCTION opsdesk_quarter(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_bump_created(at timestamptz, type_id uuid, created integer, escalated integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO ticket_created_rollup AS r (quarter, request_type_id, created, escalated)
  VALUES (opsdesk_quarter(at), type_id, created, escalated)
  ON CONFLICT (quarter, request_type_id)
  DO UPDATE SET created = r.created + excluded.created, escalated = r.escalated + excluded.escalated
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_bump_transition(at timestamptz, from_status text, to_status text, n integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO ticket_transition_rollup AS r (quarter, from_status, to_status, count)
  VALUES (opsdesk_quarter(at), from_status, to_status, n)
  ON CONFLICT (quarter, from_status, to_status) DO UPDATE SET count = r.count + excluded.count
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_escalated(p_ticket uuid) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN EXISTS (SELECT 1 FROM ticket_history
                            WHERE ticket_id = p_ticket AND to_status = 'need_further_support') THEN 1 ELSE 0 END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  escalated integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM opsdesk_bump_created(NEW.created_at, NEW.request_type_id, 1, 0);
    RETURN NULL;
  END IF;
  escalated := opsdesk_ticket_escalated(OLD.id);
  PERFORM opsdesk_bump_created(OLD.created_at, OLD.request_type_id, -1, -escalated);
  IF TG_OP = 'UPDATE' THEN
    PERFORM opsdesk_bump_created(NEW.created_at, NEW.request_type_id, 1, escalated);
    RETURN NULL;
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_insert AFTER INSERT ON tickets
  FOR EACH ROW EXECUTE FUNCTION opsdesk_ticket_rollup();
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_update AFTER UPDATE OF created_at, request_type_id ON tickets
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
                     OR OLD.request_type_id IS DISTINCT FROM NEW.request_type_id)
  EXECUTE FUNCTION opsdesk_ticket_rollup();
--> statement-breakpoint
-- Before the delete, while the ticket's history (deleted with it) still says whether it escalated.
CREATE TRIGGER ticket_rollup_delete BEFORE DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION opsdesk_ticket_rollup();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_history_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ticket record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM opsdesk_bump_transition(OLD.at, OLD.from_status, OLD.to_status, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM opsdesk_bump_transition(NEW.at, NEW.from_status, NEW.to_status, 1);
  END IF;
  -- The first entry into need_further_support escalates the ticket (on its creation's quarter).
  IF TG_OP = 'INSERT' AND NEW.to_status = 'need_further_support' AND NOT EXISTS (
       SELECT 1 FROM ticket_history
        WHERE ticket_id = NEW.ticket_id AND to_status = 'need_further_support' AND id <> NEW.id) THEN
    SELECT created_at, request_type_id INTO ticket FROM tickets WHERE id = NEW.ticket_id;
    IF FOUND THEN
      PERFORM opsdesk_bump_created(ticket.created_at, ticket.request_type_id, 0, 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_history_rollup AFTER INSERT OR DELETE OR UPDATE OF at, from_status, to_status ON ticket_history
  FOR EACH ROW EXECUTE FUNCTION opsdesk_history_rollup();
--> statement-breakpoint
-- Both rollups again from the tickets and their history (`opsdesk reports rebuild`).
CREATE OR REPLACE FUNCTION opsdesk_rebuild_ticket_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE ticket_created_rollup, ticket_transition_rollup IN EXCLUSIVE MODE;
  DELETE FROM ticket_created_rollup;
  DELETE FROM ticket_transition_rollup;
  INSERT INTO ticket_created_rollup (quarter, request_type_id, created, escalated)
  SELECT opsdesk_quarter(t.created_at), t.request_type_id, count(*),
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ticket_history h
                                         WHERE h.ticket_id = t.id AND h.to_status = 'need_further_support'))
    FROM tickets t GROUP BY 1, 2;
  INSERT INTO ticket_transition_rollup (quarter, from_status, to_status, count)
  SELECT opsdesk_quarter(at), from_status, to_status, count(*) FROM ticket_history GROUP BY 1, 2, 3;
END $$;
