-- analytics.incident_facet_pairs: facet counts pre-aggregated from analytics.incident_facets
-- (see src/db/schema/incidentFacets.ts). For every record: each pair (filter value, counted
-- value) of its facet values, the filter side including '' (no filter) and the counted side
-- '*' (the record itself), per region of its post, status, and the years it starts and ends in.
--
-- The facet values of one record: country, route (when given), marking, each category, each
-- source type, each reliability grade. IMMUTABLE and plain SQL so that the planner inlines it.
CREATE OR REPLACE FUNCTION analytics.incident_facet_values(
  country_code text, route text, marking text, categories text[], source_types text[],
  reliabilities text[]
) RETURNS TABLE (dim text, val text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 'country', country_code
  UNION ALL SELECT 'route', route WHERE route IS NOT NULL
  UNION ALL SELECT 'marking', marking
  UNION ALL SELECT DISTINCT 'category', c FROM unnest(categories) AS c
  UNION ALL SELECT DISTINCT 'sourceType', t FROM unnest(source_types) AS t
  UNION ALL SELECT DISTINCT 'reliability', g FROM unnest(reliabilities) AS g
$$;
--> statement-breakpoint
-- Writes do not touch the pairs directly: a bulk load would rewrite most of them once per
-- statement. The triggers append each changed facet row to incident_facet_pending instead, +1
-- for the new state and -1 for the old (one narrow row each, set-based); readers add the pending
-- rows to the pairs (so counts are exact at every moment), and incident_facet_pairs_drain() folds
-- them in, netting a record's intermediate states first (a record inserted, then given its
-- sources, is counted once, in its final state).
CREATE OR REPLACE FUNCTION analytics.incident_facet_pending_on_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_facet_pending (w, incident_id, post_id, created_by, region_id,
         status, start_year, end_year, occurred_start, occurred_end, country_code, route, marking,
         categories, source_types, reliabilities)
  SELECT 1, r.incident_id, r.post_id, r.created_by, coalesce(c.region_id, 0), r.status,
         extract(year FROM r.occurred_start)::int, extract(year FROM r.occurred_end)::int,
         r.occurred_start, r.occurred_end, r.country_code, r.route, r.marking, r.categories,
         r.source_types, r.reliabilities
    FROM new_rows r
    LEFT JOIN posts po ON po.id = r.post_id
    LEFT JOIN countries c ON c.code = po.country_code;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_facet_pending_on_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_facet_pending (w, incident_id, post_id, created_by, region_id,
         status, start_year, end_year, occurred_start, occurred_end, country_code, route, marking,
         categories, source_types, reliabilities)
  SELECT -1, r.incident_id, r.post_id, r.created_by, coalesce(c.region_id, 0), r.status,
         extract(year FROM r.occurred_start)::int, extract(year FROM r.occurred_end)::int,
         r.occurred_start, r.occurred_end, r.country_code, r.route, r.marking, r.categories,
         r.source_types, r.reliabilities
    FROM old_rows r
    LEFT JOIN posts po ON po.id = r.post_id
    LEFT JOIN countries c ON c.code = po.country_code;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_facet_pending_on_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_facet_pending (w, incident_id, post_id, created_by, region_id,
         status, start_year, end_year, occurred_start, occurred_end, country_code, route, marking,
         categories, source_types, reliabilities)
  SELECT x.w, x.incident_id, x.post_id, x.created_by, coalesce(c.region_id, 0), x.status,
         extract(year FROM x.occurred_start)::int, extract(year FROM x.occurred_end)::int,
         x.occurred_start, x.occurred_end, x.country_code, x.route, x.marking, x.categories,
         x.source_types, x.reliabilities
    FROM (SELECT 1 AS w, n.* FROM new_rows n JOIN old_rows o ON o.incident_id = n.incident_id
           WHERE (n.*) IS DISTINCT FROM (o.*)
          UNION ALL
          SELECT -1 AS w, o.* FROM old_rows o JOIN new_rows n ON n.incident_id = o.incident_id
           WHERE (n.*) IS DISTINCT FROM (o.*)) x
    LEFT JOIN posts po ON po.id = x.post_id
    LEFT JOIN countries c ON c.code = po.country_code;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incident_facets_pending_insert AFTER INSERT ON analytics.incident_facets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facet_pending_on_insert();
--> statement-breakpoint
CREATE TRIGGER incident_facets_pending_delete AFTER DELETE ON analytics.incident_facets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facet_pending_on_delete();
--> statement-breakpoint
CREATE TRIGGER incident_facets_pending_update AFTER UPDATE ON analytics.incident_facets
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facet_pending_on_update();
--> statement-breakpoint
-- Folds the pending rows into the pairs, in one statement; one drain at a time (a second caller
-- returns at once). Returns how many cells of the pairs changed.
CREATE OR REPLACE FUNCTION analytics.incident_facet_pairs_drain() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET work_mem = '256MB' AS $$
DECLARE
  cells bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('analytics.incident_facet_pairs_drain')) THEN
    RETURN 0;
  END IF;
  WITH taken AS (DELETE FROM analytics.incident_facet_pending RETURNING *)
    INSERT INTO analytics.incident_facet_pairs AS p
           (fdim, fval, region_id, status, start_year, end_year, dim, val, n)
  SELECT f.dim, f.val, r.region_id, r.status, r.start_year, r.end_year, v.dim, v.val, sum(r.w)
    FROM (SELECT region_id, status, start_year, end_year, country_code, route, marking,
                 categories, source_types, reliabilities, sum(w) AS w
            FROM taken
           GROUP BY incident_id, region_id, status, start_year, end_year, country_code, route,
                    marking, categories, source_types, reliabilities
          HAVING sum(w) <> 0) r
   CROSS JOIN LATERAL (SELECT '' AS dim, '' AS val UNION ALL
          SELECT * FROM analytics.incident_facet_values(r.country_code, r.route, r.marking,
                          r.categories, r.source_types, r.reliabilities)) f
   CROSS JOIN LATERAL (SELECT '*' AS dim, '' AS val UNION ALL
          SELECT * FROM analytics.incident_facet_values(r.country_code, r.route, r.marking,
                          r.categories, r.source_types, r.reliabilities)) v
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(r.w) <> 0
    ON CONFLICT (fdim, fval, region_id, status, start_year, end_year, dim, val)
      DO UPDATE SET n = p.n + excluded.n;
  GET DIAGNOSTICS cells = ROW_COUNT;
  RETURN cells;
END;
$$;
--> statement-breakpoint
-- The pairs name the region of each record's post: moving a post to another country, or a
-- country to another region (reference data, rare), recounts them from the facet copy.
CREATE OR REPLACE FUNCTION analytics.incident_facet_pairs_rebuild() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public SET work_mem = '256MB' AS $$
  SELECT pg_advisory_xact_lock(hashtext('analytics.incident_facet_pairs_drain'));
  DELETE FROM analytics.incident_facet_pending;
  DELETE FROM analytics.incident_facet_pairs;
  INSERT INTO analytics.incident_facet_pairs
         (fdim, fval, region_id, status, start_year, end_year, dim, val, n)
  SELECT f.dim, f.val, r.region_id, r.status, r.start_year, r.end_year, v.dim, v.val, count(*)
    FROM (SELECT coalesce(c.region_id, 0) AS region_id, x.status,
                 extract(year FROM x.occurred_start)::int AS start_year,
                 extract(year FROM x.occurred_end)::int AS end_year, x.country_code, x.route,
                 x.marking, x.categories, x.source_types, x.reliabilities
            FROM analytics.incident_facets x
            LEFT JOIN posts po ON po.id = x.post_id
            LEFT JOIN countries c ON c.code = po.country_code) r
   CROSS JOIN LATERAL (SELECT '' AS dim, '' AS val UNION ALL
          SELECT * FROM analytics.incident_facet_values(r.country_code, r.route, r.marking,
                          r.categories, r.source_types, r.reliabilities)) f
   CROSS JOIN LATERAL (SELECT '*' AS dim, '' AS val UNION ALL
          SELECT * FROM analytics.incident_facet_values(r.country_code, r.route, r.marking,
                          r.categories, r.source_types, r.reliabilities)) v
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_facet_pairs_on_posts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE n.country_code IS DISTINCT FROM o.country_code) THEN
    PERFORM analytics.incident_facet_pairs_rebuild();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_facet_pairs_on_countries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.code = n.code
              WHERE n.region_id IS DISTINCT FROM o.region_id) THEN
    PERFORM analytics.incident_facet_pairs_rebuild();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER posts_facet_pairs_update AFTER UPDATE ON posts
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facet_pairs_on_posts();
--> statement-breakpoint
CREATE TRIGGER countries_facet_pairs_update AFTER UPDATE ON countries
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_facet_pairs_on_countries();
--> statement-breakpoint
SELECT analytics.incident_facet_pairs_rebuild();
--> statement-breakpoint
-- The incident rollup (migration 0010) was kept row by row: one plpgsql call and an upsert per
-- incident written. Now one set-based statement per statement, like the facet copy, so that a
-- bulk load (the generator, a restore) pays once per batch. Same counts: verified incidents by
-- country, month, category (and '*') and route; an update nets the old row against the new.
DROP TRIGGER incidents_rollup ON incidents;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_on_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_rollup AS r (country_code, month, category, route, synthetic, incidents)
  SELECT n.country_code, date_trunc('month', n.occurred_start)::date, cats.c,
         coalesce(n.route, ''), n.synthetic, count(*)
    FROM new_rows n
   CROSS JOIN LATERAL (SELECT DISTINCT c FROM unnest(n.categories || '{*}'::text[]) AS u(c)) AS cats
   WHERE n.status = 'verified'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (country_code, month, category, route, synthetic)
    DO UPDATE SET incidents = r.incidents + excluded.incidents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_on_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  UPDATE analytics.incident_rollup r SET incidents = r.incidents - d.n
    FROM (SELECT o.country_code, date_trunc('month', o.occurred_start)::date AS month, cats.c,
                 coalesce(o.route, '') AS route, o.synthetic, count(*) AS n
            FROM old_rows o
           CROSS JOIN LATERAL (SELECT DISTINCT c FROM unnest(o.categories || '{*}'::text[]) AS u(c)) AS cats
           WHERE o.status = 'verified'
           GROUP BY 1, 2, 3, 4, 5) d
   WHERE r.country_code = d.country_code AND r.month = d.month AND r.category = d.c
     AND r.route = d.route AND r.synthetic = d.synthetic;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics.incident_rollup_on_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO analytics.incident_rollup AS r (country_code, month, category, route, synthetic, incidents)
  SELECT x.country_code, date_trunc('month', x.occurred_start)::date, cats.c,
         coalesce(x.route, ''), x.synthetic, sum(x.w)
    FROM (SELECT 1 AS w, n.country_code, n.occurred_start, n.categories, n.route, n.synthetic
            FROM new_rows n WHERE n.status = 'verified'
          UNION ALL
          SELECT -1, o.country_code, o.occurred_start, o.categories, o.route, o.synthetic
            FROM old_rows o WHERE o.status = 'verified') x
   CROSS JOIN LATERAL (SELECT DISTINCT c FROM unnest(x.categories || '{*}'::text[]) AS u(c)) AS cats
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(x.w) <> 0
  ON CONFLICT (country_code, month, category, route, synthetic)
    DO UPDATE SET incidents = r.incidents + excluded.incidents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_rollup_insert AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_on_insert();
--> statement-breakpoint
CREATE TRIGGER incidents_rollup_delete AFTER DELETE ON incidents
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_on_delete();
--> statement-breakpoint
CREATE TRIGGER incidents_rollup_update AFTER UPDATE ON incidents
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION analytics.incident_rollup_on_update();
--> statement-breakpoint
DROP FUNCTION analytics.incident_rollup_apply();
