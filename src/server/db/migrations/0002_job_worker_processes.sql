CREATE TABLE "job_worker_processes" (
	"lock_key" bigint PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"worker_ids" text[] DEFAULT '{}' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO audit_exempt_tables (table_name, reason)
VALUES ('job_worker_processes', 'liveness bookkeeping of worker processes');
