// Imports an IOM Missing Migrants Project file into incidents, all or nothing. The whole file is
// parsed and checked first; one row error and nothing is written, and every error is returned
// (row, column, reason). A clean file is written in ONE transaction with multi-row inserts:
// sources (an identical IOM source already on record is reused), draft incidents with their
// acts, victim groups and source links, and the row → incident map that makes a second import
// of the same file create nothing new.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Tx } from '../../db/connection.ts';
import { pgErrorOf, UNIQUE_VIOLATION } from '../../db/pgError.ts';
import { Conflict, Invalid } from '../../domain/errors.ts';
import { latestPossibleToday } from '../../domain/incidentWorkflow.ts';
import { parseIomFile } from './parser.ts';
import * as q from './queries.ts';
import { IOM_PUBLISHER, type IomIncidentDraft, type IomLayout, type IomSource } from './types.ts';

export interface IomImportOptions {
  path: string;
  postId: number;
  /**
   * Country of record for rows that name no country of incident (the 2019 and 2026 exports
   * never do). `incidents.country_code` is NOT NULL and deriving a country from coordinates is
   * out of scope, so the caller must choose one explicitly; each such incident says so in its
   * narrative. The post's own country is never assumed.
   */
  countryCode?: string | null | undefined;
  dryRun: boolean;
  /** The name shown in the audit entry and narratives (an upload has no meaningful path). */
  fileName?: string | undefined;
}

export interface IomImportRowError {
  row: number;
  column: string;
  reason: string;
  externalId: string | null;
}

export interface IomImportResult {
  dryRun: boolean;
  layout: IomLayout | null;
  sha256: string;
  rows: number;
  errors: IomImportRowError[];
  /** Incidents created (or, in a dry run, that would be). */
  created: number;
  /** Rows whose IOM ID was imported before: skipped. */
  alreadyImported: number;
  sourcesCreated: number;
  sourcesReused: number;
  /** Sums over the rows created of the stated counts. */
  dead: number;
  missing: number;
  importId: string | null;
  firstReference: string | null;
  lastReference: string | null;
}

/**
 * IOM's Source Quality (1–5) onto the Admiralty information credibility of the link. The
 * source's reliability (A–F) is mapped by the parser (mapping.ts); credibility says how far this
 * account of this incident is borne out: 5 (several sources, or an official one, confirm it) →
 * 1 confirmed; 4 and 3 → 2 probably true; 2 and 1 (a single unverified account) → 3 possibly
 * true. No grade stated → 2, IOM's own inclusion being a vetting step. The curated file joins
 * the grades of a split incident's parts ("45"): the weakest part decides.
 */
export function credibilityOfGrade(grade: string | null): number {
  if (!grade) return 2;
  const weakest = Math.min(...[...grade].map(Number));
  return weakest >= 5 ? 1 : weakest >= 3 ? 2 : 3;
}

const sourceKey = (s: Pick<IomSource, 'title' | 'url' | 'originalGrade' | 'reliability'>) =>
  JSON.stringify([s.title, s.url, s.originalGrade, s.reliability]);

/** The file's own name for the date column, for row errors found after parsing. */
const DATE_COLUMN: Record<IomLayout, string> = {
  mmp2019: 'Reported Date',
  mmp2026: 'Incident Date',
  mmpEuropeCurated: 'Incident date',
};

/**
 * The rule the incidents service applies (no event in the future, anywhere on Earth): a row
 * starting after today is an error. A period that starts in the past but whose stated month or
 * year runs past today ends today instead, with a note, so the record stays editable.
 */
function checkDates(drafts: IomIncidentDraft[], errors: IomImportRowError[], now: Date): void {
  const today = latestPossibleToday(now);
  for (const d of drafts) {
    if (d.occurredStart > today)
      errors.push({
        row: d.sourceRowNumber,
        column: DATE_COLUMN[d.layout],
        reason: `the date ${d.occurredStart} is in the future`,
        externalId: d.externalId,
      });
    else if (d.occurredEnd > today) {
      d.importNotes.push(
        `the stated period ends ${d.occurredEnd}, after the import; it ends ${today} here`,
      );
      d.occurredEnd = today;
    }
  }
}

interface Checked {
  layout: IomLayout | null;
  rows: number;
  drafts: IomIncidentDraft[];
  errors: IomImportRowError[];
}

/** Parses the whole file; every problem of every row becomes one error. */
async function readWholeFile(filePath: string): Promise<Checked> {
  const checked: Checked = { layout: null, rows: 0, drafts: [], errors: [] };
  const rowOfId = new Map<string, number>();
  for await (const result of parseIomFile(filePath)) {
    checked.rows += 1;
    if (!result.ok) {
      for (const p of result.problems)
        checked.errors.push({
          row: result.row,
          column: p.column,
          reason: p.reason,
          externalId: result.externalId,
        });
      continue;
    }
    const d = result.draft;
    checked.layout = d.layout;
    const earlier = rowOfId.get(d.externalId);
    if (earlier !== undefined) {
      checked.errors.push({
        row: d.sourceRowNumber,
        column: '(row)',
        reason: `repeats the IOM ID ${d.externalId} of row ${earlier}`,
        externalId: d.externalId,
      });
      continue;
    }
    rowOfId.set(d.externalId, d.sourceRowNumber);
    checked.drafts.push(d);
  }
  return checked;
}

export async function importIomFile(
  db: Database,
  actor: Actor,
  options: IomImportOptions,
): Promise<IomImportResult> {
  const sha256 = createHash('sha256')
    .update(await readFile(options.path))
    .digest('hex');
  const post = await q.findPost(db, { id: options.postId });
  if (!post) throw Invalid.field('postId', `post ${options.postId} does not exist`);
  const fallback = options.countryCode ?? null;
  if (fallback && (await q.knownCountryCodes(db, [fallback])).size === 0)
    throw Invalid.field('countryCode', `unknown country ${fallback}`);

  const { layout, rows, drafts, errors } = await readWholeFile(options.path);
  const known = await q.knownCountryCodes(db, [
    ...new Set(drafts.flatMap((d) => (d.countryCode ? [d.countryCode] : []))),
  ]);
  for (const d of drafts)
    if (d.countryCode && !known.has(d.countryCode))
      errors.push({
        row: d.sourceRowNumber,
        column: 'Country of Incident',
        reason: `country ${d.countryCode} is not in the reference list`,
        externalId: d.externalId,
      });
  checkDates(drafts, errors, new Date());
  const countryless = drafts.filter((d) => !d.countryCode).length;
  if (countryless > 0 && !fallback)
    throw Invalid.field(
      'countryCode',
      `${countryless} of ${rows} rows name no country of incident: give the country of record to assign them (--country XX)`,
    );
  errors.sort((a, b) => a.row - b.row);

  const result: IomImportResult = {
    dryRun: options.dryRun,
    layout,
    sha256,
    rows,
    errors,
    created: 0,
    alreadyImported: 0,
    sourcesCreated: 0,
    sourcesReused: 0,
    dead: 0,
    missing: 0,
    importId: null,
    firstReference: null,
    lastReference: null,
  };
  if (errors.length > 0 || !layout) return result;

  return db
    .transaction((tx) =>
      writeDrafts(tx, actor, { options, post, fallback, layout, rows, drafts, result }),
    )
    .catch((err: unknown) => {
      // Two imports of the same rows at once: the row map's key lets one win; the other is
      // rolled back whole and can simply be run again (it will skip what the first created).
      if (
        pgErrorOf(err)?.code === UNIQUE_VIOLATION &&
        pgErrorOf(err)?.constraint === 'iom_import_rows_layout_external_id_pk'
      )
        throw new Conflict(
          'another import of the same rows finished first; nothing was written, run it again',
        );
      throw err;
    });
}

interface WriteInput {
  options: IomImportOptions;
  post: { id: number };
  fallback: string | null;
  layout: IomLayout;
  rows: number;
  drafts: IomIncidentDraft[];
  result: IomImportResult;
}

async function writeDrafts(
  tx: Tx,
  actor: Actor,
  { options, post, fallback, layout, rows, drafts, result }: WriteInput,
): Promise<IomImportResult> {
  const imported = await q.importedExternalIds(
    tx,
    layout,
    drafts.map((d) => d.externalId),
  );
  const fresh = drafts.filter((d) => !imported.has(d.externalId));
  result.alreadyImported = drafts.length - fresh.length;
  result.created = fresh.length;
  for (const d of fresh) {
    result.dead += d.dead ?? 0;
    result.missing += d.missing ?? 0;
  }

  // Sources: one per distinct title, link, grade; an identical one on record is reused.
  const sourceIds = new Map<string, string>();
  for (const s of await q.sourcesOfPublisher(tx, IOM_PUBLISHER))
    if (s.reliability)
      sourceIds.set(
        sourceKey({ ...s, reliability: s.reliability as IomSource['reliability'] }),
        s.id,
      );
  const newSources = new Map<string, IomSource>();
  const reused = new Set<string>();
  for (const d of fresh) {
    const key = sourceKey(d.source);
    if (sourceIds.has(key)) reused.add(key);
    else newSources.set(key, d.source);
  }
  result.sourcesCreated = newSources.size;
  result.sourcesReused = reused.size;
  if (options.dryRun || fresh.length === 0) return result;

  const importId = randomUUID();
  const fileName = options.fileName ?? path.basename(options.path);
  const createdIds = await q.insertSources(
    tx,
    [...newSources.values()].map((s) => ({
      type: s.type,
      publisher: s.publisher,
      title: s.title,
      url: s.url,
      originalGrade: s.originalGrade,
      reliability: s.reliability,
      postId: post.id,
      createdBy: actor.id,
    })),
  );
  [...newSources.keys()].forEach((key, i) => sourceIds.set(key, createdIds[i]!));

  const excerptOf = (s: IomSource) =>
    [s.informationSources, ...s.urls.slice(1)].filter((x): x is string => !!x).join('\n') || null;
  const created = await q.insertIncidents(
    tx,
    fresh.map((d) => {
      const countryCode = d.countryCode ?? fallback!;
      const excerpt = excerptOf(d.source);
      const narrative = [
        d.narrative,
        ...(d.countryCode
          ? []
          : [
              `Country of record assigned by importer: ${countryCode} (the file names no country of incident).`,
            ]),
        ...d.importNotes.map((n) => `Import note: ${n}`),
        `Imported from ${fileName} (row ${d.sourceRowNumber}, SHA-256 ${result.sha256.slice(0, 12)}…) by import ${importId}.`,
      ].join('\n');
      return {
        postId: post.id,
        countryCode,
        title: d.title,
        narrative,
        categories: [...d.categories],
        occurredStart: d.occurredStart,
        occurredEnd: d.occurredEnd,
        datePrecision: d.datePrecision,
        placeName: d.locationText?.trim() || null,
        latitude: d.latitude,
        longitude: d.longitude,
        geoPrecision: d.geoPrecision,
        route: d.route,
        status: 'draft' as const,
        createdBy: actor.id,
        updatedBy: actor.id,
        // What refreshEvidenceText would compute for the one linked source, without a query
        // per incident: concat_ws(' ', title, publisher, excerpt).
        evidenceText: [d.source.title, d.source.publisher, excerpt]
          .filter((x) => x !== null)
          .join(' '),
      };
    }),
  );

  const acts: q.NewAct[] = [];
  const victims: q.NewVictimGroup[] = [];
  const links: q.NewSourceLink[] = [];
  const importRows: q.NewImportRow[] = [];
  fresh.forEach((d, i) => {
    const incidentId = created[i]!.id;
    if (d.dead) acts.push({ incidentId, act: 'death', victimCount: d.dead });
    if (d.missing) acts.push({ incidentId, act: 'disappearance', victimCount: d.missing });
    // Only what the file states: a sex count with an unknown age. "Children" stays in the
    // narrative: IOM counts them across the sexes and across two of our age bands (0–11,
    // 12–17), so a group of its own would double-count or invent an age band.
    if (d.females)
      victims.push({ incidentId, sex: 'female', ageBand: 'unknown', count: d.females });
    if (d.males) victims.push({ incidentId, sex: 'male', ageBand: 'unknown', count: d.males });
    links.push({
      incidentId,
      sourceId: sourceIds.get(sourceKey(d.source))!,
      credibility: credibilityOfGrade(d.source.originalGrade),
      excerpt: excerptOf(d.source),
    });
    importRows.push({
      layout,
      externalId: d.externalId,
      incidentId,
      importId,
      sourceRowNumber: d.sourceRowNumber,
    });
  });
  await q.insertActs(tx, acts);
  await q.insertVictimGroups(tx, victims);
  await q.insertSourceLinks(tx, links);
  await q.insertImportRows(tx, importRows);

  result.importId = importId;
  result.firstReference = created[0]!.reference;
  result.lastReference = created[created.length - 1]!.reference;
  // One audit entry for the import, not one per incident: the import is the write. The entry
  // names the file (SHA-256), the counts and the range of incidents created; iom_import_rows
  // ties every incident to this import's id (the entry's entity id), and each narrative says
  // "imported … by import <id>", so every record's origin is in the chain without thousands
  // of entries that would each repeat the same fact.
  await appendAudit(tx, actor, {
    action: 'import.iom',
    entityType: 'iom_import',
    entityId: importId,
    changes: {
      fileName,
      sha256: result.sha256,
      layout,
      rows,
      created: result.created,
      alreadyImported: result.alreadyImported,
      sourcesCreated: result.sourcesCreated,
      sourcesReused: result.sourcesReused,
      postId: post.id,
      countryOfRecord: fallback,
      firstReference: result.firstReference,
      lastReference: result.lastReference,
      firstIncidentId: created[0]!.id,
      lastIncidentId: created[created.length - 1]!.id,
    },
  });
  return result;
}

/** The post a command line names by its code ("EMB-FR"). */
export async function postByCode(db: Database, code: string) {
  const post = await q.findPost(db, { code: code.toUpperCase() });
  if (!post) throw Invalid.field('post', `no post has the code ${code}`);
  return post;
}
