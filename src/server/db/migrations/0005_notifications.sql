CREATE TABLE "chat_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"platform" text NOT NULL,
	"url_encrypted" text NOT NULL,
	"url_host" text NOT NULL,
	"username" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_webhooks_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "filter_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_communications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"phase" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"service_status" text NOT NULL,
	"impact" text NOT NULL,
	"regions" text[] NOT NULL,
	"services" text[] NOT NULL,
	"components" text[] NOT NULL,
	"impact_start" timestamp with time zone NOT NULL,
	"impact_end" timestamp with time zone,
	"workaround" text,
	"root_cause" text,
	"next_update_at" timestamp with time zone,
	"message" text NOT NULL,
	"author_id" uuid,
	"author_label" text NOT NULL,
	"mailing_list_ids" uuid[],
	"state" text NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mailing_list_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"user_id" uuid,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mailing_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailing_lists_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "ticket_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"user_id" uuid,
	"email" text,
	"name" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "in_app_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"event" text NOT NULL,
	"ticket_id" uuid,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "in_app_notifications_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"event_id" uuid,
	"event" text NOT NULL,
	"ticket_id" uuid,
	"incident_communication_id" uuid,
	"channel" text NOT NULL,
	"recipient_kind" text NOT NULL,
	"recipient_user_id" uuid,
	"recipient_address" text,
	"recipient_name" text NOT NULL,
	"recipient_time_zone" text DEFAULT 'UTC' NOT NULL,
	"chat_webhook_id" uuid,
	"unsubscribe_scope" text,
	"approval_id" uuid,
	"digest_id" uuid,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error_code" text,
	"last_error" text,
	"message_id" text,
	"response" text,
	"subject" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	CONSTRAINT "notification_deliveries_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "notification_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"event" text NOT NULL,
	"ticket_id" uuid,
	"incident_communication_id" uuid,
	"facts" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"context" jsonb,
	"dispatched_at" timestamp with time zone,
	CONSTRAINT "notification_events_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"event" text NOT NULL,
	"email" text NOT NULL,
	"in_app" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_event_pk" PRIMARY KEY("user_id","event")
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" text NOT NULL,
	"audience" text NOT NULL,
	"chat_webhook_id" uuid,
	"mailing_list_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value_encrypted" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"event" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_user_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"digest_hour" integer DEFAULT 8 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "used_action_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "filter_subscriptions" ADD CONSTRAINT "filter_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_communications" ADD CONSTRAINT "incident_communications_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_list_members" ADD CONSTRAINT "mailing_list_members_list_id_mailing_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."mailing_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_list_members" ADD CONSTRAINT "mailing_list_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_subscriptions" ADD CONSTRAINT "ticket_subscriptions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_subscriptions" ADD CONSTRAINT "ticket_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "in_app_notifications" ADD CONSTRAINT "in_app_notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "in_app_notifications" ADD CONSTRAINT "in_app_notifications_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_event_id_notification_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."notification_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_incident_communication_id_incident_communications_id_fk" FOREIGN KEY ("incident_communication_id") REFERENCES "public"."incident_communications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_chat_webhook_id_chat_webhooks_id_fk" FOREIGN KEY ("chat_webhook_id") REFERENCES "public"."chat_webhooks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_incident_communication_id_incident_communications_id_fk" FOREIGN KEY ("incident_communication_id") REFERENCES "public"."incident_communications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_chat_webhook_id_chat_webhooks_id_fk" FOREIGN KEY ("chat_webhook_id") REFERENCES "public"."chat_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_mailing_list_id_mailing_lists_id_fk" FOREIGN KEY ("mailing_list_id") REFERENCES "public"."mailing_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_user_settings" ADD CONSTRAINT "notification_user_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "filter_subscriptions_user_idx" ON "filter_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "incident_communications_reference_idx" ON "incident_communications" USING btree ("reference","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mailing_list_members_email_idx" ON "mailing_list_members" USING btree ("list_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_subscriptions_user_idx" ON "ticket_subscriptions" USING btree ("ticket_id","user_id") WHERE user_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_subscriptions_email_idx" ON "ticket_subscriptions" USING btree ("ticket_id",lower("email")) WHERE email is not null;--> statement-breakpoint
CREATE INDEX "in_app_notifications_user_idx" ON "in_app_notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "in_app_notifications_unread_idx" ON "in_app_notifications" USING btree ("user_id") WHERE read_at is null;--> statement-breakpoint
CREATE INDEX "notification_deliveries_ticket_idx" ON "notification_deliveries" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_created_idx" ON "notification_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_digest_idx" ON "notification_deliveries" USING btree ("recipient_user_id") WHERE status = 'digest_pending';--> statement-breakpoint
CREATE INDEX "notification_events_ticket_idx" ON "notification_events" USING btree ("ticket_id","occurred_at");--> statement-breakpoint
CREATE INDEX "notification_rules_event_idx" ON "notification_rules" USING btree ("event");--> statement-breakpoint
-- custom: the delivery pipeline's log-like tables are not audited (they are records themselves),
-- and the default notification rules (modules/notifications/rules.ts, defaultRulesSql()).
INSERT INTO audit_exempt_tables (table_name, reason) VALUES
  ('notification_events', 'occurrences of notification events: a log written by the pipeline'),
  ('notification_deliveries', 'the delivery log itself'),
  ('in_app_notifications', 'in-app notifications and their read marks'),
  ('used_action_nonces', 'the record of used one-click links');
--> statement-breakpoint
INSERT INTO notification_rules (event, audience) VALUES
  ('request.filed', 'requester'),
  ('request.filed', 'filter_subscribers'),
  ('request.verification_failed', 'requester'),
  ('request.verification_failed', 'ticket_subscribers'),
  ('request.verification_failed', 'filter_subscribers'),
  ('approval.requested', 'approver'),
  ('request.approved', 'requester'),
  ('request.approved', 'ticket_subscribers'),
  ('request.approved', 'filter_subscribers'),
  ('request.declined', 'requester'),
  ('request.declined', 'ticket_subscribers'),
  ('request.declined', 'filter_subscribers'),
  ('request.fulfilled', 'requester'),
  ('request.fulfilled', 'ticket_subscribers'),
  ('request.fulfilled', 'filter_subscribers'),
  ('request.need_further_support', 'agent_team'),
  ('request.need_further_support', 'ticket_subscribers'),
  ('request.need_further_support', 'filter_subscribers'),
  ('request.waiting_for_customer_reminder', 'requester'),
  ('sla.warning', 'agent_team'),
  ('sla.warning', 'team_lead'),
  ('sla.breached', 'agent_team'),
  ('sla.breached', 'team_lead'),
  ('request.closed', 'requester'),
  ('request.closed', 'ticket_subscribers'),
  ('request.closed', 'filter_subscribers'),
  ('incident.started', 'incident_audiences'),
  ('incident.updated', 'incident_audiences'),
  ('incident.resolved', 'incident_audiences');
