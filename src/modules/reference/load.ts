// The first-run step that makes a fresh database usable: bureaus, countries and embassies, and
// the shipped World Bank population figures if no figures are loaded yet. Run again, it only
// adds what is missing, so it is safe at every start and on every app instance.
import path from 'node:path';
import { systemActor, type Actor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import {
  applyPopulationFigures,
  DEFAULT_POPULATION_FILE,
  readWorldBankPopulation,
  type PopulationImport,
} from './population.ts';
import { countReferenceData, type ReferenceCounts } from './queries.ts';
import { applyReferenceSeed, type SeedSummary } from './seed.ts';

export interface ReferenceLoadSummary {
  seed: SeedSummary;
  /** The population import, or null when figures were already loaded and left alone. */
  population: PopulationImport | null;
  /** What the tables hold afterwards. */
  totals: ReferenceCounts;
}

/**
 * The first-run step: seed, then import the population file if no figures are loaded yet.
 * Seed and import commit together, so a first run never leaves countries without figures.
 */
export async function loadReferenceData(
  db: Database,
  options: { populationFile?: string; actor?: Actor } = {},
): Promise<ReferenceLoadSummary> {
  const actor = options.actor ?? systemActor('reference-data');
  const populationFile = options.populationFile ?? DEFAULT_POPULATION_FILE;
  // Read and check the file before the transaction opens, so no lock is held while the disk
  // is read, and only when it is needed, so an ordinary restart does not parse it.
  const needsFigures = (await countReferenceData(db)).populations === 0;
  const figures = needsFigures ? await readWorldBankPopulation(populationFile) : null;
  return db.transaction(async (tx) => {
    const seed = await applyReferenceSeed(tx, actor);
    // Asked again under the lock the seed took: another instance may have imported meanwhile.
    // Once any figures exist they are the admins' to maintain by explicit import, so a restart
    // never overwrites a newer file's figures with the shipped ones.
    const population =
      figures && (await countReferenceData(tx)).populations === 0
        ? await applyPopulationFigures(tx, figures, { file: path.basename(populationFile), actor })
        : null;
    return { seed, population, totals: await countReferenceData(tx) };
  });
}
