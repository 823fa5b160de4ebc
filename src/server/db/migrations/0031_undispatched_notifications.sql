-- hand-written comments; generated statements
-- Notifications dispatched by the process that records them, once their transaction commits (issue
-- 18): the row is the durable record, and the sweep (every minute) adds the dispatch job of a row
-- still undispatched 30 s after it was written, and the deliver job of a message left `sending`
-- (sent inline by a process that died before recording the outcome; it had a safety-net job each).
-- recorded_at is the first clock (occurred_at is when the thing happened, which may be earlier).
-- Rows already here are not the sweep's: their dispatch jobs (unkeyed) run as before, and one that
-- gave up long ago must not send news of months past now. They get -infinity, outside the sweep's
-- day, without rewriting the table (a constant default is stored once); new rows get now().
ALTER TABLE "notification_events" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT '-infinity' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_events" ALTER COLUMN "recorded_at" SET DEFAULT now();--> statement-breakpoint
CREATE INDEX "notification_deliveries_sending_idx" ON "notification_deliveries" USING btree ("updated_at") WHERE status = 'sending';--> statement-breakpoint
CREATE INDEX "notification_events_undispatched_idx" ON "notification_events" USING btree ("recorded_at") WHERE dispatched_at is null;