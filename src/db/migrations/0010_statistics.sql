CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."incident_rollup" (
	"country_code" char(2) NOT NULL,
	"month" date NOT NULL,
	"category" text NOT NULL,
	"route" text NOT NULL,
	"synthetic" boolean NOT NULL,
	"incidents" integer NOT NULL,
	CONSTRAINT "incident_rollup_country_code_month_category_route_synthetic_pk" PRIMARY KEY("country_code","month","category","route","synthetic")
);
--> statement-breakpoint
CREATE TABLE "stat_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"publisher" text NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"licence" text NOT NULL,
	"reference_period" text NOT NULL,
	"counted" text NOT NULL,
	"counted_description" text NOT NULL,
	"caveats" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stat_datasets_key_unique" UNIQUE("key"),
	CONSTRAINT "stat_datasets_caveats_given" CHECK (length(btrim("stat_datasets"."caveats")) > 0),
	CONSTRAINT "stat_datasets_counted_given" CHECK (length(btrim("stat_datasets"."counted_description")) > 0)
);
--> statement-breakpoint
CREATE TABLE "stat_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"mapping_name" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"observations" integer NOT NULL,
	"replaced" integer DEFAULT 0 NOT NULL,
	"on_duplicate" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_mappings" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_observations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"area" text NOT NULL,
	"country_code" char(2),
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"indicator" text NOT NULL,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"value" numeric,
	"flags" text,
	"import_id" uuid NOT NULL,
	"source_row" integer NOT NULL,
	CONSTRAINT "stat_observations_period_ordered" CHECK ("stat_observations"."period_end" >= "stat_observations"."period_start")
);
--> statement-breakpoint
ALTER TABLE "stat_datasets" ADD CONSTRAINT "stat_datasets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_imports" ADD CONSTRAINT "stat_imports_dataset_id_stat_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."stat_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_imports" ADD CONSTRAINT "stat_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_mappings" ADD CONSTRAINT "stat_mappings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_observations" ADD CONSTRAINT "stat_observations_dataset_id_stat_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."stat_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_rollup_month_idx" ON "analytics"."incident_rollup" USING btree ("month");--> statement-breakpoint
CREATE INDEX "stat_imports_dataset_idx" ON "stat_imports" USING btree ("dataset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_observations_cell_uq" ON "stat_observations" USING btree ("dataset_id","indicator","area","period","dimensions");--> statement-breakpoint
CREATE INDEX "stat_observations_country_idx" ON "stat_observations" USING btree ("country_code","period_start");--> statement-breakpoint
CREATE INDEX "stat_observations_import_idx" ON "stat_observations" USING btree ("import_id");--> statement-breakpoint
-- The incident rollup is kept in the same transaction as every write to incidents: a verified
-- incident adds one to its country × month × category × route cell (and to category '*', so
-- an incident with several categories is counted once in totals); leaving 'verified' or
-- changing those fields takes it out again. SECURITY DEFINER: the app role only reads it.
CREATE OR REPLACE FUNCTION analytics.incident_rollup_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, analytics AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'verified' THEN
    UPDATE analytics.incident_rollup r SET incidents = r.incidents - 1
      FROM (SELECT DISTINCT c FROM unnest(OLD.categories || '{*}'::text[]) AS u(c)) AS cats
     WHERE r.country_code = OLD.country_code
       AND r.month = date_trunc('month', OLD.occurred_start)::date
       AND r.category = cats.c
       AND r.route = coalesce(OLD.route, '')
       AND r.synthetic = OLD.synthetic;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'verified' THEN
    INSERT INTO analytics.incident_rollup AS r (country_code, month, category, route, synthetic, incidents)
    SELECT NEW.country_code, date_trunc('month', NEW.occurred_start)::date, c,
           coalesce(NEW.route, ''), NEW.synthetic, 1
      FROM (SELECT DISTINCT c FROM unnest(NEW.categories || '{*}'::text[]) AS u(c)) AS cats
    ON CONFLICT (country_code, month, category, route, synthetic)
      DO UPDATE SET incidents = r.incidents + 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_rollup
  AFTER INSERT OR DELETE OR UPDATE OF status, country_code, occurred_start, categories, route, synthetic
  ON incidents FOR EACH ROW EXECUTE FUNCTION analytics.incident_rollup_apply();
--> statement-breakpoint
INSERT INTO analytics.incident_rollup (country_code, month, category, route, synthetic, incidents)
SELECT i.country_code, date_trunc('month', i.occurred_start)::date, cats.c, coalesce(i.route, ''), i.synthetic, count(*)
  FROM incidents i
 CROSS JOIN LATERAL (SELECT DISTINCT c FROM unnest(i.categories || '{*}'::text[]) AS u(c)) AS cats
 WHERE i.status = 'verified'
 GROUP BY 1, 2, 3, 4, 5;
