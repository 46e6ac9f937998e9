CREATE TABLE "engagement_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"action" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "engagement_follow_ups_status" CHECK ("engagement_follow_ups"."status" in ('open','done','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "engagement_sources" (
	"engagement_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"note" text,
	CONSTRAINT "engagement_sources_engagement_id_source_id_pk" PRIMARY KEY("engagement_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" integer NOT NULL,
	"country_code" char(2) NOT NULL,
	"occurred_on" date NOT NULL,
	"kind" text NOT NULL,
	"counterpart_office" text NOT NULL,
	"counterpart_level" text NOT NULL,
	"directive_id" uuid,
	"topics" text[] NOT NULL,
	"concerns_raised" text DEFAULT '' NOT NULL,
	"data_requested" text DEFAULT '' NOT NULL,
	"support_offered" text DEFAULT '' NOT NULL,
	"response_summary" text DEFAULT '' NOT NULL,
	"stance" text DEFAULT 'no_response_yet' NOT NULL,
	"marking" text DEFAULT 'sbu' NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagements_topics_not_empty" CHECK (cardinality("engagements"."topics") > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_evidence" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" uuid NOT NULL,
	"indicator_code" text NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"note" text,
	CONSTRAINT "assessment_evidence_link" UNIQUE("assessment_id","indicator_code","record_type","record_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_framework_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"scale" jsonb NOT NULL,
	"indicators" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_framework_versions_number" UNIQUE("framework_id","number")
);
--> statement-breakpoint
CREATE TABLE "assessment_frameworks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_frameworks_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "assessment_ratings" (
	"assessment_id" uuid NOT NULL,
	"indicator_code" text NOT NULL,
	"rating" text,
	"narrative" text DEFAULT '' NOT NULL,
	CONSTRAINT "assessment_ratings_assessment_id_indicator_code_pk" PRIMARY KEY("assessment_id","indicator_code")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" integer NOT NULL,
	"country_code" char(2) NOT NULL,
	"framework_version_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"marking" text DEFAULT 'sbu' NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"submitted_at" timestamp (3) with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp (3) with time zone,
	"reviewed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_period_ordered" CHECK ("assessments"."period_end" >= "assessments"."period_start")
);
--> statement-breakpoint
CREATE TABLE "partner_members" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"foreign" boolean NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_organisations_name_unique" UNIQUE("name"),
	CONSTRAINT "partner_organisations_kind" CHECK ("partner_organisations"."kind" in ('government_agency','regional_partner','international_organisation'))
);
--> statement-breakpoint
CREATE TABLE "partner_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"record_id" uuid,
	"aggregate" jsonb,
	"title" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"expires_on" date NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	"revoked_by" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_shares_item_type" CHECK ("partner_shares"."item_type" in ('incident','engagement','aggregate')),
	CONSTRAINT "partner_shares_item" CHECK (("partner_shares"."item_type" = 'aggregate') = ("partner_shares"."aggregate" is not null and "partner_shares"."record_id" is null))
);
--> statement-breakpoint
ALTER TABLE "engagement_follow_ups" ADD CONSTRAINT "engagement_follow_ups_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_sources" ADD CONSTRAINT "engagement_sources_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_sources" ADD CONSTRAINT "engagement_sources_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_framework_versions" ADD CONSTRAINT "assessment_framework_versions_framework_id_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_framework_versions" ADD CONSTRAINT "assessment_framework_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_frameworks" ADD CONSTRAINT "assessment_frameworks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_ratings" ADD CONSTRAINT "assessment_ratings_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_framework_version_id_assessment_framework_versions_id_fk" FOREIGN KEY ("framework_version_id") REFERENCES "public"."assessment_framework_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_members" ADD CONSTRAINT "partner_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_members" ADD CONSTRAINT "partner_members_organisation_id_partner_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."partner_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_shares" ADD CONSTRAINT "partner_shares_organisation_id_partner_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."partner_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_shares" ADD CONSTRAINT "partner_shares_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_shares" ADD CONSTRAINT "partner_shares_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "engagement_follow_ups_engagement_idx" ON "engagement_follow_ups" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "engagement_follow_ups_open_due_idx" ON "engagement_follow_ups" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "engagement_sources_source_idx" ON "engagement_sources" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "engagements_country_date_idx" ON "engagements" USING btree ("country_code","occurred_on");--> statement-breakpoint
CREATE INDEX "engagements_post_date_idx" ON "engagements" USING btree ("post_id","occurred_on");--> statement-breakpoint
CREATE INDEX "assessment_evidence_record_idx" ON "assessment_evidence" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "assessments_country_period_idx" ON "assessments" USING btree ("country_code","period_start");--> statement-breakpoint
CREATE INDEX "partner_shares_organisation_idx" ON "partner_shares" USING btree ("organisation_id","expires_on");