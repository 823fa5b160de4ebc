-- hand-written
-- The row triggers of the core loop, cheaper per row (issue 18): a ticket's transition wrote ~17
-- audit rows per request lifecycle and each one ran opsdesk_redact() twice (jsonb_each, a regular
-- expression per key and jsonb_object_agg over the whole row) and a SELECT for its entity id,
-- though only a handful of tables have a column whose name says it holds a secret.
--
-- The audit trigger now takes a second argument, set by opsdesk_sync_audit_triggers() from the
-- table's columns: 'redact' when a column's name matches the secret pattern (the row is redacted
-- as before), 'plain' when none does (the row is written as it is: there is nothing to redact, the
-- keys of to_jsonb(row) being the column names). The sync runs after every migration run, so a
-- table that gains such a column gets 'redact' in the same run; a trigger without the argument
-- (made before this migration) redacts every row. A single-column key is read with one
-- expression instead of a SELECT. The rows written are the same as before.
CREATE OR REPLACE FUNCTION opsdesk_secret_column(name text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT name ~ '(password|secret|token_hash|_encrypted$|credentials)'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_redact(row_data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN row_data IS NULL THEN NULL ELSE (
    SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN opsdesk_secret_column(key) AND value <> 'null'::jsonb THEN '"[redacted]"'::jsonb
      ELSE value END), '{}'::jsonb)
    FROM jsonb_each(row_data)) END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := coalesce(nullif(current_setting('opsdesk.actor', true), '')::jsonb,
                          '{"kind":"system","label":"system:unattributed"}'::jsonb);
  before_row jsonb;
  after_row jsonb;
  key_row jsonb;
  entity_id text;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
    RETURN NEW;
  END IF;
  IF TG_OP <> 'INSERT' THEN before_row := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN after_row := to_jsonb(NEW); END IF;
  key_row := coalesce(after_row, before_row);
  -- TG_ARGV[0]: the primary key columns, comma separated.
  IF strpos(TG_ARGV[0], ',') = 0 THEN
    entity_id := key_row ->> TG_ARGV[0];
  ELSE
    SELECT string_agg(key_row ->> column_name, ':') INTO entity_id
      FROM unnest(string_to_array(TG_ARGV[0], ',')) AS column_name;
  END IF;
  -- TG_ARGV[1]: 'plain' when no column of the table holds a secret.
  IF TG_NARGS < 2 OR TG_ARGV[1] IS DISTINCT FROM 'plain' THEN
    before_row := opsdesk_redact(before_row);
    after_row := opsdesk_redact(after_row);
  END IF;
  INSERT INTO audit_log (actor_kind, actor_id, actor_label, request_id, action, entity, entity_id, before, after)
  VALUES (
    coalesce(actor ->> 'kind', 'system'),
    nullif(actor ->> 'id', '')::uuid,
    coalesce(actor ->> 'label', 'unknown'),
    actor ->> 'requestId',
    lower(TG_OP),
    TG_TABLE_NAME,
    entity_id,
    before_row,
    after_row
  );
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Attaches the trigger to new tables, and re-creates it where its arguments (key columns, secret
-- columns or not) no longer match the table's columns. Returns the number of triggers (re)made.
CREATE OR REPLACE FUNCTION opsdesk_sync_audit_triggers() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t record;
  key_columns text;
  mode text;
  current_args text[];
  attached integer := 0;
BEGIN
  FOR t IN
    SELECT c.oid, c.relname
      FROM pg_class c
      JOIN pg_namespace ns ON ns.oid = c.relnamespace
     WHERE ns.nspname = current_schema()
       AND c.relkind IN ('r', 'p')
       AND c.relname NOT IN ('audit_log', 'audit_exempt_tables')
       AND c.relname NOT IN (SELECT table_name FROM audit_exempt_tables)
  LOOP
    SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey::int2[], a.attnum))
      INTO key_columns
      FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = t.oid AND i.indisprimary;
    SELECT CASE WHEN bool_or(opsdesk_secret_column(a.attname)) THEN 'redact' ELSE 'plain' END
      INTO mode
      FROM pg_attribute a
     WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped;
    -- tgargs: the arguments, each followed by a zero byte (the last element is empty).
    SELECT string_to_array(encode(tg.tgargs, 'escape'), '\000')
      INTO current_args
      FROM pg_trigger tg WHERE tg.tgrelid = t.oid AND tg.tgname = 'opsdesk_audit';
    IF FOUND AND current_args IS NOT DISTINCT FROM ARRAY[coalesce(key_columns, ''), mode, ''] THEN
      CONTINUE;
    END IF;
    EXECUTE format(
      'CREATE OR REPLACE TRIGGER opsdesk_audit AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION opsdesk_audit(%L, %L)',
      t.relname, coalesce(key_columns, ''), mode);
    attached := attached + 1;
  END LOOP;
  RETURN attached;
END
$$;
--> statement-breakpoint
SELECT opsdesk_sync_audit_triggers();
--> statement-breakpoint
-- The report rollups' common case, a ticket filed and a history entry written, counts with its own
-- INSERT rather than through opsdesk_bump_created()/opsdesk_bump_transition() (a SQL function
-- called by PERFORM: a second statement and executor per row). The same rows as before.
CREATE OR REPLACE FUNCTION opsdesk_history_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ticket record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM opsdesk_bump_transition(OLD.at, OLD.from_status, OLD.to_status, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO ticket_transition_rollup AS r (quarter, from_status, to_status, count, slot)
    VALUES (opsdesk_quarter(NEW.at), NEW.from_status, NEW.to_status, 1, pg_backend_pid())
    ON CONFLICT (quarter, from_status, to_status, slot) DO UPDATE SET count = r.count + excluded.count;
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
CREATE OR REPLACE FUNCTION opsdesk_ticket_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  escalated integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ticket_created_rollup AS r (quarter, request_type_id, created, escalated, slot)
    VALUES (opsdesk_quarter(NEW.created_at), NEW.request_type_id, 1, 0, pg_backend_pid())
    ON CONFLICT (quarter, request_type_id, slot) DO UPDATE SET created = r.created + 1;
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
-- A transition with a comment wrote its ticket_search row twice in the same statement: once for
-- the new status and time (ticket_search_columns), once for the comment's words; both versions
-- non-HOT (updated_at and the document are indexed), each with its seven index entries and the
-- whole document again in the GIN index's pending list. Now a public comment's append also copies
-- the ticket's columns as they stand, and ticket_search_columns fires at commit (deferred) and
-- writes only what is still out of date: after such a comment nothing, and several changes of a
-- ticket in one transaction write its row once. Within the writing transaction a search may see
-- the status and times as they were before it (the document and its people are kept at once).
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search s
     SET created_at = t.created_at, updated_at = t.updated_at, status = t.status, team_id = t.team_id
    FROM tickets t
   WHERE s.ticket_id = NEW.id AND t.id = NEW.id
     AND (s.created_at, s.updated_at, s.status, s.team_id) IS DISTINCT FROM (t.created_at, t.updated_at, t.status, t.team_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER ticket_search_columns ON tickets;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ticket_search_columns AFTER UPDATE OF created_at, updated_at, status, team_id ON tickets
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.updated_at IS DISTINCT FROM NEW.updated_at
                     OR OLD.status IS DISTINCT FROM NEW.status OR OLD.team_id IS DISTINCT FROM NEW.team_id)
  EXECUTE FUNCTION opsdesk_ticket_search_columns();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_ticket_search_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE ticket_search s
       SET document = s.document || setweight(to_tsvector('english', NEW.body), 'D'),
           created_at = t.created_at, updated_at = t.updated_at, status = t.status, team_id = t.team_id
      FROM tickets t
     WHERE s.ticket_id = NEW.ticket_id AND t.id = NEW.ticket_id;
  ELSE
    UPDATE ticket_search SET document = opsdesk_ticket_document(ticket_id)
     WHERE ticket_id = coalesce(NEW.ticket_id, OLD.ticket_id);
  END IF;
  RETURN NULL;
END $$;
