CREATE TABLE "analytics"."incident_rollup_cm" (
	"category" text NOT NULL,
	"month" date NOT NULL,
	"country_code" char(2) NOT NULL,
	"synthetic" boolean NOT NULL,
	"incidents" integer NOT NULL,
	CONSTRAINT "incident_rollup_cm_category_month_country_code_synthetic_pk" PRIMARY KEY("category","month","country_code","synthetic")
);
--> statement-breakpoint
CREATE INDEX "incident_rollup_cm_country_idx" ON "analytics"."incident_rollup_cm" USING btree ("country_code","category","month");