CREATE TABLE "analytics"."incident_rollup_cy" (
	"category" text NOT NULL,
	"year" smallint NOT NULL,
	"country_code" char(2) NOT NULL,
	"synthetic" boolean NOT NULL,
	"incidents" integer NOT NULL,
	CONSTRAINT "incident_rollup_cy_category_year_country_code_synthetic_pk" PRIMARY KEY("category","year","country_code","synthetic")
);
--> statement-breakpoint
CREATE INDEX "incident_rollup_cm_cover_idx" ON "analytics"."incident_rollup_cm" USING btree ("category","month","country_code","synthetic","incidents");