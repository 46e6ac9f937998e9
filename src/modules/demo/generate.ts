// `rapporteur demo generate --incidents N`: a realistic synthetic data set for trying the system
// at scale and for the benchmark suite. Every row is marked synthetic and the installation is
// flagged synthetic, so the banner and every export say so. Rows are generated inside the
// database (INSERT … SELECT generate_series: nothing travels through Node). Besides incidents
// with their sources and victim groups: engagements with the host (responses, follow-ups, a
// source each), one for every fifty incidents, and a synthetic official-statistics dataset
// (titled and caveated as synthetic) with observations for the countries and years the
// incidents cover. One audit entry records the whole run.
//
// Two ways to load, the same rows either way (ids derive from the run and the row number):
// - small runs (under BULK_FROM incidents) go in batches, one transaction each, with the
//   derived tables kept by their triggers: resumable, a batch re-run after a crash adds only
//   what is missing;
// - large runs are one bulk transaction (queries.ts): derived-table triggers disabled and
//   secondary indexes dropped inside it, rows loaded, then the facet copy, the facet pairs, the
//   dashboard rollups and the indexes rebuilt set-based and the triggers enabled before the
//   commit. All or nothing: after a crash nothing of the run is there (and no trigger or index
//   is left off), and running the same `--run` again starts it afresh.
// A run that already has rows is completed by the batch path, which adds only what is missing.
import { randomBytes } from 'node:crypto';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import {
  AGE_BANDS,
  INCIDENT_CATEGORIES,
  MIGRATION_ROUTES,
  SEXES,
  SOURCE_TYPES,
} from '../../domain/vocabularies.ts';
import { Invalid } from '../../domain/errors.ts';
import { writeSetting } from '../system/queries.ts';
import { SYNTHETIC_DATA_KEY } from '../system/service.ts';
import { drainPending } from '../incidentSearch/queries.ts';
import {
  COUNTERPART_LEVELS,
  ENGAGEMENT_KINDS,
  ENGAGEMENT_TOPICS,
  HOST_STANCES,
} from '../../domain/engagements.ts';
import {
  analyzeLoaded,
  countSynthetic,
  countSyntheticExtras,
  createIndexes,
  derivedTriggers,
  dropIndexes,
  embassyPosts,
  type EngagementVocabulary,
  type GeneratorVocabulary,
  insertEngagements,
  insertFacetsOfRun,
  insertIncidents,
  insertSources,
  insertStatDataset,
  insertStatObservations,
  rebuildDashboardRollups,
  rebuildFacetPairs,
  secondaryIndexes,
  setTriggers,
  tuneBulkTransaction,
} from './queries.ts';

const PHRASES: Record<string, string[]> = {
  en: [
    'Migrants travelling along the route were intercepted by an armed group.',
    'Local police reported that several victims were held in a warehouse.',
    'The victims said smugglers demanded additional payment before the crossing.',
    'A shelter for trafficking survivors recorded new arrivals from the border area.',
    'Witnesses described forced labour on farms near the coast.',
    'Prosecutors opened an investigation into the criminal network.',
    'An NGO documented threats against a religious community centre.',
  ],
  de: [
    'Migranten auf der Route wurden von einer bewaffneten Gruppe aufgehalten.',
    'Die örtliche Polizei berichtete, dass mehrere Opfer in einer Lagerhalle festgehalten wurden.',
    'Die Opfer gaben an, dass Schleuser vor der Überfahrt zusätzliche Zahlungen verlangten.',
    'Eine Beratungsstelle für Betroffene von Menschenhandel meldete neue Fälle aus dem Grenzgebiet.',
    'Zeugen schilderten Zwangsarbeit auf Höfen nahe der Küste.',
    'Die Staatsanwaltschaft leitete Ermittlungen gegen das kriminelle Netzwerk ein.',
    'Eine Organisation dokumentierte Drohungen gegen ein Gemeindezentrum.',
  ],
  fr: [
    'Des migrants en transit ont été interceptés par un groupe armé.',
    'La police locale a signalé que plusieurs victimes étaient retenues dans un entrepôt.',
    'Les victimes ont déclaré que les passeurs exigeaient un paiement supplémentaire.',
    "Un centre d'accueil pour victimes de la traite a enregistré de nouvelles arrivées.",
    'Des témoins ont décrit du travail forcé dans des exploitations agricoles.',
    'Le parquet a ouvert une enquête sur le réseau criminel.',
    'Une ONG a documenté des menaces contre un lieu de culte.',
  ],
  es: [
    'Migrantes en tránsito fueron interceptados por un grupo armado.',
    'La policía local informó que varias víctimas estaban retenidas en un almacén.',
    'Las víctimas dijeron que los traficantes exigieron un pago adicional.',
    'Un refugio para sobrevivientes de trata registró nuevas llegadas desde la frontera.',
    'Testigos describieron trabajo forzoso en fincas cerca de la costa.',
    'La fiscalía abrió una investigación sobre la red criminal.',
    'Una ONG documentó amenazas contra un centro comunitario.',
  ],
};

const VOCABULARY: GeneratorVocabulary = {
  categories: INCIDENT_CATEGORIES.map((c) => c.code),
  routes: MIGRATION_ROUTES.map((r) => r.code),
  sourceTypes: SOURCE_TYPES.map((s) => s.code),
  sexes: SEXES.map((s) => s.code),
  ageBands: AGE_BANDS.map((a) => a.code),
  phrases: PHRASES,
  publishers: [
    'Synthetic Daily News',
    'Synthetic Ministry of Interior',
    'Synthetic Court Registry',
    'Synthetic NGO Monitor',
    'Synthetic IO Field Office',
  ],
};

const ENGAGEMENT_VOCABULARY: EngagementVocabulary = {
  kinds: ENGAGEMENT_KINDS.map((k) => k.code),
  levels: COUNTERPART_LEVELS.map((l) => l.code),
  stances: HOST_STANCES.map((s) => s.code),
  topics: ENGAGEMENT_TOPICS.map((t) => t.code),
};

/** How many incident batches the facet pairs' pending changes may gather before being folded in. */
const DRAIN_EVERY_BATCHES = 10;

/** One engagement with the host for every fifty incidents (a post raises some of what it reports). */
const INCIDENTS_PER_ENGAGEMENT = 50;

/** From how many incidents a fresh run is loaded in bulk (one transaction, rebuilt at the end). */
export const BULK_FROM = 100_000;

/** Rows per statement in the bulk load (one progress step each). */
const BULK_CHUNK = 500_000;

export interface GenerateOptions {
  incidents: number;
  /** Sources per incident on average is 1/ratio; default one source for every four incidents. */
  sourcesPerIncident?: number;
  batchSize?: number;
  /** Resume a run: the same id makes the same rows, and rows already there are kept. */
  run?: string;
  /** Load in bulk (one transaction); default: a fresh run of at least BULK_FROM incidents. */
  bulk?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Each step of a bulk load as it finishes, with its duration. */
  onStep?: (step: string, seconds: number) => void;
}

export interface GenerateResult {
  run: string;
  incidents: number;
  sources: number;
  engagements: number;
  followUps: number;
  observations: number;
  seconds: number;
  /** Whether the run was loaded in bulk. */
  bulk: boolean;
}

export async function generateSyntheticData(
  db: Database,
  actor: Actor,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const total = options.incidents;
  if (!Number.isInteger(total) || total < 1 || total > 50_000_000)
    throw Invalid.field('incidents', 'must be a whole number from 1 to 50,000,000');
  if ((await embassyPosts(db)) === 0)
    throw Invalid.field('incidents', 'the reference data has no embassies to attach them to');
  const run = options.run ?? randomBytes(4).toString('hex');
  if (!/^[0-9a-f]{8}$/.test(run)) throw Invalid.field('run', 'must be eight hexadecimal digits');
  const started = performance.now();
  const sourceCount = Math.max(1, Math.round(total * (options.sourcesPerIncident ?? 0.25)));
  const batch = options.batchSize ?? 50_000;

  const engagementCount = Math.max(1, Math.round(total / INCIDENTS_PER_ENGAGEMENT));
  const sizes = { total, sourceCount, engagementCount };

  const existing = await countSynthetic(db, run);
  const bulk = existing.incidents === 0 && (options.bulk ?? total >= BULK_FROM);
  if (bulk) {
    await loadInBulk(db, actor, run, sizes, options);
    return {
      run,
      ...(await countSynthetic(db, run)),
      ...(await countSyntheticExtras(db, run)),
      seconds: (performance.now() - started) / 1000,
      bulk,
    };
  }

  await db.transaction(async (tx) => {
    await writeSetting(tx, SYNTHETIC_DATA_KEY, true);
  });
  // A complete run (say, loaded in bulk) is not re-checked batch by batch.
  if (existing.sources < sourceCount)
    for (let from = 0; from < sourceCount; from += batch)
      await insertSources(db, run, from, Math.min(sourceCount, from + batch), VOCABULARY);
  if (existing.incidents < total)
    for (let from = 0, n = 1; from < total; from += batch, n++) {
      const to = Math.min(total, from + batch);
      await db.transaction(async (tx) => {
        await insertIncidents(tx, run, from, to, sourceCount, VOCABULARY);
      });
      // The facet pairs take the batches' changes in bulk (every ten batches and at the end), so
      // that the first search after the run does not have to.
      if (n % DRAIN_EVERY_BATCHES === 0 || to === total) await drainPending(db);
      options.onProgress?.(to, total);
    }
  if ((await countSyntheticExtras(db, run)).engagements < engagementCount)
    for (let from = 0; from < engagementCount; from += batch) {
      const to = Math.min(engagementCount, from + batch);
      await db.transaction(async (tx) => {
        await insertEngagements(tx, run, from, to, sourceCount, ENGAGEMENT_VOCABULARY);
      });
    }
  await db.transaction(async (tx) => {
    await insertStatDataset(tx, run);
    await insertStatObservations(tx, run);
  });
  const counts = { ...(await countSynthetic(db, run)), ...(await countSyntheticExtras(db, run)) };
  await db.transaction(async (tx) => {
    await appendAudit(tx, actor, {
      action: 'demo.generated',
      entityType: 'settings',
      entityId: SYNTHETIC_DATA_KEY,
      changes: { run, ...counts },
    });
  });
  return { run, ...counts, seconds: (performance.now() - started) / 1000, bulk };
}

/** A fresh run in one transaction; see the head of this file and queries.ts. */
async function loadInBulk(
  db: Database,
  actor: Actor,
  run: string,
  sizes: { total: number; sourceCount: number; engagementCount: number },
  options: GenerateOptions,
): Promise<void> {
  const { total, sourceCount, engagementCount } = sizes;
  let clock = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    options.onStep?.(name, (now - clock) / 1000);
    clock = now;
  };
  await db.transaction(async (tx) => {
    await writeSetting(tx, SYNTHETIC_DATA_KEY, true);
    await tuneBulkTransaction(tx);
    const triggers = await derivedTriggers(tx);
    const indexes = await secondaryIndexes(tx);
    await setTriggers(tx, triggers, false);
    await dropIndexes(tx, indexes);
    step(`${triggers.length} derived-table triggers disabled, ${indexes.length} indexes dropped`);

    for (let from = 0; from < sourceCount; from += BULK_CHUNK)
      await insertSources(tx, run, from, Math.min(sourceCount, from + BULK_CHUNK), VOCABULARY);
    step(`${sourceCount} sources`);
    for (let from = 0; from < total; from += BULK_CHUNK) {
      const to = Math.min(total, from + BULK_CHUNK);
      await insertIncidents(tx, run, from, to, sourceCount, VOCABULARY, true);
      options.onProgress?.(to, total);
    }
    step(`${total} incidents with a source link and a victim group each`);
    for (let from = 0; from < engagementCount; from += BULK_CHUNK) {
      const to = Math.min(engagementCount, from + BULK_CHUNK);
      await insertEngagements(tx, run, from, to, sourceCount, ENGAGEMENT_VOCABULARY);
    }
    await insertStatDataset(tx, run);
    await insertStatObservations(tx, run);
    step(`${engagementCount} engagements with follow-ups, and the statistics`);
    await analyzeLoaded(tx);
    step('analyze');

    await insertFacetsOfRun(tx, run);
    step('facet copy (analytics.incident_facets)');
    await createIndexes(tx, indexes);
    step('secondary indexes rebuilt');
    await rebuildFacetPairs(tx);
    step('facet pairs rebuilt (analytics.incident_facet_pairs_rebuild)');
    await rebuildDashboardRollups(tx);
    step('dashboard rollups rebuilt (analytics.dashboard_rollups_rebuild)');
    await setTriggers(tx, triggers, true);

    const counts = { ...(await countSynthetic(tx, run)), ...(await countSyntheticExtras(tx, run)) };
    await appendAudit(tx, actor, {
      action: 'demo.generated',
      entityType: 'settings',
      entityId: SYNTHETIC_DATA_KEY,
      changes: { run, ...counts, bulk: true },
    });
  });
  step('commit');
}
