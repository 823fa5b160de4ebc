CREATE TABLE "capacity_rule_hits" (
	"rule_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	CONSTRAINT "capacity_rule_hits_rule_id_ci_id_pk" PRIMARY KEY("rule_id","ci_id")
);
--> statement-breakpoint
CREATE TABLE "capacity_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"metric" text NOT NULL,
	"ci_id" uuid,
	"threshold" double precision NOT NULL,
	"within_days" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capacity_samples" (
	"ci_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"resolution" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "capacity_samples_ci_id_metric_resolution_at_pk" PRIMARY KEY("ci_id","metric","resolution","at")
);
--> statement-breakpoint
CREATE TABLE "prometheus_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"query" text NOT NULL,
	"metric" text NOT NULL,
	"ci_id" uuid,
	"ci_label" text DEFAULT 'instance' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prometheus_sources_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "capacity_rule_hits" ADD CONSTRAINT "capacity_rule_hits_rule_id_capacity_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."capacity_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_rule_hits" ADD CONSTRAINT "capacity_rule_hits_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_rule_hits" ADD CONSTRAINT "capacity_rule_hits_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_rules" ADD CONSTRAINT "capacity_rules_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_rules" ADD CONSTRAINT "capacity_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_samples" ADD CONSTRAINT "capacity_samples_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prometheus_sources" ADD CONSTRAINT "prometheus_sources_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_samples_age_idx" ON "capacity_samples" USING btree ("resolution","at");