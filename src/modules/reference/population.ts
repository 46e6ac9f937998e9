// Imports the World Bank total-population series (SP.POP.TOTL, long format: one row per country
// and year) as the denominators for per-capita rates. The file mixes regional and income
// aggregates (WLD, EUU, AFE…) and codes that are not ISO 3166-1 (XKX for Kosovo, CHI for the
// Channel Islands) in with the countries; those rows are skipped and reported, never guessed
// onto a country. The whole file is checked before anything is written, and written in one
// transaction, so a bad row leaves the table as it was.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvError, parse } from 'csv-parse';
import { appendAudit, systemActor, type Actor } from '../../db/audit.ts';
import type { Database, Tx } from '../../db/connection.ts';
import { Invalid, type FieldError } from '../../domain/errors.ts';
import {
  alpha2ByAlpha3,
  lockReferenceData,
  populationProblemsInImport,
  upsertPopulations,
  upsertPopulationsFromImport,
  type NewPopulation,
} from './queries.ts';

/** The copy shipped with the app, so a first start needs nothing outside the install. */
export const DEFAULT_POPULATION_FILE = fileURLToPath(
  new URL('./data/worldbank_population_sp_pop_totl_long.csv', import.meta.url),
);

/** How a footnote names the figures. */
export const WORLD_BANK_POPULATION_SOURCE =
  'World Bank, SP.POP.TOTL (World Development Indicators)';

const HEADER = ['Country Name', 'Country Code', 'Year', 'Value'] as const;
// Years a population series can plausibly hold; a typo such as 20200 or 202 is refused.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
// Enough to show a pattern (a shifted column, a wrong decimal mark) without a wall of text.
const MAX_REPORTED_ERRORS = 20;

/** One valid data row of the file. `row` is its line number, header being row 1. */
export interface PopulationFigure {
  row: number;
  alpha3: string;
  year: number;
  population: number;
}

export interface PopulationImport {
  /** Rows whose code is one of our countries: now in `populations`, changed or not. */
  imported: number;
  /** Of those, rows that were new or carried a different figure. */
  changed: number;
  /** Rows skipped because their code is an aggregate or not an ISO 3166-1 country of ours. */
  skippedAggregates: number;
  /** The distinct codes of the skipped rows, sorted. */
  skippedCodes: string[];
}

/** Reads and checks the whole file; throws Invalid naming every bad row (up to a limit). */
export async function readWorldBankPopulation(filePath: string): Promise<PopulationFigure[]> {
  const figures: PopulationFigure[] = [];
  const errors: FieldError[] = [];
  const firstRowOf = new Map<string, number>();
  try {
    const parser = parse(await readFile(filePath), {
      bom: true,
      info: true,
      skip_empty_lines: true,
    });
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const row = info.lines;
      if (row === 1) {
        checkHeader(record, errors);
        if (errors.length > 0) break;
        continue;
      }
      const figure = checkRow(record, row, errors);
      if (!figure) continue;
      const key = `${figure.alpha3}/${figure.year}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        errors.push({
          field: `row ${row}, Year`,
          message: `${figure.alpha3} ${figure.year} already appears in row ${first}`,
        });
        continue;
      }
      firstRowOf.set(key, row);
      figures.push(figure);
    }
  } catch (err) {
    // The parser's own errors (an unclosed quote, a row with too many fields) carry the line.
    if (err instanceof CsvError)
      errors.push({ field: `row ${String(err.lines)}`, message: err.message });
    else throw err;
  }
  if (errors.length > MAX_REPORTED_ERRORS) {
    const more = errors.length - MAX_REPORTED_ERRORS;
    errors.splice(MAX_REPORTED_ERRORS, more, { field: 'file', message: `and ${more} more errors` });
  }
  if (errors.length > 0) throw new Invalid(errors);
  return figures;
}

function checkHeader(record: string[], errors: FieldError[]): void {
  if (record.length !== HEADER.length || HEADER.some((name, i) => record[i]?.trim() !== name)) {
    errors.push({
      field: 'row 1',
      message: `expected the header "${HEADER.join(',')}", found "${record.join(',')}"`,
    });
  }
}

function checkRow(
  record: string[],
  row: number,
  errors: FieldError[],
): PopulationFigure | undefined {
  const [, code = '', yearText = '', valueText = ''] = record.map((field) => field.trim());
  const before = errors.length;
  if (!/^[A-Z0-9]{3}$/.test(code)) {
    errors.push({
      field: `row ${row}, Country Code`,
      message: `"${code}" is not a three-character code`,
    });
  }
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < FIRST_YEAR || year > LAST_YEAR) {
    errors.push({
      field: `row ${row}, Year`,
      message: `"${yearText}" is not a year between ${FIRST_YEAR} and ${LAST_YEAR}`,
    });
  }
  const population = Number(valueText);
  if (!/^\d+$/.test(valueText) || !Number.isSafeInteger(population)) {
    errors.push({
      field: `row ${row}, Value`,
      message: `"${valueText}" is not a whole number of people`,
    });
  }
  return errors.length === before ? { row, alpha3: code, year, population } : undefined;
}

/** Reads the file, then upserts its country rows in one transaction. */
export async function importWorldBankPopulation(
  db: Database,
  filePath: string,
  actor: Actor = systemActor('reference-data'),
): Promise<PopulationImport> {
  const figures = await readWorldBankPopulation(filePath);
  return db.transaction((tx) =>
    applyPopulationFigures(tx, figures, { file: path.basename(filePath), actor }),
  );
}

/** The write half of the import, inside a caller's transaction; uses only `tx`. */
export async function applyPopulationFigures(
  tx: Tx,
  figures: PopulationFigure[],
  origin: { file: string; actor: Actor },
): Promise<PopulationImport> {
  await lockReferenceData(tx);
  const alpha2Of = await alpha2ByAlpha3(tx);
  if (alpha2Of.size === 0) {
    // Without countries every row would be "skipped" and the import would look like success.
    throw Invalid.field('countries', 'no countries are loaded yet: seed the reference data first');
  }
  const rows: NewPopulation[] = [];
  const skippedCodes = new Set<string>();
  let skippedAggregates = 0;
  for (const figure of figures) {
    const countryCode = alpha2Of.get(figure.alpha3);
    if (countryCode === undefined) {
      skippedAggregates++;
      skippedCodes.add(figure.alpha3);
      continue;
    }
    rows.push({
      countryCode,
      year: figure.year,
      population: figure.population,
      source: WORLD_BANK_POPULATION_SOURCE,
    });
  }
  const changed = await upsertPopulations(tx, rows);
  const result: PopulationImport = {
    imported: rows.length,
    changed,
    skippedAggregates,
    skippedCodes: [...skippedCodes].sort(),
  };
  if (changed > 0) {
    await appendAudit(tx, origin.actor, {
      action: 'reference.population.import',
      entityType: 'populations',
      changes: { file: origin.file, source: WORLD_BANK_POPULATION_SOURCE, ...result },
    });
  }
  return result;
}

/**
 * Population figures from a statistics import (`rapporteur stats import … --as-population`):
 * the annual figures of the countries we hold replace the ones in `populations`, with the
 * dataset named as their source, in the import's own transaction. Returns the problems that
 * stop it (a country and year stated twice, e.g. a table broken down by sex; a figure that is
 * not a whole number of people), or how many figures changed.
 */
export async function populationsFromImport(
  tx: Tx,
  importId: string,
  origin: { dataset: string; source: string; actor: Actor },
): Promise<{ problems: { row: number; reason: string }[]; changed: number }> {
  await lockReferenceData(tx);
  const problems = (await populationProblemsInImport(tx, importId)).map((p) => ({
    row: p.row,
    reason:
      p.value === null
        ? `${p.country_code} ${p.period} has ${p.n} figures in this table; population figures need one per country and year`
        : `"${p.value}" (${p.country_code} ${p.period}) is not a whole number of people`,
  }));
  if (problems.length > 0) return { problems, changed: 0 };
  const changed = await upsertPopulationsFromImport(tx, importId, origin.source);
  if (changed > 0)
    await appendAudit(tx, origin.actor, {
      action: 'reference.population.import',
      entityType: 'populations',
      changes: { dataset: origin.dataset, importId, source: origin.source, changed },
    });
  return { problems: [], changed };
}
