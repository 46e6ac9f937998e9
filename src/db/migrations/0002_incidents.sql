CREATE SEQUENCE "public"."incident_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "incident_acts" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"act" text NOT NULL,
	"victim_count" integer,
	"description" text,
	CONSTRAINT "incident_acts_victim_count" CHECK ("incident_acts"."victim_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "incident_perpetrators" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"type" text NOT NULL,
	"count" integer,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "incident_sources" (
	"incident_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"credibility" smallint NOT NULL,
	"excerpt" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_sources_incident_id_source_id_pk" PRIMARY KEY("incident_id","source_id"),
	CONSTRAINT "incident_sources_credibility" CHECK ("incident_sources"."credibility" between 1 and 6)
);
--> statement-breakpoint
CREATE TABLE "incident_victim_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"sex" text NOT NULL,
	"age_band" text NOT NULL,
	"count" integer NOT NULL,
	"nationality" text,
	"nationality_source_id" uuid,
	CONSTRAINT "incident_victim_groups_count" CHECK ("incident_victim_groups"."count" >= 0),
	CONSTRAINT "incident_victim_groups_nationality_sourced" CHECK ("incident_victim_groups"."nationality" is null or "incident_victim_groups"."nationality_source_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text DEFAULT 'INC-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('incident_reference_seq')::text, 6, '0') NOT NULL,
	"post_id" integer NOT NULL,
	"country_code" char(2) NOT NULL,
	"title" text NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"language" text,
	"categories" text[] NOT NULL,
	"occurred_start" date NOT NULL,
	"occurred_end" date NOT NULL,
	"date_precision" text NOT NULL,
	"admin1" text,
	"place_name" text,
	"latitude" double precision,
	"longitude" double precision,
	"geo_precision" smallint,
	"route" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"marking" text DEFAULT 'sbu' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"outcome" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"merged_into" uuid,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"submitted_at" timestamp (3) with time zone,
	"submitted_by" uuid,
	"verified_at" timestamp (3) with time zone,
	"verified_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce("incidents"."title", '')), 'A') || setweight(to_tsvector('simple', coalesce("incidents"."narrative", '')), 'B')) STORED,
	CONSTRAINT "incidents_reference_unique" UNIQUE("reference"),
	CONSTRAINT "incidents_categories_not_empty" CHECK (cardinality("incidents"."categories") > 0),
	CONSTRAINT "incidents_dates_ordered" CHECK ("incidents"."occurred_end" >= "incidents"."occurred_start"),
	CONSTRAINT "incidents_geo_precision_range" CHECK ("incidents"."geo_precision" between 1 and 3),
	CONSTRAINT "incidents_latitude_range" CHECK ("incidents"."latitude" between -90 and 90),
	CONSTRAINT "incidents_longitude_range" CHECK ("incidents"."longitude" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "perpetrator_attributes" (
	"id" serial PRIMARY KEY NOT NULL,
	"perpetrator_id" integer NOT NULL,
	"attribute" text NOT NULL,
	"value" text NOT NULL,
	"source_id" uuid NOT NULL,
	"excerpt" text
);
--> statement-breakpoint
CREATE TABLE "record_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"publisher" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"published_on" date,
	"language" text,
	"reliability" char(1) DEFAULT 'F' NOT NULL,
	"original_grade" text,
	"post_id" integer,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_reliability_grade" CHECK ("sources"."reliability" in ('A','B','C','D','E','F'))
);
--> statement-breakpoint
ALTER TABLE "incident_acts" ADD CONSTRAINT "incident_acts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_perpetrators" ADD CONSTRAINT "incident_perpetrators_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_sources" ADD CONSTRAINT "incident_sources_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_sources" ADD CONSTRAINT "incident_sources_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_victim_groups" ADD CONSTRAINT "incident_victim_groups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_victim_groups" ADD CONSTRAINT "incident_victim_groups_nationality_source_id_sources_id_fk" FOREIGN KEY ("nationality_source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_merged_into_incidents_id_fk" FOREIGN KEY ("merged_into") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perpetrator_attributes" ADD CONSTRAINT "perpetrator_attributes_perpetrator_id_incident_perpetrators_id_fk" FOREIGN KEY ("perpetrator_id") REFERENCES "public"."incident_perpetrators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perpetrator_attributes" ADD CONSTRAINT "perpetrator_attributes_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_comments" ADD CONSTRAINT "record_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_acts_incident_idx" ON "incident_acts" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_perpetrators_incident_idx" ON "incident_perpetrators" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_sources_source_idx" ON "incident_sources" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "incident_victim_groups_incident_idx" ON "incident_victim_groups" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incidents_search_idx" ON "incidents" USING gin ("search");--> statement-breakpoint
CREATE INDEX "incidents_country_occurred_idx" ON "incidents" USING btree ("country_code","occurred_start");--> statement-breakpoint
CREATE INDEX "incidents_post_status_idx" ON "incidents" USING btree ("post_id","status");--> statement-breakpoint
CREATE INDEX "incidents_keyset_idx" ON "incidents" USING btree ("occurred_start" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "perpetrator_attributes_perpetrator_idx" ON "perpetrator_attributes" USING btree ("perpetrator_id");--> statement-breakpoint
CREATE INDEX "record_comments_entity_idx" ON "record_comments" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "sources_publisher_idx" ON "sources" USING btree ("publisher");