-- The audit log: every insert, update and delete on a domain table is recorded by a trigger in
-- the same transaction, attributed to the actor that `withTransaction` puts in `opsdesk.actor`.
-- Columns whose names say they hold secrets are redacted. Tables listed in audit_exempt_tables
-- (logs themselves) are skipped. New tables get the trigger from opsdesk_sync_audit_triggers(),
-- which the migration runner calls after every migration run.

CREATE OR REPLACE FUNCTION opsdesk_redact(row_data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN row_data IS NULL THEN NULL ELSE (
    SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key ~ '(password|secret|token_hash|_encrypted$|credentials)' AND value <> 'null'::jsonb
        THEN '"[redacted]"'::jsonb
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
  SELECT string_agg(key_row ->> column_name, ':') INTO entity_id
    FROM unnest(string_to_array(TG_ARGV[0], ',')) AS column_name;
  INSERT INTO audit_log (actor_kind, actor_id, actor_label, request_id, action, entity, entity_id, before, after)
  VALUES (
    coalesce(actor ->> 'kind', 'system'),
    nullif(actor ->> 'id', '')::uuid,
    coalesce(actor ->> 'label', 'unknown'),
    actor ->> 'requestId',
    lower(TG_OP),
    TG_TABLE_NAME,
    entity_id,
    opsdesk_redact(before_row),
    opsdesk_redact(after_row)
  );
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION opsdesk_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opsdesk_sync_audit_triggers() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t record;
  key_columns text;
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
       AND NOT EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND tg.tgname = 'opsdesk_audit')
  LOOP
    SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey::int2[], a.attnum))
      INTO key_columns
      FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = t.oid AND i.indisprimary;
    EXECUTE format(
      'CREATE TRIGGER opsdesk_audit AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION opsdesk_audit(%L)',
      t.relname, coalesce(key_columns, ''));
    attached := attached + 1;
  END LOOP;
  RETURN attached;
END
$$;
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason)
VALUES ('login_attempts', 'a log of attempts for rate limiting');
