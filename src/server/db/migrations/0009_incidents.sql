CREATE TABLE "incident_cis" (
	"ticket_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	CONSTRAINT "incident_cis_ticket_id_ci_id_pk" PRIMARY KEY("ticket_id","ci_id")
);
--> statement-breakpoint
CREATE TABLE "incident_priority_matrix" (
	"impact" text NOT NULL,
	"urgency" text NOT NULL,
	"priority" text NOT NULL,
	CONSTRAINT "incident_priority_matrix_impact_urgency_pk" PRIMARY KEY("impact","urgency")
);
--> statement-breakpoint
CREATE TABLE "incident_role_assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid NOT NULL,
	"assumed_at" timestamp with time zone NOT NULL,
	"renounced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incident_services" (
	"ticket_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"depth" integer NOT NULL,
	"path" uuid[] NOT NULL,
	CONSTRAINT "incident_services_ticket_id_service_id_pk" PRIMARY KEY("ticket_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"visibility" text DEFAULT 'internal' NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"data" jsonb,
	"pinned" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"impact" text NOT NULL,
	"urgency" text NOT NULL,
	"priority" text NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"category" text,
	"service_id" uuid,
	"source" text DEFAULT 'agent' NOT NULL,
	"service_status_override" text,
	"major" boolean DEFAULT false NOT NULL,
	"major_declared_at" timestamp with time zone,
	"major_reason" text,
	"impact_started_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"impact_ended_at" timestamp with time zone,
	"workaround" text,
	"root_cause" text,
	"next_update_due_at" timestamp with time zone,
	"last_communication_phase" text DEFAULT 'none' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_communications" ADD COLUMN "recipient_user_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_cis" ADD CONSTRAINT "incident_cis_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_cis" ADD CONSTRAINT "incident_cis_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_role_assignments" ADD CONSTRAINT "incident_role_assignments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_role_assignments" ADD CONSTRAINT "incident_role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_services" ADD CONSTRAINT "incident_services_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_services" ADD CONSTRAINT "incident_services_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_cis_ci_idx" ON "incident_cis" USING btree ("ci_id");--> statement-breakpoint
CREATE INDEX "incident_role_assignments_ticket_idx" ON "incident_role_assignments" USING btree ("ticket_id","role");--> statement-breakpoint
CREATE INDEX "incident_services_service_idx" ON "incident_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "incident_timeline_ticket_idx" ON "incident_timeline" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE INDEX "incidents_major_idx" ON "incidents" USING btree ("major") WHERE "incidents"."major";--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("open") WHERE "incidents"."open";--> statement-breakpoint
-- The default priority matrix (incidents/priority.ts): rows impact, columns urgency.
INSERT INTO "incident_priority_matrix" ("impact", "urgency", "priority") VALUES
  ('high', 'high', 'critical'), ('high', 'medium', 'high'), ('high', 'low', 'moderate'),
  ('medium', 'high', 'high'), ('medium', 'medium', 'moderate'), ('medium', 'low', 'low'),
  ('low', 'high', 'moderate'), ('low', 'medium', 'low'), ('low', 'low', 'planning');
--> statement-breakpoint
INSERT INTO notification_rules (event, audience) VALUES
  ('ticket.opened', 'agent_team'),
  ('ticket.assigned', 'assignee'),
  ('ticket.resolved', 'requester'),
  ('ticket.resolved', 'ticket_subscribers');
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('incident_timeline', 'append-only record of the incident: its own audit trail');
