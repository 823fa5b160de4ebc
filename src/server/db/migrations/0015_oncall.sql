CREATE TABLE "oncall_contact_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"repeat" integer DEFAULT 0 NOT NULL,
	"levels" jsonb NOT NULL,
	"chat_webhook_id" uuid,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"replaces_user_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"service_id" uuid,
	"ticket_key" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"loop" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"next_escalation_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledged_via" text
);
--> statement-breakpoint
CREATE TABLE "oncall_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"team_id" uuid,
	"layers" jsonb NOT NULL,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_page_recipients" (
	"page_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"loop" integer NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	"nonce" text NOT NULL,
	CONSTRAINT "oncall_page_recipients_page_id_user_id_level_loop_pk" PRIMARY KEY("page_id","user_id","level","loop")
);
--> statement-breakpoint
CREATE TABLE "oncall_service_policies" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oncall_contact_methods" ADD CONSTRAINT "oncall_contact_methods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_schedule_id_oncall_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."oncall_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_replaces_user_id_users_id_fk" FOREIGN KEY ("replaces_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_pages" ADD CONSTRAINT "oncall_pages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_pages" ADD CONSTRAINT "oncall_pages_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_pages" ADD CONSTRAINT "oncall_pages_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_pages" ADD CONSTRAINT "oncall_pages_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_schedules" ADD CONSTRAINT "oncall_schedules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_page_recipients" ADD CONSTRAINT "oncall_page_recipients_page_id_oncall_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."oncall_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_page_recipients" ADD CONSTRAINT "oncall_page_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_service_policies" ADD CONSTRAINT "oncall_service_policies_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_service_policies" ADD CONSTRAINT "oncall_service_policies_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_contact_methods_unique_idx" ON "oncall_contact_methods" USING btree ("user_id","kind","address");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_policies_name_idx" ON "escalation_policies" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_policies_external_idx" ON "escalation_policies" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "oncall_overrides_schedule_idx" ON "oncall_overrides" USING btree ("schedule_id","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_pages_ticket_policy_idx" ON "oncall_pages" USING btree ("ticket_id","policy_id");--> statement-breakpoint
CREATE INDEX "oncall_pages_opened_idx" ON "oncall_pages" USING btree ("opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_schedules_name_idx" ON "oncall_schedules" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_schedules_external_idx" ON "oncall_schedules" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "oncall_page_recipients_user_idx" ON "oncall_page_recipients" USING btree ("user_id","notified_at");