CREATE TABLE "change_cis" (
	"ticket_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	CONSTRAINT "change_cis_ticket_id_ci_id_pk" PRIMARY KEY("ticket_id","ci_id")
);
--> statement-breakpoint
CREATE TABLE "change_freezes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"service_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"days" integer[] NOT NULL,
	"start_minute" integer NOT NULL,
	"duration_minutes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_pipelines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"team_id" uuid,
	"standard" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_pipelines_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "change_risk_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"text" text NOT NULL,
	"weight" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_services" (
	"ticket_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"depth" integer NOT NULL,
	"path" uuid[] NOT NULL,
	CONSTRAINT "change_services_ticket_id_service_id_pk" PRIMARY KEY("ticket_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"expected_return" text DEFAULT '' NOT NULL,
	"risks" text DEFAULT '' NOT NULL,
	"resources" text DEFAULT '' NOT NULL,
	"responsible_id" uuid,
	"implementation_plan" text DEFAULT '' NOT NULL,
	"backout_plan" text DEFAULT '' NOT NULL,
	"test_plan" text DEFAULT '' NOT NULL,
	"planned_start" timestamp with time zone NOT NULL,
	"planned_end" timestamp with time zone NOT NULL,
	"actual_start" timestamp with time zone,
	"actual_end" timestamp with time zone,
	"status" text DEFAULT 'new' NOT NULL,
	"risk_score" integer DEFAULT 0 NOT NULL,
	"risk_level" text DEFAULT 'low' NOT NULL,
	"risk_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"risk_answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"approval_path" text DEFAULT 'none' NOT NULL,
	"outcome" text,
	"review_notes" text,
	"origin" text DEFAULT 'manual' NOT NULL,
	"pipeline_id" uuid,
	"version" text,
	"commit" text,
	"override_reason" text,
	"override_by" text,
	"override_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "required" integer;--> statement-breakpoint
ALTER TABLE "change_cis" ADD CONSTRAINT "change_cis_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_cis" ADD CONSTRAINT "change_cis_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_freezes" ADD CONSTRAINT "change_freezes_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_maintenance_windows" ADD CONSTRAINT "change_maintenance_windows_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_pipelines" ADD CONSTRAINT "change_pipelines_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_pipelines" ADD CONSTRAINT "change_pipelines_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_services" ADD CONSTRAINT "change_services_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_services" ADD CONSTRAINT "change_services_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_responsible_id_users_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_pipeline_id_change_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."change_pipelines"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_cis_ci_idx" ON "change_cis" USING btree ("ci_id");--> statement-breakpoint
CREATE INDEX "change_freezes_range_idx" ON "change_freezes" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "change_maintenance_windows_service_idx" ON "change_maintenance_windows" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "change_services_service_idx" ON "change_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "changes_planned_idx" ON "changes" USING btree ("planned_start","planned_end");--> statement-breakpoint
CREATE INDEX "changes_status_idx" ON "changes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "changes_raised_idx" ON "changes" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "changes_actual_end_idx" ON "changes" USING btree ("actual_end");
--> statement-breakpoint
-- hand-written below
-- from 0010_changes.sql
--> statement-breakpoint
CREATE INDEX "changes_planned_range_idx" ON "changes" USING gist (tstzrange("planned_start", "planned_end", '[)'));
--> statement-breakpoint
CREATE INDEX "change_freezes_range_gist_idx" ON "change_freezes" USING gist (tstzrange("starts_at", "ends_at", '[)'));
--> statement-breakpoint
INSERT INTO "change_risk_questions" ("text", "weight", "position") VALUES
  ('Does the change need downtime of a service?', 15, 1),
  ('Is this the first time a change like this is made?', 10, 2),
  ('Does it change a database schema or data?', 10, 3),
  ('Is the backout plan untested or longer than the window?', 10, 4),
  ('Are customers or other teams told only after the change?', 5, 5);
