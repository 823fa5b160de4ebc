ALTER TABLE "teams" ADD COLUMN "auto_assign" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "last_auto_assignee_id" uuid;