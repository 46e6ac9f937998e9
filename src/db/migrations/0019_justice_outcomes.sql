CREATE TABLE "justice_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" integer NOT NULL,
	"country_code" char(2) NOT NULL,
	"subnational_jurisdiction" text,
	"court_level" text NOT NULL,
	"decided_on" date NOT NULL,
	"offence_class" text NOT NULL,
	"defendant_group" text NOT NULL,
	"source_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"sentence_type" text,
	"sentence_months" numeric(7, 2),
	"aggravating_factors" text[] DEFAULT '{}' NOT NULL,
	"mitigating_factors" text[] DEFAULT '{}' NOT NULL,
	"marking" text DEFAULT 'sbu' NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "justice_outcomes_outcome" CHECK ("justice_outcomes"."outcome" in ('conviction','acquittal')),
	CONSTRAINT "justice_outcomes_sentence_matches_outcome" CHECK (("justice_outcomes"."outcome" = 'acquittal' and "justice_outcomes"."sentence_type" is null and "justice_outcomes"."sentence_months" is null) or ("justice_outcomes"."outcome" = 'conviction' and "justice_outcomes"."sentence_type" is not null)),
	CONSTRAINT "justice_outcomes_months_not_negative" CHECK ("justice_outcomes"."sentence_months" is null or "justice_outcomes"."sentence_months" >= 0)
);
--> statement-breakpoint
ALTER TABLE "justice_outcomes" ADD CONSTRAINT "justice_outcomes_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "justice_outcomes" ADD CONSTRAINT "justice_outcomes_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "justice_outcomes" ADD CONSTRAINT "justice_outcomes_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "justice_outcomes" ADD CONSTRAINT "justice_outcomes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "justice_outcomes" ADD CONSTRAINT "justice_outcomes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "justice_outcomes_comparable_idx" ON "justice_outcomes" USING btree ("offence_class","country_code","decided_on");--> statement-breakpoint
CREATE INDEX "justice_outcomes_post_date_idx" ON "justice_outcomes" USING btree ("post_id","decided_on");