CREATE TABLE "fulfilment_callbacks" (
	"replay_key" text PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"url" text NOT NULL,
	"request_body" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"outcome" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fulfilment_runs" ADD COLUMN "executor_state" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfilment_runs" ADD COLUMN "callback_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfilment_callbacks" ADD CONSTRAINT "fulfilment_callbacks_run_id_fulfilment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."fulfilment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_run_id_fulfilment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."fulfilment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_run_idx" ON "webhook_deliveries" USING btree ("run_id","id");--> statement-breakpoint
-- custom: logs, not audited
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('webhook_deliveries', 'the delivery log of webhook executors'),
  ('fulfilment_callbacks', 'replay protection of executor callbacks');
