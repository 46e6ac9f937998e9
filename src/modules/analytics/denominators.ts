// What a rate divides by, and which cell of an official table a figure is. A country's rate
// divides by the population table (World Bank SP.POP.TOTL unless a population table was
// imported since); a breakdown group's rate ("Citizenship: Syria") only by a population table
// that gives that group, never by the whole country's population (DATA-STANDARDS rule 1).
import type { Database } from '../../db/connection.ts';
import { Invalid } from '../../domain/errors.ts';
import type { Denominator } from '../../domain/stats/rate.ts';
import * as q from './queries.ts';

export interface Cell {
  id: string;
  period: string;
  area: string;
  dimensions: Record<string, string>;
  value: string | null;
  flags: string | null;
}

export interface Group {
  country: string;
  /** A breakdown of the table ("Citizenship") and its value ("Syria"); none: the country's total. */
  dimension?: string | undefined;
  group?: string | undefined;
}

/**
 * One cell per year for a group: the rows of the group's breakdown value, and for every other
 * breakdown that varies the publisher's "Total". A table without a total for a varying
 * breakdown cannot give one figure per year: the caller must name the breakdown.
 */
export function cellsByYear<C extends Cell>(
  rows: C[],
  g: Pick<Group, 'dimension' | 'group'>,
): Map<string, C> {
  let cells = g.dimension ? rows.filter((r) => r.dimensions[g.dimension!] === g.group) : rows;
  const keys = new Set(cells.flatMap((r) => Object.keys(r.dimensions)));
  keys.delete(g.dimension ?? '');
  for (const key of keys) {
    const values = new Set(cells.map((r) => r.dimensions[key]));
    if (values.size < 2) continue;
    const totals = cells.filter((r) => /^total$/i.test(r.dimensions[key] ?? ''));
    if (totals.length === 0)
      throw Invalid.field(
        'dimension',
        `the table breaks the figures down by "${key}" (${[...values].slice(0, 5).join(', ')}…) with no "Total": name that breakdown`,
      );
    cells = totals;
  }
  const out = new Map<string, C>();
  for (const c of cells) {
    if (out.has(c.period))
      throw Invalid.field('dimension', `more than one figure for ${c.period}: name the breakdown`);
    out.set(c.period, c);
  }
  return out;
}

export interface Found {
  denominator: Denominator;
  /** The observation the population figure was read from (a breakdown group's only). */
  observation: string | null;
}

/** The denominator of a group for each year it exists, and why not for the other years. */
export async function denominatorsOf(
  db: Database,
  g: Group,
  countryName: string,
): Promise<{ byYear: Map<number, Found>; missing: (year: number) => string }> {
  const byYear = new Map<number, Found>();
  if (!g.dimension) {
    for (const p of await q.populationsOfCountry(db, g.country))
      byYear.set(p.year, {
        denominator: {
          population: Number(p.population),
          of: `population of ${countryName}`,
          year: p.year,
          source: p.source,
          kind: 'country',
        },
        observation: null,
      });
    return {
      byYear,
      missing: (year) =>
        `there is no population of ${countryName} for ${year} in the population table`,
    };
  }
  const rows = await q.groupPopulations(db, g.country, g.dimension, g.group ?? '');
  const first = rows[0]?.dataset;
  const cells = cellsByYear(
    rows.filter((r) => r.dataset === first),
    g,
  );
  for (const [period, c] of cells) {
    if (c.value === null) continue;
    byYear.set(Number(period), {
      denominator: {
        population: Number(c.value),
        of: `population of ${countryName} with ${g.dimension} "${g.group}"`,
        year: Number(period),
        source: `${c.publisher}: ${c.title} (statistics dataset "${c.dataset}")`,
        kind: `population by ${g.dimension} (statistics dataset "${c.dataset}")`,
      },
      observation: `/api/analytics/observations/${c.id}`,
    });
  }
  return {
    byYear,
    missing: (year) =>
      `there is no population of ${countryName} with ${g.dimension} "${g.group}" for ${year} in any imported population table (a table counting population broken down by ${g.dimension}); the whole population of ${countryName} is not the population of that group`,
  };
}

export async function countryName(db: Database, code: string): Promise<string> {
  const names = await q.countryNames(db);
  const c = names.find((n) => n.code === code);
  if (!c) throw Invalid.field('country', `no country "${code}"`);
  return c.name;
}
