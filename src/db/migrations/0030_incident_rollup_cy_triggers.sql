-- analytics.incident_rollup_cy: the coarse rollup (country × month × category) summed by
-- calendar year, so that a dashboard period of whole years reads a twelfth of the cells. Kept by
-- statement-level triggers on analytics.incident_rollup_cm, as that one is kept from the fine
-- rollup: the chain incidents → incident_rollup → incident_rollup_cm → incident_rollup_cy runs
-- in the same transaction as every write, each level the exact sum of the one below.
CREATE OR REPLACE FUNCTION analytics.incident_rollup_cy_on_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_rollup_cy AS r (category, year, country_code, synthetic, incidents)
  SELECT n.category, extract(year FROM n.month)::smallint, n.country_code, n.synthetic, sum(n.incidents)
    FROM new_rows n
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (category, year, country_code, synthetic)
    DO UPDATE SET incidents = r.incidents + excluded.incidents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_cy_on_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  UPDATE analytics.incident_rollup_cy r SET incidents = r.incidents - d.n
    FROM (SELECT o.category, extract(year FROM o.month)::smallint AS year, o.country_code,
                 o.synthetic, sum(o.incidents) AS n
            FROM old_rows o
           GROUP BY 1, 2, 3, 4
          HAVING sum(o.incidents) <> 0) d
   WHERE r.category = d.category AND r.year = d.year AND r.country_code = d.country_code
     AND r.synthetic = d.synthetic;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_cy_on_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_rollup_cy AS r (category, year, country_code, synthetic, incidents)
  SELECT x.category, extract(year FROM x.month)::smallint, x.country_code, x.synthetic, sum(x.n)
    FROM (SELECT n.category, n.month, n.country_code, n.synthetic, n.incidents AS n FROM new_rows n
          UNION ALL
          SELECT o.category, o.month, o.country_code, o.synthetic, -o.incidents FROM old_rows o) x
   GROUP BY 1, 2, 3, 4
  HAVING sum(x.n) <> 0
  ON CONFLICT (category, year, country_code, synthetic)
    DO UPDATE SET incidents = r.incidents + excluded.incidents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- First fill, from the coarse rollup as it stands (the triggers below keep it from now on).
INSERT INTO analytics.incident_rollup_cy (category, year, country_code, synthetic, incidents)
SELECT category, extract(year FROM month)::smallint, country_code, synthetic, sum(incidents)
  FROM analytics.incident_rollup_cm
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER incident_rollup_cy_insert AFTER INSERT ON analytics.incident_rollup_cm
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_cy_on_insert();
--> statement-breakpoint
CREATE TRIGGER incident_rollup_cy_delete AFTER DELETE ON analytics.incident_rollup_cm
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_cy_on_delete();
--> statement-breakpoint
CREATE TRIGGER incident_rollup_cy_update AFTER UPDATE ON analytics.incident_rollup_cm
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_cy_on_update();
--> statement-breakpoint
-- The rebuild (migration 0028) now empties the yearly rollup too; the fine rollup's recount
-- fills the coarse one, whose insert trigger fills the yearly one. Same signature and result.
CREATE OR REPLACE FUNCTION analytics.dashboard_rollups_rebuild(
  OUT fine_rows bigint, OUT coarse_rows bigint
) RETURNS record
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET work_mem = '256MB' AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('analytics.dashboard_rollups_rebuild'));
  TRUNCATE analytics.incident_rollup, analytics.incident_rollup_cm, analytics.incident_rollup_cy;
  INSERT INTO analytics.incident_rollup (country_code, month, category, route, synthetic, incidents)
  SELECT i.country_code, date_trunc('month', i.occurred_start)::date, cats.c,
         coalesce(i.route, ''), i.synthetic, count(*)
    FROM incidents i
   CROSS JOIN LATERAL (SELECT DISTINCT c FROM unnest(i.categories || '{*}'::text[]) AS u(c)) AS cats
   WHERE i.status = 'verified'
   GROUP BY 1, 2, 3, 4, 5;
  GET DIAGNOSTICS fine_rows = ROW_COUNT;
  SELECT count(*) INTO coarse_rows FROM analytics.incident_rollup_cm;
END;
$$;
