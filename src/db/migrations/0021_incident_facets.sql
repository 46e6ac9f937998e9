CREATE TABLE "analytics"."incident_facets" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"post_id" integer NOT NULL,
	"created_by" uuid,
	"status" text NOT NULL,
	"country_code" char(2) NOT NULL,
	"route" text,
	"marking" text NOT NULL,
	"categories" text[] NOT NULL,
	"occurred_start" date NOT NULL,
	"occurred_end" date NOT NULL,
	"source_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"reliabilities" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics"."incident_facets" ADD CONSTRAINT "incident_facets_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_facets_country_idx" ON "analytics"."incident_facets" USING btree ("country_code","occurred_start");--> statement-breakpoint
CREATE INDEX "incident_facets_post_status_idx" ON "analytics"."incident_facets" USING btree ("post_id","status");--> statement-breakpoint
CREATE INDEX "incident_facets_categories_idx" ON "analytics"."incident_facets" USING gin ("categories");
--> statement-breakpoint
-- analytics.incident_facets is kept by statement-level triggers with transition tables, so
-- that a bulk load (COPY, INSERT … SELECT) costs one set-based statement, not one per row.
-- SECURITY DEFINER: the app role only reads the analytics schema.
CREATE OR REPLACE FUNCTION analytics.incident_facets_from_incidents() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics.incident_facets (incident_id, post_id, created_by, status, country_code, route,
                                 marking, categories, occurred_start, occurred_end)
    SELECT n.id, n.post_id, n.created_by, n.status, n.country_code, n.route, n.marking,
           n.categories, n.occurred_start, n.occurred_end
      FROM new_rows n;
  ELSE
    UPDATE analytics.incident_facets f
       SET post_id = n.post_id, created_by = n.created_by, status = n.status,
           country_code = n.country_code, route = n.route, marking = n.marking,
           categories = n.categories, occurred_start = n.occurred_start,
           occurred_end = n.occurred_end
      FROM new_rows n
     WHERE f.incident_id = n.id
       AND (f.post_id, f.created_by, f.status, f.country_code, f.route, f.marking, f.categories,
            f.occurred_start, f.occurred_end)
           IS DISTINCT FROM
           (n.post_id, n.created_by, n.status, n.country_code, n.route, n.marking, n.categories,
            n.occurred_start, n.occurred_end);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_facets_insert AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facets_from_incidents();
--> statement-breakpoint
CREATE TRIGGER incidents_facets_update AFTER UPDATE ON incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facets_from_incidents();
--> statement-breakpoint
-- The source types and reliability grades of the incidents in `ids`, recomputed from the links.
CREATE OR REPLACE FUNCTION analytics.incident_facets_refresh_sources(ids uuid[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  UPDATE analytics.incident_facets f
     SET source_types = x.types, reliabilities = x.grades
    FROM (SELECT i.id,
                 coalesce(array_agg(DISTINCT s.type) FILTER (WHERE s.type IS NOT NULL), '{}') AS types,
                 coalesce(array_agg(DISTINCT s.reliability::text) FILTER (WHERE s.reliability IS NOT NULL), '{}') AS grades
            FROM unnest(ids) AS i(id)
            LEFT JOIN incident_sources l ON l.incident_id = i.id
            LEFT JOIN sources s ON s.id = l.source_id
           GROUP BY i.id) x
   WHERE f.incident_id = x.id
     AND (f.source_types, f.reliabilities) IS DISTINCT FROM (x.types, x.grades);
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_facets_from_links() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics.incident_facets_refresh_sources(ARRAY(SELECT DISTINCT incident_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM analytics.incident_facets_refresh_sources(ARRAY(SELECT DISTINCT incident_id FROM old_rows));
  ELSE
    PERFORM analytics.incident_facets_refresh_sources(ARRAY(
      SELECT incident_id FROM new_rows UNION SELECT incident_id FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incident_sources_facets_insert AFTER INSERT ON incident_sources
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facets_from_links();
--> statement-breakpoint
CREATE TRIGGER incident_sources_facets_delete AFTER DELETE ON incident_sources
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facets_from_links();
--> statement-breakpoint
CREATE TRIGGER incident_sources_facets_update AFTER UPDATE ON incident_sources
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facets_from_links();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_facets_from_sources() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM analytics.incident_facets_refresh_sources(ARRAY(
    SELECT DISTINCT l.incident_id
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      JOIN incident_sources l ON l.source_id = n.id
     WHERE (n.type, n.reliability) IS DISTINCT FROM (o.type, o.reliability)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sources_facets_update AFTER UPDATE ON sources
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facets_from_sources();
--> statement-breakpoint
INSERT INTO analytics.incident_facets (incident_id, post_id, created_by, status, country_code, route, marking,
                             categories, occurred_start, occurred_end, source_types, reliabilities)
SELECT i.id, i.post_id, i.created_by, i.status, i.country_code, i.route, i.marking, i.categories,
       i.occurred_start, i.occurred_end,
       coalesce((SELECT array_agg(DISTINCT s.type) FROM incident_sources l JOIN sources s ON s.id = l.source_id
                  WHERE l.incident_id = i.id), '{}'),
       coalesce((SELECT array_agg(DISTINCT s.reliability::text) FROM incident_sources l JOIN sources s ON s.id = l.source_id
                  WHERE l.incident_id = i.id), '{}')
  FROM incidents i;
