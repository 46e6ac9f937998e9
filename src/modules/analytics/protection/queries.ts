// The cells every published incident figure is made of: verified incidents by country and
// month (category '*'), with the country's region, from the country × month rollup kept by the
// triggers on incidents (never a scan of incidents).
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connection.ts';
import { queryRows } from '../../../db/raw.ts';

/** Nonzero country × month cells of the calendar years fromYear…toYear. */
export async function countryMonthCells(db: Executor, fromYear: number, toYear: number) {
  return queryRows<{
    country: string;
    region: string;
    month: string;
    incidents: string;
    synthetic: boolean;
  }>(
    db,
    sql`SELECT r.country_code AS country, max(g.code) AS region, to_char(r.month, 'YYYY-MM') AS month,
               sum(r.incidents)::text AS incidents, bool_or(r.synthetic AND r.incidents > 0) AS synthetic
          FROM analytics.incident_rollup_cm r
          JOIN countries c ON c.code = r.country_code
          JOIN regions g ON g.id = c.region_id
         WHERE r.category = '*'
           AND r.month BETWEEN ${`${fromYear}-01-01`}::date AND ${`${toYear}-12-01`}::date
         GROUP BY r.country_code, r.month HAVING sum(r.incidents) > 0
         ORDER BY 1, 3`,
  );
}
