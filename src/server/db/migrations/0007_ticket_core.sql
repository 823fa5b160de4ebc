CREATE TABLE "sla_policy_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"priority" text,
	CONSTRAINT "sla_policy_scopes_kind_priority_key" UNIQUE NULLS NOT DISTINCT("kind","priority")
);
--> statement-breakpoint
CREATE TABLE "ticket_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "ticket_links_not_self" CHECK ("ticket_links"."ticket_id" <> "ticket_links"."target_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_participants" (
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_participants_ticket_id_user_id_role_pk" PRIMARY KEY("ticket_id","user_id","role")
);
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_number_unique";--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "number" SET DATA TYPE integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "priority" text DEFAULT 'moderate' NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_policy_scopes" ADD CONSTRAINT "sla_policy_scopes_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_target_id_tickets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_participants" ADD CONSTRAINT "ticket_participants_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_participants" ADD CONSTRAINT "ticket_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sla_policy_scopes_policy_idx" ON "sla_policy_scopes" USING btree ("policy_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_links_unique_idx" ON "ticket_links" USING btree ("ticket_id","type","target_id");--> statement-breakpoint
CREATE INDEX "ticket_links_target_idx" ON "ticket_links" USING btree ("target_id","type");--> statement-breakpoint
CREATE INDEX "ticket_participants_user_idx" ON "ticket_participants" USING btree ("user_id","ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_kind_number_idx" ON "tickets" USING btree ("kind","number");--> statement-breakpoint
CREATE INDEX "tickets_assignee_status_idx" ON "tickets" USING btree ("assignee_id","status");--> statement-breakpoint
-- One number sequence per kind of ticket (REQ-, INC-, PRB-, CHG-): requests continue where they were.
ALTER TABLE "tickets" ALTER COLUMN "number" DROP DEFAULT;--> statement-breakpoint
CREATE SEQUENCE "ticket_number_request";--> statement-breakpoint
SELECT setval('ticket_number_request', coalesce((SELECT max("number") FROM "tickets"), 0) + 1, false);--> statement-breakpoint
DROP SEQUENCE IF EXISTS "tickets_number_seq";--> statement-breakpoint
CREATE SEQUENCE "ticket_number_incident";--> statement-breakpoint
CREATE SEQUENCE "ticket_number_problem";--> statement-breakpoint
CREATE SEQUENCE "ticket_number_change";--> statement-breakpoint
-- Approvers become participants of the tickets they were asked about (visibility without reading approvals).
INSERT INTO "ticket_participants" ("ticket_id", "user_id", "role", "active", "since")
SELECT "ticket_id", "approver_id", 'approver', bool_or("state" = 'pending'), min("created_at")
  FROM "approvals" GROUP BY "ticket_id", "approver_id";
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('ticket_participants', 'derived from approvals, followers and roles, which are audited where they are decided');
