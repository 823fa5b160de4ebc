CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "ci_classes" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"icon" text DEFAULT 'box' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ci_external_ids" (
	"ci_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	CONSTRAINT "ci_external_ids_source_external_id_pk" PRIMARY KEY("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "ci_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ci_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"ticket_id" uuid,
	"via" text NOT NULL,
	"change" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "ci_relations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "ci_relations_not_self" CHECK ("ci_relations"."source_id" <> "ci_relations"."target_id")
);
--> statement-breakpoint
CREATE TABLE "cis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_key" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"manual_attributes" text[] DEFAULT '{}' NOT NULL,
	"owner_id" uuid,
	"team_id" uuid,
	"site_id" uuid,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_subscriptions" (
	"user_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_subscriptions_user_id_service_id_pk" PRIMARY KEY("user_id","service_id")
);
--> statement-breakpoint
ALTER TABLE "ci_external_ids" ADD CONSTRAINT "ci_external_ids_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_history" ADD CONSTRAINT "ci_history_ci_id_cis_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_history" ADD CONSTRAINT "ci_history_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relations" ADD CONSTRAINT "ci_relations_source_id_cis_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relations" ADD CONSTRAINT "ci_relations_target_id_cis_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cis" ADD CONSTRAINT "cis_class_key_ci_classes_key_fk" FOREIGN KEY ("class_key") REFERENCES "public"."ci_classes"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cis" ADD CONSTRAINT "cis_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cis" ADD CONSTRAINT "cis_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cis" ADD CONSTRAINT "cis_site_id_cis_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."cis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_subscriptions" ADD CONSTRAINT "service_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_subscriptions" ADD CONSTRAINT "service_subscriptions_service_id_cis_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ci_external_ids_ci_idx" ON "ci_external_ids" USING btree ("ci_id");--> statement-breakpoint
CREATE INDEX "ci_history_ci_idx" ON "ci_history" USING btree ("ci_id","id");--> statement-breakpoint
CREATE INDEX "ci_history_ticket_idx" ON "ci_history" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ci_relations_unique_idx" ON "ci_relations" USING btree ("source_id","type","target_id");--> statement-breakpoint
CREATE INDEX "ci_relations_target_idx" ON "ci_relations" USING btree ("target_id","type","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cis_class_name_idx" ON "cis" USING btree ("class_key",lower("name"));--> statement-breakpoint
CREATE INDEX "cis_name_trgm_idx" ON "cis" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cis_class_status_idx" ON "cis" USING btree ("class_key","status");--> statement-breakpoint
CREATE INDEX "cis_site_idx" ON "cis" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "service_subscriptions_service_idx" ON "service_subscriptions" USING btree ("service_id");--> statement-breakpoint
-- The built-in CI classes (cmdb/classes.ts; cmdb.test.ts checks they are the same).
INSERT INTO "ci_classes" ("key", "name", "icon", "description", "attributes", "built_in") VALUES
  ('service', 'Service', 'briefcase', 'A business or technical service people use; the status page shows the public ones.', '[{"key":"kind","label":"Kind","type":"select","required":false,"options":[{"value":"business","label":"business"},{"value":"technical","label":"technical"}],"rules":{}},{"key":"criticality","label":"Criticality","help":"1 (most critical) to 4","type":"number","required":false,"rules":{"min":1,"max":4}},{"key":"regions","label":"Regions","type":"list","required":false,"rules":{}},{"key":"public","label":"On the public status page","type":"boolean","required":false,"rules":{}},{"key":"description","label":"Description","type":"longtext","required":false,"rules":{}},{"key":"statusGroup","label":"Status page group","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('application', 'Application', 'app-window', 'Software that serves a service.', '[{"key":"url","label":"URL","type":"text","required":false,"rules":{}},{"key":"version","label":"Version","type":"text","required":false,"rules":{}},{"key":"regions","label":"Regions","type":"list","required":false,"rules":{}}]'::jsonb, true),
  ('server', 'Server', 'server', 'A physical or virtual machine, including cloud instances.', '[{"key":"provider","label":"Provider","help":"aws, sandbox, on-premises …","type":"text","required":false,"rules":{}},{"key":"externalId","label":"External id","help":"e.g. the EC2 instance id","type":"text","required":false,"rules":{}},{"key":"region","label":"Region","type":"text","required":false,"rules":{}},{"key":"state","label":"State","type":"select","required":false,"options":[{"value":"running","label":"running"},{"value":"stopped","label":"stopped"},{"value":"pending","label":"pending"},{"value":"terminated","label":"terminated"}],"rules":{}},{"key":"ip","label":"IP address","type":"text","required":false,"rules":{}},{"key":"os","label":"Operating system","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('database', 'Database', 'database', 'A database (PostgreSQL, MySQL, MongoDB …).', '[{"key":"engine","label":"Engine","type":"select","required":false,"options":[{"value":"postgres","label":"postgres"},{"value":"mysql","label":"mysql"},{"value":"mongodb","label":"mongodb"},{"value":"other","label":"other"}],"rules":{}},{"key":"version","label":"Version","type":"text","required":false,"rules":{}},{"key":"host","label":"Host","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('network_device', 'Network device', 'router', 'A router, switch, firewall, load balancer or VPN gateway.', '[{"key":"deviceType","label":"Type","type":"select","required":false,"options":[{"value":"router","label":"router"},{"value":"switch","label":"switch"},{"value":"firewall","label":"firewall"},{"value":"load_balancer","label":"load_balancer"},{"value":"vpn_gateway","label":"vpn_gateway"}],"rules":{}},{"key":"vendor","label":"Vendor","type":"text","required":false,"rules":{}},{"key":"model","label":"Model","type":"text","required":false,"rules":{}},{"key":"ip","label":"Management IP","type":"text","required":false,"rules":{}},{"key":"firmware","label":"Firmware version","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('site', 'Site', 'map-pin', 'A location: an office, a data centre, a cloud region.', '[{"key":"city","label":"City","type":"text","required":false,"rules":{}},{"key":"country","label":"Country","type":"text","required":false,"rules":{}},{"key":"timeZone","label":"Time zone","help":"IANA, e.g. Asia/Jakarta","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('domain', 'Domain', 'globe', 'A DNS name.', '[{"key":"recordType","label":"Record type","type":"text","required":false,"rules":{}},{"key":"target","label":"Points to","type":"text","required":false,"rules":{}},{"key":"zone","label":"Hosted zone","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('certificate', 'Certificate', 'certificate', 'A TLS certificate.', '[{"key":"domain","label":"Domain","type":"text","required":false,"rules":{}},{"key":"issuer","label":"Issuer","type":"text","required":false,"rules":{}},{"key":"expiresAt","label":"Expires","type":"date","required":false,"rules":{}},{"key":"arn","label":"ARN","type":"text","required":false,"rules":{}},{"key":"status","label":"Status","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('cdn_distribution', 'CDN distribution', 'cloud', 'A content delivery distribution (e.g. CloudFront) in front of an origin.', '[{"key":"domainName","label":"Distribution domain","type":"text","required":false,"rules":{}},{"key":"origin","label":"Origin","type":"text","required":false,"rules":{}},{"key":"status","label":"Status","type":"text","required":false,"rules":{}}]'::jsonb, true),
  ('staging_environment', 'Staging environment', 'flask', 'A staging environment of the inventory: its instance, databases and domains.', '[{"key":"provider","label":"Provider","type":"text","required":false,"rules":{}},{"key":"externalId","label":"External id","type":"text","required":false,"rules":{}},{"key":"state","label":"State","type":"select","required":false,"options":[{"value":"running","label":"running"},{"value":"stopped","label":"stopped"},{"value":"pending","label":"pending"},{"value":"terminated","label":"terminated"}],"rules":{}},{"key":"requestOnly","label":"Request only","type":"boolean","required":false,"rules":{}},{"key":"url","label":"URL","type":"text","required":false,"rules":{}},{"key":"region","label":"Region","type":"text","required":false,"rules":{}},{"key":"endDate","label":"End date","type":"date","required":false,"rules":{}}]'::jsonb, true);
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('ci_history', 'append-only history of CI changes: it is the audit record of the CMDB itself');
