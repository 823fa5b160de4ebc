CREATE TABLE "kb_article_versions" (
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid,
	"author_label" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "kb_article_versions_article_id_version_pk" PRIMARY KEY("article_id","version")
);
--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"category_id" uuid,
	"owner_id" uuid,
	"audience" text DEFAULT 'internal' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"language" "regconfig" DEFAULT 'english' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"known_error" text,
	"review_by" date,
	"helpful" integer DEFAULT 0 NOT NULL,
	"unhelpful" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_categories_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "kb_deflections" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"article_id" uuid,
	"ticket_key" text,
	"user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_feedback" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"helpful" boolean NOT NULL,
	"reason" text,
	"user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_searches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"query" text NOT NULL,
	"article_ids" uuid[] DEFAULT '{}' NOT NULL,
	"incident_keys" text[] DEFAULT '{}' NOT NULL,
	"user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_spans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_category_id_kb_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."kb_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_deflections" ADD CONSTRAINT "kb_deflections_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_deflections" ADD CONSTRAINT "kb_deflections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_searches" ADD CONSTRAINT "kb_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_spans" ADD CONSTRAINT "status_spans_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kb_articles_number_idx" ON "kb_articles" USING btree ("number");--> statement-breakpoint
CREATE INDEX "kb_articles_status_idx" ON "kb_articles" USING btree ("status","audience");--> statement-breakpoint
CREATE INDEX "kb_articles_category_idx" ON "kb_articles" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "kb_deflections_at_idx" ON "kb_deflections" USING btree ("at");--> statement-breakpoint
CREATE INDEX "kb_feedback_article_idx" ON "kb_feedback" USING btree ("article_id","at");--> statement-breakpoint
CREATE INDEX "kb_searches_session_idx" ON "kb_searches" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "kb_searches_at_idx" ON "kb_searches" USING btree ("at");--> statement-breakpoint
CREATE INDEX "kb_searches_empty_idx" ON "kb_searches" USING btree ("at") WHERE cardinality("kb_searches"."article_ids") = 0;--> statement-breakpoint
CREATE INDEX "status_spans_service_idx" ON "status_spans" USING btree ("service_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "status_spans_open_idx" ON "status_spans" USING btree ("service_id") WHERE "status_spans"."ended_at" is null;
--> statement-breakpoint
-- hand-written below
-- from 0010_status_page.sql
-- The status history is its own record (append and close only): no audit rows for it.
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('status_spans', 'the status history of services: derived, its own record');
--> statement-breakpoint
-- Every change to what the status page shows (incidents, the services they reach, their public
-- updates, CIs) tells the serve processes to drop their cached page: one NOTIFY per statement,
-- folded into one per transaction by PostgreSQL.
CREATE OR REPLACE FUNCTION opsdesk_status_page_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opsdesk_status_page', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER status_page_incidents AFTER INSERT OR UPDATE OR DELETE ON incidents
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_incident_services AFTER INSERT OR UPDATE OR DELETE ON incident_services
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_incident_timeline AFTER INSERT OR UPDATE OR DELETE ON incident_timeline
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
CREATE TRIGGER status_page_cis AFTER INSERT OR UPDATE OR DELETE ON cis
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_status_page_changed();
--> statement-breakpoint
-- from 0011_knowledge_base.sql
-- Full-text search in each article's own language: title A, tags B, body C; GIN-indexed. The
-- title's trigrams (pg_trgm, enabled by the CMDB migration) catch typos the stemmer cannot.
CREATE OR REPLACE FUNCTION opsdesk_kb_tags(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string(tags, ' '), '') $$;
--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector("language", "title"), 'A') ||
  setweight(to_tsvector("language", opsdesk_kb_tags("tags")), 'B') ||
  setweight(to_tsvector("language", "body"), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX "kb_articles_search_idx" ON "kb_articles" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "kb_articles_title_trgm_idx" ON "kb_articles" USING gin ("title" gin_trgm_ops);
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('kb_searches', 'what people searched for in the portal: measurement, not a record to audit'),
  ('kb_deflections', 'outcomes of portal searches: measurement'),
  ('kb_feedback', 'votes on articles: measurement'),
  ('kb_article_versions', 'append-only versions of articles: their own history');
