CREATE TABLE "staged_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"uploader_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "outcome_reason" text;--> statement-breakpoint
ALTER TABLE "staged_attachments" ADD CONSTRAINT "staged_attachments_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staged_attachments_expires_idx" ON "staged_attachments" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "tickets_fields_idx" ON "tickets" USING gin ("fields" jsonb_path_ops);--> statement-breakpoint
-- hand-written below
-- Requests declined before outcomes were recorded: the last transition into `cancelled` was `decline`.
UPDATE "tickets" t
   SET "outcome" = 'declined',
       "outcome_reason" = (SELECT a."comment" FROM "approvals" a
                            WHERE a."ticket_id" = t."id" AND a."state" = 'declined'
                            ORDER BY a."decided_at" DESC NULLS LAST LIMIT 1)
  FROM (SELECT DISTINCT ON ("ticket_id") "ticket_id", "transition"
          FROM "ticket_history" ORDER BY "ticket_id", "id" DESC) h
 WHERE h."ticket_id" = t."id" AND h."transition" = 'decline' AND t."status" = 'cancelled';
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason)
VALUES ('staged_attachments', 'uploads not yet filed; audited as ticket_attachments once filed');
