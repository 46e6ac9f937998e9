CREATE SEQUENCE "public"."directive_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "directive_amendments" (
	"directive_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"summary" text NOT NULL,
	"changes" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"amended_by" uuid,
	"amended_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directive_amendments_directive_id_number_pk" PRIMARY KEY("directive_id","number")
);
--> statement-breakpoint
CREATE TABLE "directive_requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"directive_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"record_type" text,
	"criteria" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"title" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	CONSTRAINT "directive_requirements_record_type" CHECK (("directive_requirements"."kind" = 'records') = ("directive_requirements"."record_type" is not null))
);
--> statement-breakpoint
CREATE TABLE "directives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text DEFAULT 'DIR-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('directive_reference_seq')::text, 4, '0') NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"issuing_office" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"issued_on" date,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"due_on" date NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"addressees" jsonb NOT NULL,
	"amendment" integer DEFAULT 0 NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"closed_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directives_reference_unique" UNIQUE("reference"),
	CONSTRAINT "directives_period_ordered" CHECK ("directives"."period_end" >= "directives"."period_start"),
	CONSTRAINT "directives_due_after_issue" CHECK ("directives"."issued_on" is null or "directives"."due_on" >= "directives"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"event_key" text NOT NULL,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_user_event_unique" UNIQUE("user_id","event_key")
);
--> statement-breakpoint
CREATE TABLE "tasking_answers" (
	"tasking_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"nothing_to_report" boolean DEFAULT false NOT NULL,
	"explanation" text,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasking_answers_tasking_id_requirement_id_pk" PRIMARY KEY("tasking_id","requirement_id"),
	CONSTRAINT "tasking_answers_nothing_explained" CHECK (not "tasking_answers"."nothing_to_report" or coalesce(length(trim("tasking_answers"."explanation")), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "tasking_links" (
	"tasking_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasking_links_tasking_id_requirement_id_record_type_record_id_pk" PRIMARY KEY("tasking_id","requirement_id","record_type","record_id")
);
--> statement-breakpoint
CREATE TABLE "tasking_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tasking_id" uuid NOT NULL,
	"action" text NOT NULL,
	"comment" text,
	"actor_id" uuid,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "taskings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"directive_id" uuid NOT NULL,
	"post_id" integer NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"seen_amendment" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp (3) with time zone,
	"reviewed_by" uuid,
	"review_comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "taskings_directive_post_unique" UNIQUE("directive_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"idempotency_key" text,
	"run_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"locked_until" timestamp (3) with time zone,
	"locked_by" text,
	"last_error" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"done_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "directive_amendments" ADD CONSTRAINT "directive_amendments_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_amendments" ADD CONSTRAINT "directive_amendments_amended_by_users_id_fk" FOREIGN KEY ("amended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_requirements" ADD CONSTRAINT "directive_requirements_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_answers" ADD CONSTRAINT "tasking_answers_tasking_id_taskings_id_fk" FOREIGN KEY ("tasking_id") REFERENCES "public"."taskings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_answers" ADD CONSTRAINT "tasking_answers_requirement_id_directive_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."directive_requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_answers" ADD CONSTRAINT "tasking_answers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_links" ADD CONSTRAINT "tasking_links_tasking_id_taskings_id_fk" FOREIGN KEY ("tasking_id") REFERENCES "public"."taskings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_links" ADD CONSTRAINT "tasking_links_requirement_id_directive_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."directive_requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_links" ADD CONSTRAINT "tasking_links_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_reviews" ADD CONSTRAINT "tasking_reviews_tasking_id_taskings_id_fk" FOREIGN KEY ("tasking_id") REFERENCES "public"."taskings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasking_reviews" ADD CONSTRAINT "tasking_reviews_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taskings" ADD CONSTRAINT "taskings_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taskings" ADD CONSTRAINT "taskings_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taskings" ADD CONSTRAINT "taskings_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taskings" ADD CONSTRAINT "taskings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directive_requirements_directive_idx" ON "directive_requirements" USING btree ("directive_id","position");--> statement-breakpoint
CREATE INDEX "directives_status_due_idx" ON "directives" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "tasking_links_record_idx" ON "tasking_links" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "tasking_reviews_tasking_idx" ON "tasking_reviews" USING btree ("tasking_id","at");--> statement-breakpoint
CREATE INDEX "taskings_post_idx" ON "taskings" USING btree ("post_id","status");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."state" = 'pending';