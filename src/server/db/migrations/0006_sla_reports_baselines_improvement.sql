CREATE TABLE "baseline_models" (
	"key" text PRIMARY KEY NOT NULL,
	"model" jsonb NOT NULL,
	"bundled_examples" integer NOT NULL,
	"corrections" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "baseline_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"baseline_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"line" integer NOT NULL,
	"message_id" text,
	"author" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"detected_type" text NOT NULL,
	"confidence" real NOT NULL,
	"via" text NOT NULL,
	"type" text,
	"answer_at" timestamp with time zone,
	"answer_author" text,
	"answer_text" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "baseline_training_examples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"text" text NOT NULL,
	"label" text,
	"weight" real NOT NULL,
	"baseline_request_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "baseline_training_examples_baseline_request_id_unique" UNIQUE("baseline_request_id")
);
--> statement-breakpoint
CREATE TABLE "baselines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message_count" integer,
	"period_from" timestamp with time zone,
	"period_to" timestamp with time zone,
	"table" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "baselines_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "improvement_initiatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"vision" text DEFAULT '' NOT NULL,
	"baseline_id" uuid,
	"current_state" text DEFAULT '' NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"plan" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"measure_from" date NOT NULL,
	"measure_to" date,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "improvement_initiatives_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "improvement_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"initiative_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"url" text,
	"author" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_calendars_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "sla_clock_days" (
	"metric_key" text NOT NULL,
	"day" date NOT NULL,
	"request_type_id" uuid NOT NULL,
	"count" integer NOT NULL,
	"sum_seconds" double precision NOT NULL,
	"met" integer NOT NULL,
	"breached" integer NOT NULL,
	"min_seconds" double precision NOT NULL,
	"max_seconds" double precision NOT NULL,
	"buckets" integer[] NOT NULL,
	"counts" integer[] NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_clock_days_metric_key_day_request_type_id_pk" PRIMARY KEY("metric_key","day","request_type_id")
);
--> statement-breakpoint
CREATE TABLE "sla_clock_days_dirty" (
	"metric_key" text NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "sla_clock_days_dirty_metric_key_day_pk" PRIMARY KEY("metric_key","day")
);
--> statement-breakpoint
CREATE TABLE "sla_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"policy_key" text NOT NULL,
	"metric_key" text NOT NULL,
	"metric_name" text NOT NULL,
	"kind" text NOT NULL,
	"cycle" integer NOT NULL,
	"goal_seconds" integer NOT NULL,
	"elapsed_seconds" double precision NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"raised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"metrics" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "sla_policy_request_types" (
	"request_type_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_sla_clocks" (
	"ticket_id" uuid NOT NULL,
	"metric_key" text NOT NULL,
	"request_type_id" uuid,
	"policy_id" uuid,
	"state" text NOT NULL,
	"cycle" integer,
	"elapsed_seconds" double precision NOT NULL,
	"goal_seconds" integer,
	"met" boolean NOT NULL,
	"breached" boolean NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"breach_at" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_sla_clocks_ticket_id_metric_key_pk" PRIMARY KEY("ticket_id","metric_key")
);
--> statement-breakpoint
ALTER TABLE "baseline_requests" ADD CONSTRAINT "baseline_requests_baseline_id_baselines_id_fk" FOREIGN KEY ("baseline_id") REFERENCES "public"."baselines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baseline_training_examples" ADD CONSTRAINT "baseline_training_examples_baseline_request_id_baseline_requests_id_fk" FOREIGN KEY ("baseline_request_id") REFERENCES "public"."baseline_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_initiatives" ADD CONSTRAINT "improvement_initiatives_baseline_id_baselines_id_fk" FOREIGN KEY ("baseline_id") REFERENCES "public"."baselines"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_notes" ADD CONSTRAINT "improvement_notes_initiative_id_improvement_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."improvement_initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_events" ADD CONSTRAINT "sla_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policy_request_types" ADD CONSTRAINT "sla_policy_request_types_request_type_id_request_types_id_fk" FOREIGN KEY ("request_type_id") REFERENCES "public"."request_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policy_request_types" ADD CONSTRAINT "sla_policy_request_types_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_clocks" ADD CONSTRAINT "ticket_sla_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "baseline_requests_position_idx" ON "baseline_requests" USING btree ("baseline_id","position");--> statement-breakpoint
CREATE INDEX "improvement_notes_initiative_idx" ON "improvement_notes" USING btree ("initiative_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_events_once_idx" ON "sla_events" USING btree ("ticket_id","metric_key","kind","cycle");--> statement-breakpoint
CREATE INDEX "sla_events_raised_idx" ON "sla_events" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "sla_policy_request_types_policy_idx" ON "sla_policy_request_types" USING btree ("policy_id");--> statement-breakpoint
-- custom: the reports read stopped clocks by metric and stop time without touching the table.
CREATE INDEX "ticket_sla_clocks_report_idx" ON "ticket_sla_clocks" USING btree ("metric_key", "stopped_at")
  INCLUDE ("request_type_id", "elapsed_seconds", "met", "breached") WHERE "state" = 'stopped';
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('ticket_sla_clocks', 'a read model recomputed from ticket_history on every ticket event'),
  ('sla_events', 'an append-only record of warnings and breaches raised');
--> statement-breakpoint
INSERT INTO sla_calendars (key, definition) VALUES
  ('24x7', '{"name": "24×7", "timeZone": "UTC", "kind": "24x7", "holidays": []}'::jsonb);
--> statement-breakpoint
-- custom: bulk imports and the retrained model are not row changes worth auditing one by one.
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('baseline_requests', 'requests recognised in an imported chat export; reviews are recorded on the row'),
  ('baseline_models', 'the classifier model, retrained from baseline_training_examples after each review');
--> statement-breakpoint
-- custom: running and paused clocks (few) are read on their own by the SLA report.
CREATE INDEX "ticket_sla_clocks_open_idx" ON "ticket_sla_clocks" USING btree ("metric_key") WHERE "state" IN ('running', 'paused');
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('sla_clock_days', 'day totals recomputed from ticket_sla_clocks'),
  ('sla_clock_days_dirty', 'days waiting for their totals to be recomputed');
