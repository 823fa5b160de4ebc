-- hand-written: the live update of a ticket change (tickets/lifecycle.ts), one NOTIFY per hundred
-- of the ticket's participants (PostgreSQL refuses a payload of 8,000 bytes or more). As a
-- function its statement is planned once per connection: sent as literal SQL with the COMMIT it
-- was planned on every transition (1.1-1.3 ms of PostgreSQL's CPU per core-loop lifecycle).
CREATE OR REPLACE FUNCTION opsdesk_ticket_live_notify(channel text, payload jsonb, ticket uuid, per_message int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  chunk jsonb;
  sent boolean := false;
BEGIN
  FOR chunk IN
    SELECT jsonb_agg(user_id ORDER BY user_id)
      FROM (SELECT user_id, (row_number() OVER (ORDER BY user_id) - 1) / per_message AS part
              FROM (SELECT DISTINCT user_id FROM ticket_participants WHERE ticket_id = ticket) d) n
     GROUP BY part
  LOOP
    PERFORM pg_notify(channel, (payload || jsonb_build_object('participantIds', chunk))::text);
    sent := true;
  END LOOP;
  IF NOT sent THEN
    PERFORM pg_notify(channel, (payload || jsonb_build_object('participantIds', '[]'::jsonb))::text);
  END IF;
END
$$;
