CREATE TABLE "alert_action_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 100 NOT NULL,
	"severities" text[] DEFAULT '{}' NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"integration_id" uuid,
	"action" text NOT NULL,
	"window_minutes" integer DEFAULT 30 NOT NULL,
	"on_all_resolved" text DEFAULT 'resolve' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_binding_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 100 NOT NULL,
	"label" text NOT NULL,
	"pattern" text,
	"target" text NOT NULL,
	"class_key" text,
	"by" text NOT NULL,
	"external_source" text,
	"strip_port" boolean DEFAULT true NOT NULL,
	"integration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_day_summaries" (
	"day" date NOT NULL,
	"service_id" uuid,
	"ci_id" uuid,
	"site_id" uuid,
	"severity" text NOT NULL,
	"alerts" integer NOT NULL,
	"occurrences" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"field" text,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_occurrences" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"occurrence_key" text,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_silences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matchers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ci_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"comment" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"status" text NOT NULL,
	"severity" text NOT NULL,
	"summary" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ci_id" uuid,
	"service_id" uuid,
	"site_id" uuid,
	"incident_id" uuid,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"state_changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"flapping" boolean DEFAULT false NOT NULL,
	"suppressed_by" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid
);
--> statement-breakpoint
CREATE TABLE "backup_rpo" (
	"ci_id" uuid PRIMARY KEY NOT NULL,
	"rpo_minutes" integer NOT NULL,
	"breached_since" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "backup_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"job" text NOT NULL,
	"ci_id" uuid,
	"result" text NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone NOT NULL,
	"size_bytes" bigint
);
--> statement-breakpoint
CREATE TABLE "event_incidents" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"root_ci_id" uuid,
	"window_minutes" integer NOT NULL,
	"on_all_resolved" text NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"last_alert_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_integration_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"hint" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"mapping" jsonb,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_received_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_settings" (
	"id" integer DEFAULT 1 NOT NULL,
	"flap_count" integer DEFAULT 4 NOT NULL,
	"flap_window_minutes" integer DEFAULT 30 NOT NULL,
	"retention_days" integer DEFAULT 90 NOT NULL,
	"dead_letter_limit" integer DEFAULT 200 NOT NULL,
	CONSTRAINT "event_settings_id_pk" PRIMARY KEY("id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"ci_ids" uuid[] NOT NULL,
	"include_dependents" boolean DEFAULT true NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_action_rules" ADD CONSTRAINT "alert_action_rules_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_binding_rules" ADD CONSTRAINT "alert_binding_rules_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_dead_letters" ADD CONSTRAINT "alert_dead_letters_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_occurrences" ADD CONSTRAINT "alert_occurrences_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_silences" ADD CONSTRAINT "alert_silences_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_site_id_cis_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_tickets_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_rpo" ADD CONSTRAINT "backup_rpo_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_runs" ADD CONSTRAINT "backup_runs_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_runs" ADD CONSTRAINT "backup_runs_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_incidents" ADD CONSTRAINT "event_incidents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_incidents" ADD CONSTRAINT "event_incidents_root_ci_id_cis_id_fk" FOREIGN KEY ("root_ci_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_integration_keys" ADD CONSTRAINT "event_integration_keys_integration_id_event_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."event_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_integrations" ADD CONSTRAINT "event_integrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_day_summaries_day_idx" ON "alert_day_summaries" USING btree ("day");--> statement-breakpoint
CREATE INDEX "alert_dead_letters_received_idx" ON "alert_dead_letters" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_occurrences_key_idx" ON "alert_occurrences" USING btree ("integration_id","fingerprint","occurrence_key");--> statement-breakpoint
CREATE INDEX "alert_occurrences_alert_idx" ON "alert_occurrences" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "alert_silences_ends_idx" ON "alert_silences" USING btree ("ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_fingerprint_idx" ON "alerts" USING btree ("integration_id","fingerprint") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_fingerprint_idx" ON "alerts" USING btree ("integration_id","fingerprint","last_seen_at");--> statement-breakpoint
CREATE INDEX "alerts_last_seen_idx" ON "alerts" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "alerts_incident_idx" ON "alerts" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "alerts_ci_idx" ON "alerts" USING btree ("ci_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "alerts_unbound_idx" ON "alerts" USING btree ("last_seen_at") WHERE "alerts"."ci_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "backup_runs_session_idx" ON "backup_runs" USING btree ("integration_id","session_id");--> statement-breakpoint
CREATE INDEX "backup_runs_ci_idx" ON "backup_runs" USING btree ("ci_id","ended_at");--> statement-breakpoint
CREATE UNIQUE INDEX "event_integration_keys_hash_idx" ON "event_integration_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "maintenance_windows_ends_idx" ON "maintenance_windows" USING btree ("ends_at");
--> statement-breakpoint
-- hand-written below
-- from 0010_events.sql
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('alerts', 'machine-written at intake rate; every change is an occurrence in alert_occurrences'),
  ('alert_occurrences', 'an append-only record of deliveries'),
  ('alert_dead_letters', 'a bounded record of refused payloads'),
  ('backup_runs', 'an append-only record of backup job results'),
  ('alert_day_summaries', 'summaries written by retention'),
  ('event_incidents', 'correlation state of incidents, derived from alerts')
ON CONFLICT DO NOTHING;
