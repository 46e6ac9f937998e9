CREATE TABLE "analytics"."incident_facet_pairs" (
	"fdim" text NOT NULL,
	"fval" text NOT NULL,
	"region_id" integer NOT NULL,
	"status" text NOT NULL,
	"start_year" smallint NOT NULL,
	"end_year" smallint NOT NULL,
	"dim" text NOT NULL,
	"val" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "incident_facet_pairs_fdim_fval_region_id_status_start_year_end_year_dim_val_pk" PRIMARY KEY("fdim","fval","region_id","status","start_year","end_year","dim","val")
);
--> statement-breakpoint
CREATE TABLE "analytics"."incident_facet_pending" (
	"w" smallint NOT NULL,
	"incident_id" uuid NOT NULL,
	"post_id" integer NOT NULL,
	"created_by" uuid,
	"region_id" integer NOT NULL,
	"status" text NOT NULL,
	"start_year" smallint NOT NULL,
	"end_year" smallint NOT NULL,
	"occurred_start" date NOT NULL,
	"occurred_end" date NOT NULL,
	"country_code" char(2) NOT NULL,
	"route" text,
	"marking" text NOT NULL,
	"categories" text[] NOT NULL,
	"source_types" text[] NOT NULL,
	"reliabilities" text[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "incident_facets_created_by_idx" ON "analytics"."incident_facets" USING btree ("created_by");