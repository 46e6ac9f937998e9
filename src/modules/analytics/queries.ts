// Reads for the analytics dashboard. Incident counts come from the rollups kept by triggers on
// incidents, never from a scan of the incidents table: analytics.incident_rollup_cm (country ×
// month × category) and its yearly sums incident_rollup_cy for every grouping but the route,
// analytics.incident_rollup (with the route) for that one; populations from the reference
// data; official series from stat_observations.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';

export type Grouping = 'country' | 'region' | 'category' | 'route' | 'month';

export interface CountFilter {
  from: string;
  to: string;
  country?: string | undefined;
  category?: string | undefined;
}

export async function incidentCounts(db: Executor, by: Grouping, f: CountFilter) {
  const key =
    by === 'country'
      ? sql`r.country_code`
      : by === 'region'
        ? sql`g.code`
        : by === 'category'
          ? sql`r.category`
          : by === 'route'
            ? sql`r.route`
            : sql`to_char(r.month, 'YYYY-MM')`;
  const label =
    by === 'country' ? sql`max(c.name)` : by === 'region' ? sql`max(g.name)` : sql`NULL::text`;
  // Category rows count an incident once per category; every other grouping reads the '*' rows.
  const category =
    by === 'category'
      ? f.category
        ? sql`r.category = ${f.category}`
        : sql`r.category <> '*'`
      : sql`r.category = ${f.category ?? '*'}`;
  // The route rollup is nearly as large as the data; the coarse one (no route) is ~1/15 of it,
  // and its yearly sums a twelfth of that: whole years come from those, the rest by month.
  const from = sql`date_trunc('month', ${f.from}::date)::date`;
  const to = sql`${f.to}::date`;
  const years = by === 'route' || by === 'month' ? undefined : wholeYears(f);
  const monthly = (extra: SQL) =>
    sql`SELECT country_code, category, synthetic, incidents FROM analytics.incident_rollup_cm
         WHERE month BETWEEN ${from} AND ${to} ${extra}`;
  const cells =
    by === 'route'
      ? sql`(SELECT * FROM analytics.incident_rollup WHERE month BETWEEN ${from} AND ${to})`
      : !years
        ? sql`(SELECT * FROM analytics.incident_rollup_cm WHERE month BETWEEN ${from} AND ${to})`
        : sql`(SELECT country_code, category, synthetic, incidents FROM analytics.incident_rollup_cy
                WHERE year BETWEEN ${years.first} AND ${years.last}
               ${years.head ? sql`UNION ALL ${monthly(sql`AND month < ${`${years.first}-01-01`}::date`)}` : sql``}
               ${years.tail ? sql`UNION ALL ${monthly(sql`AND month >= ${`${years.last + 1}-01-01`}::date`)}` : sql``})`;
  // A cell whose incidents all left (deleted, un-verified) stays at 0 and flags nothing.
  return queryRows<{ key: string; label: string | null; incidents: string; synthetic: boolean }>(
    db,
    sql`SELECT ${key} AS key, ${label} AS label, sum(r.incidents)::text AS incidents, bool_or(r.synthetic AND r.incidents > 0) AS synthetic
          FROM ${cells} r
          JOIN countries c ON c.code = r.country_code
          JOIN regions g ON g.id = c.region_id
         WHERE ${category}
           ${f.country ? sql`AND r.country_code = ${f.country}` : sql``}
         GROUP BY 1 HAVING sum(r.incidents) > 0 ORDER BY 1`,
  );
}

/**
 * The calendar years wholly inside the period (its months run from the month of `from` to the
 * month of `to`, both included), or undefined when there is none.
 */
export function wholeYears(f: { from: string; to: string }) {
  const a = /^(\d{4})-(\d{2})-\d{2}$/.exec(f.from);
  const b = /^(\d{4})-(\d{2})-\d{2}$/.exec(f.to);
  if (!a || !b) return undefined;
  const first = Number(a[1]) + (a[2] === '01' ? 0 : 1);
  const last = Number(b[1]) - (b[2] === '12' ? 0 : 1);
  // head, tail: whether months before the first whole year, or after the last, are counted.
  return first <= last ? { first, last, head: a[2] !== '01', tail: b[2] !== '12' } : undefined;
}

/** The same counts by a full scan of incidents: for the benchmark's comparison only. */
export async function incidentCountsByScan(db: Executor, f: CountFilter) {
  return queryRows<{ key: string; incidents: string }>(
    db,
    sql`SELECT country_code AS key, count(*)::text AS incidents FROM incidents
         WHERE status = 'verified' AND occurred_start BETWEEN date_trunc('month', ${f.from}::date)::date AND ${f.to}::date
         GROUP BY 1 ORDER BY 1`,
  );
}

export async function populationsOfYear(db: Executor, year: number) {
  return queryRows<{
    country_code: string;
    name: string;
    numeric: string | null;
    population: string;
    source: string;
  }>(
    db,
    sql`SELECT p.country_code, c.name, c.numeric, p.population::text, p.source
          FROM populations p JOIN countries c ON c.code = p.country_code WHERE p.year = ${year}`,
  );
}

export async function countryNames(db: Executor) {
  return queryRows<{ code: string; name: string; numeric: string | null }>(
    db,
    sql`SELECT code, name, numeric FROM countries`,
  );
}

export async function series(
  db: Executor,
  datasetKey: string,
  indicator: string,
  area: string | undefined,
) {
  return queryRows<{
    id: string;
    period: string;
    period_start: string;
    area: string;
    country_code: string | null;
    dimensions: Record<string, string>;
    value: string | null;
    flags: string | null;
  }>(
    db,
    sql`SELECT o.id::text, o.period, o.period_start::text, o.area, o.country_code, o.dimensions, o.value::text, o.flags
          FROM stat_observations o JOIN stat_datasets d ON d.id = o.dataset_id
         WHERE d.key = ${datasetKey} AND o.indicator = ${indicator}
           ${area ? sql`AND o.area = ${area}` : sql``}
         ORDER BY o.area, o.period_start LIMIT 5000`,
  );
}

export async function datasetByKey(db: Executor, key: string) {
  const [d] = await queryRows<{
    id: string;
    key: string;
    publisher: string;
    title: string;
    url: string;
    licence: string;
    reference_period: string;
    counted: string;
    counted_description: string;
    caveats: string;
    synthetic: boolean;
  }>(
    db,
    sql`SELECT id, key, publisher, title, url, licence, reference_period, counted, counted_description, caveats, synthetic FROM stat_datasets WHERE key = ${key}`,
  );
  return d;
}

export async function observationById(db: Executor, id: number) {
  const [o] = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT o.id::text, o.area, o.country_code, o.period, o.indicator, o.dimensions, o.value::text, o.flags,
               o.source_row, i.file_name, i.sha256, i.created_at::text AS imported_at,
               d.key AS dataset, d.publisher, d.title, d.url, d.caveats, d.counted_description
          FROM stat_observations o JOIN stat_datasets d ON d.id = o.dataset_id
          LEFT JOIN stat_imports i ON i.id = o.import_id WHERE o.id = ${id}`,
  );
  return o;
}

/** Verified incidents of one country by year or month (periods with none are absent). */
export async function incidentTrend(
  db: Executor,
  country: string,
  by: 'year' | 'month',
  f: { from: string; to: string },
) {
  const key = by === 'year' ? sql`to_char(r.month, 'YYYY')` : sql`to_char(r.month, 'YYYY-MM')`;
  return queryRows<{ key: string; incidents: string; synthetic: boolean }>(
    db,
    sql`SELECT ${key} AS key, sum(r.incidents)::text AS incidents, bool_or(r.synthetic AND r.incidents > 0) AS synthetic
          FROM analytics.incident_rollup_cm r
         WHERE r.country_code = ${country} AND r.category = '*'
           AND r.month BETWEEN date_trunc('month', ${f.from}::date)::date AND ${f.to}::date
         GROUP BY 1 ORDER BY 1`,
  );
}

/** A country's population figures (the reference table the rates divide by), by year. */
export async function populationsOfCountry(db: Executor, country: string) {
  return queryRows<{ year: number; population: string; source: string }>(
    db,
    sql`SELECT year, population::text, source FROM populations WHERE country_code = ${country} ORDER BY year`,
  );
}

/** A dataset's annual observations of one indicator in one country (every breakdown). */
export async function annualObservations(
  db: Executor,
  datasetKey: string,
  indicator: string,
  country: string,
) {
  return queryRows<{
    id: string;
    period: string;
    area: string;
    dimensions: Record<string, string>;
    value: string | null;
    flags: string | null;
  }>(
    db,
    sql`SELECT o.id::text, o.period, o.area, o.dimensions, o.value::text, o.flags
          FROM stat_observations o JOIN stat_datasets d ON d.id = o.dataset_id
         WHERE d.key = ${datasetKey} AND o.indicator = ${indicator} AND o.country_code = ${country}
           AND o.period ~ '^[0-9]{4}$'
         ORDER BY o.period`,
  );
}

/**
 * Annual figures of population tables (datasets counting `population`) that break a country's
 * population down by `dimension` and give `group` ("Citizenship" = "Syria").
 */
export async function groupPopulations(
  db: Executor,
  country: string,
  dimension: string,
  group: string,
) {
  return queryRows<{
    id: string;
    period: string;
    area: string;
    dimensions: Record<string, string>;
    value: string | null;
    flags: string | null;
    dataset: string;
    publisher: string;
    title: string;
  }>(
    db,
    sql`SELECT o.id::text, o.period, o.area, o.dimensions, o.value::text, o.flags,
               d.key AS dataset, d.publisher, d.title
          FROM stat_observations o JOIN stat_datasets d ON d.id = o.dataset_id
         WHERE d.counted = 'population' AND o.country_code = ${country}
           AND o.period ~ '^[0-9]{4}$' AND o.dimensions ->> ${dimension} = ${group}
         ORDER BY d.key, o.period`,
  );
}
