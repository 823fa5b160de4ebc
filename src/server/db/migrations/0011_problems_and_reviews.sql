CREATE TABLE "problem_cis" (
	"ticket_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	CONSTRAINT "problem_cis_ticket_id_ci_id_pk" PRIMARY KEY("ticket_id","ci_id")
);
--> statement-breakpoint
CREATE TABLE "problem_detection_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"threshold" integer DEFAULT 3 NOT NULL,
	"window_days" integer DEFAULT 30 NOT NULL,
	"similarity" real DEFAULT 0.3 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "problem_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ci_id" uuid NOT NULL,
	"incident_ids" uuid[] NOT NULL,
	"title" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"problem_id" uuid
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"root_cause" text,
	"workaround" text,
	"status" text DEFAULT 'new' NOT NULL,
	"known_error_at" timestamp with time zone,
	"proposal_id" uuid
);
--> statement-breakpoint
CREATE TABLE "incident_review_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"action_ticket_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_review_reviewers" (
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"approved_at" timestamp with time zone,
	CONSTRAINT "incident_review_reviewers_ticket_id_user_id_pk" PRIMARY KEY("ticket_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "incident_reviews" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"detection" text DEFAULT '' NOT NULL,
	"response" text DEFAULT '' NOT NULL,
	"recovery" text DEFAULT '' NOT NULL,
	"root_cause" text,
	"whys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "problem_cis" ADD CONSTRAINT "problem_cis_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_cis" ADD CONSTRAINT "problem_cis_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_proposals" ADD CONSTRAINT "problem_proposals_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_proposals" ADD CONSTRAINT "problem_proposals_problem_id_tickets_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_actions" ADD CONSTRAINT "incident_review_actions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_actions" ADD CONSTRAINT "incident_review_actions_action_ticket_id_tickets_id_fk" FOREIGN KEY ("action_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_actions" ADD CONSTRAINT "incident_review_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_reviewers" ADD CONSTRAINT "incident_review_reviewers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_reviewers" ADD CONSTRAINT "incident_review_reviewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reviews" ADD CONSTRAINT "incident_reviews_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "problem_cis_ci_idx" ON "problem_cis" USING btree ("ci_id");--> statement-breakpoint
CREATE INDEX "problem_proposals_state_idx" ON "problem_proposals" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "problem_proposals_set_idx" ON "problem_proposals" USING gin ("incident_ids");--> statement-breakpoint
CREATE INDEX "problem_proposals_pending_ci_idx" ON "problem_proposals" USING btree ("ci_id") WHERE "problem_proposals"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "incident_review_actions_ticket_idx" ON "incident_review_actions" USING btree ("ticket_id");