-- analytics.incident_rollup_cm: the incident rollup (country × month × category × route) summed
-- over routes, for the dashboard groupings that do not need the route. Kept by statement-level
-- triggers on analytics.incident_rollup itself, so it is the fine rollup summed over routes at
-- every moment, whichever way the fine rollup was written (the triggers on incidents, a rebuild):
-- a new fine cell adds its count, a changed one the difference, a deleted one takes its count off.
CREATE OR REPLACE FUNCTION analytics.incident_rollup_cm_on_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_rollup_cm AS r (category, month, country_code, synthetic, incidents)
  SELECT n.category, n.month, n.country_code, n.synthetic, sum(n.incidents)
    FROM new_rows n
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (category, month, country_code, synthetic)
    DO UPDATE SET incidents = r.incidents + excluded.incidents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_cm_on_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  UPDATE analytics.incident_rollup_cm r SET incidents = r.incidents - d.n
    FROM (SELECT o.category, o.month, o.country_code, o.synthetic, sum(o.incidents) AS n
            FROM old_rows o
           GROUP BY 1, 2, 3, 4
          HAVING sum(o.incidents) <> 0) d
   WHERE r.category = d.category AND r.month = d.month AND r.country_code = d.country_code
     AND r.synthetic = d.synthetic;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_cm_on_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_rollup_cm AS r (category, month, country_code, synthetic, incidents)
  SELECT x.category, x.month, x.country_code, x.synthetic, sum(x.n)
    FROM (SELECT n.category, n.month, n.country_code, n.synthetic, n.incidents AS n FROM new_rows n
          UNION ALL
          SELECT o.category, o.month, o.country_code, o.synthetic, -o.incidents FROM old_rows o) x
   GROUP BY 1, 2, 3, 4
  HAVING sum(x.n) <> 0
  ON CONFLICT (category, month, country_code, synthetic)
    DO UPDATE SET incidents = r.incidents + excluded.incidents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- First fill, from the fine rollup as it stands (the triggers below keep it from now on).
INSERT INTO analytics.incident_rollup_cm (category, month, country_code, synthetic, incidents)
SELECT category, month, country_code, synthetic, sum(incidents)
  FROM analytics.incident_rollup
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER incident_rollup_cm_insert AFTER INSERT ON analytics.incident_rollup
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_cm_on_insert();
--> statement-breakpoint
CREATE TRIGGER incident_rollup_cm_delete AFTER DELETE ON analytics.incident_rollup
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_cm_on_delete();
--> statement-breakpoint
CREATE TRIGGER incident_rollup_cm_update AFTER UPDATE ON analytics.incident_rollup
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_cm_on_update();
--> statement-breakpoint
-- Recounts every dashboard rollup from incidents, exactly: for after a bulk load that bypassed
-- the triggers on incidents (the demo generator, a restore). The fine rollup is recounted from
-- the verified incidents as the triggers on incidents count them; its insert trigger above
-- fills the coarse rollup from it. TRUNCATE rather than DELETE (no per-row work, and the coarse
-- triggers do not fire): writers to incidents wait on the rollups until the rebuild commits,
-- and the recount (a statement of its own, so a snapshot taken after that lock) sees every
-- incident committed before it. One rebuild at a time. Returns the rows of each rollup.
CREATE OR REPLACE FUNCTION analytics.dashboard_rollups_rebuild(
  OUT fine_rows bigint, OUT coarse_rows bigint
) RETURNS record
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET work_mem = '256MB' AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('analytics.dashboard_rollups_rebuild'));
  TRUNCATE analytics.incident_rollup, analytics.incident_rollup_cm;
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
