// Finding incidents and moving them in and out: the keyset list under every sort, facet
// counts, map points, streamed exports (JSON, CSV, GeoJSON), all-or-nothing imports with a dry
// run, and each user's saved searches. Every view goes through `searchWhere`, which starts from
// what the caller may see, so a draft of another post is absent from lists, counts and files.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { savedSearches } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { restoreFormulaCell, toCsv } from '../../domain/csv.ts';
import { Invalid, NotFound } from '../../domain/errors.ts';
import { factErrors, incidentVisibility } from '../../domain/incidentWorkflow.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import * as incidentQueries from '../incidents/queries.ts';
import { createIncidentBody, type CreateIncidentInput } from '../incidents/schemas.ts';
import { citationErrors, replaceChildren } from '../incidents/service.ts';
import { enqueueFacetFold } from './facetFold.ts';
import * as q from './queries.ts';
import {
  CSV_COLUMNS,
  FILTER_KEYS,
  MAP_CAP,
  savedFilters,
  searchFilters,
  type ExportFormat,
  type ListQuery,
  type SearchFilters,
  type SortKey,
} from './schemas.ts';

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

/** Only the filters (a list query also carries sort, cursor and limit). */
export function filtersOf(query: Partial<Record<string, unknown>>): SearchFilters {
  const picked = Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (query[k] === undefined ? [] : [[k, query[k]]])),
  );
  return searchFilters.parse(picked);
}

// The cursor is opaque to clients: the sort, and the sort key and id of the last row seen.
type SortRow = { id: string; occurredStart: string; updatedAt: Date; reference: string };

function encodeCursor(sort: SortKey, row: SortRow): string {
  const column = q.SORTS[sort].column;
  const value = column === 'updatedAt' ? row.updatedAt.toISOString() : row[column];
  return Buffer.from(JSON.stringify([sort, value, row.id])).toString('base64url');
}

function decodeCursor(sort: SortKey, cursor: string): q.KeysetAfter {
  try {
    const [s, value, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      s === sort &&
      typeof value === 'string' &&
      value.length <= 40 &&
      (q.SORTS[sort].column !== 'updatedAt' || !Number.isNaN(Date.parse(value))) &&
      (q.SORTS[sort].column !== 'occurredStart' || /^\d{4}-\d{2}-\d{2}$/.test(value)) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(id)
    )
      return { value, id };
  } catch {
    // falls through to the error below
  }
  throw Invalid.field('cursor', 'not a cursor this server handed out for this sort');
}

export async function listIncidents(db: Database, principal: Principal, query: ListQuery) {
  const { cursor, limit, sort } = query;
  const rows = await q.searchPage(
    db,
    incidentVisibility(principal),
    filtersOf(query),
    sort,
    cursor ? decodeCursor(sort, cursor) : undefined,
    limit + 1,
  );
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit ? encodeCursor(sort, items[items.length - 1]!) : null,
  };
}

export async function facets(db: Database, principal: Principal, filters: SearchFilters) {
  return q.facetCounts(db, incidentVisibility(principal), filtersOf(filters));
}

export async function mapPoints(db: Database, principal: Principal, filters: SearchFilters) {
  const rows = await q.mapPoints(db, incidentVisibility(principal), filtersOf(filters), MAP_CAP);
  return { items: rows.slice(0, MAP_CAP), cap: MAP_CAP, truncated: rows.length > MAP_CAP };
}

// ---------------------------------------------------------------------------------------------
// Export

export const EXPORT_BATCH = 1000;
type ExportRow = Awaited<ReturnType<typeof q.exportBatch>>[number];

async function* exportRows(db: Database, principal: Principal, filters: SearchFilters) {
  const v = incidentVisibility(principal);
  let after: q.KeysetAfter | undefined;
  for (;;) {
    const rows = await q.exportBatch(db, v, filters, after, EXPORT_BATCH);
    for (const row of rows) yield row;
    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1]!;
    after = { value: last.occurredStart, id: last.id };
  }
}

function csvRecord(row: ExportRow): Record<string, string | number | null> {
  return {
    ...row,
    categories: row.categories.join(';'),
    tags: row.tags.join(';'),
    synthetic: row.synthetic ? 'true' : 'false',
    updatedAt: row.updatedAt.toISOString(),
  };
}

function geoFeature(row: ExportRow) {
  // Precision 3 is a region's centroid, never a point where something happened.
  const point =
    row.latitude !== null && row.longitude !== null && (row.geoPrecision ?? 1) < 3
      ? { type: 'Point', coordinates: [row.longitude, row.latitude] }
      : null;
  return { type: 'Feature', id: row.id, geometry: point, properties: row };
}

async function* exportChunks(
  rows: AsyncGenerator<ExportRow>,
  format: ExportFormat,
): AsyncGenerator<string> {
  let first = true;
  if (format === 'csv') {
    yield toCsv([], { header: true, columns: [...CSV_COLUMNS] });
    let batch: Record<string, string | number | null>[] = [];
    for await (const row of rows) {
      batch.push(csvRecord(row));
      if (batch.length >= EXPORT_BATCH) {
        yield toCsv(batch, { columns: [...CSV_COLUMNS] });
        batch = [];
      }
    }
    if (batch.length) yield toCsv(batch, { columns: [...CSV_COLUMNS] });
    return;
  }
  yield format === 'geojson' ? '{"type":"FeatureCollection","features":[\n' : '[\n';
  for await (const row of rows) {
    yield (first ? '' : ',\n') + JSON.stringify(format === 'geojson' ? geoFeature(row) : row);
    first = false;
  }
  yield format === 'geojson' ? '\n]}\n' : '\n]\n';
}

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/**
 * What the caller may see under the filters, streamed in keyset batches (no row cap, no
 * protected victim details: those live in a separate store and are never joined here). The
 * export itself is audited with its filters before the first byte leaves.
 */
export async function exportIncidents(
  db: Database,
  caller: Caller,
  filters: SearchFilters,
  format: ExportFormat,
): Promise<Readable> {
  const clean = filtersOf(filters);
  await db.transaction((tx) =>
    appendAudit(tx, caller.actor, {
      action: 'incident.exported',
      entityType: 'incident_export',
      entityId: format,
      changes: { format, filters: clean },
    }),
  );
  return Readable.from(exportChunks(exportRows(db, caller.principal, clean), format));
}

/** The same export collected into one string (CLI and tests of small sets). */
export async function exportToString(
  db: Database,
  caller: Caller,
  filters: SearchFilters,
  format: ExportFormat,
): Promise<string> {
  const stream = await exportIncidents(db, caller, filters, format);
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportRowError {
  row: number;
  column: string;
  reason: string;
}

const IMPORT_COLUMNS = CSV_COLUMNS.filter(
  (c) => !['id', 'reference', 'status', 'synthetic', 'updatedAt'].includes(c),
);
const LIST_COLUMNS = new Set(['categories', 'tags']);
/**
 * A JSON import may also carry what the incident form does: acts, victims in aggregate,
 * perpetrators (attributes citing a linked source) and links to existing sources with their
 * credibility grade and excerpt. CSV rows stay one line per incident, fields only.
 */
const JSON_DETAIL_KEYS = ['acts', 'victims', 'perpetrators', 'sources'] as const;
/** Only well-formed ids are looked up; the schema names the malformed ones. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER_COLUMNS = new Set(['latitude', 'longitude', 'geoPrecision']);
export const IMPORT_ROW_LIMIT = 50_000;

interface ParsedFile {
  /** Row number as a user finds it: the CSV line's record number with the header as 1, or the JSON array's item from 1. */
  records: { row: number; values: Record<string, unknown> }[];
}

function readFile(body: Buffer, format: 'csv' | 'json'): ParsedFile {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw Invalid.field('body', `not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed))
      throw Invalid.field('body', 'a JSON import is an array of incident objects');
    return {
      records: parsed.map((values, i) => ({
        row: i + 1,
        values:
          values && typeof values === 'object' && !Array.isArray(values)
            ? (values as Record<string, unknown>)
            : { __notObject: true },
      })),
    };
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(body, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (error) {
    throw Invalid.field('body', `not a readable CSV file: ${(error as Error).message}`);
  }
  // Our own exports neutralise formula cells with an apostrophe (domain/csv.ts): take it off.
  return {
    records: rows.map((values, i) => ({
      row: i + 2,
      values: Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, restoreFormulaCell(v)]),
      ),
    })),
  };
}

/** One import row as the incident schema expects it, or the reasons it cannot be. */
function rowInput(
  values: Record<string, unknown>,
  errors: ImportRowError[],
  row: number,
  format: 'csv' | 'json',
) {
  const input: Record<string, unknown> = {};
  if (values.__notObject) {
    errors.push({ row, column: '*', reason: 'each item must be an object' });
    return input;
  }
  const details: readonly string[] = format === 'json' ? JSON_DETAIL_KEYS : [];
  for (const key of Object.keys(values))
    if (!(CSV_COLUMNS as readonly string[]).includes(key) && !details.includes(key))
      errors.push({ row, column: key, reason: 'unknown column' });
  for (const key of details) if (values[key] !== undefined) input[key] = values[key];
  for (const column of IMPORT_COLUMNS) {
    const raw = values[column];
    if (raw === undefined || raw === null || raw === '') continue;
    if (LIST_COLUMNS.has(column)) {
      input[column] = Array.isArray(raw)
        ? raw
        : String(raw)
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean);
    } else if (NUMBER_COLUMNS.has(column)) {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (Number.isNaN(n)) errors.push({ row, column, reason: `"${String(raw)}" is not a number` });
      else input[column] = n;
    } else input[column] = raw;
  }
  return input;
}

export async function importIncidents(
  db: Database,
  caller: Caller,
  body: Buffer,
  options: { format: 'csv' | 'json'; dryRun: boolean },
) {
  const sha256 = createHash('sha256').update(body).digest('hex');
  const { records } = readFile(body, options.format);
  if (records.length > IMPORT_ROW_LIMIT)
    throw Invalid.field('body', `at most ${IMPORT_ROW_LIMIT} rows per import`);
  const errors: ImportRowError[] = [];
  const inputs = records.map((r) => ({
    row: r.row,
    input: rowInput(r.values, errors, r.row, options.format),
  }));
  const postMap = await q.postsByCode(db, [
    ...new Set(inputs.flatMap((i) => (typeof i.input.post === 'string' ? [i.input.post] : []))),
  ]);
  const countryCodes = [
    ...new Set(
      inputs.flatMap((i) =>
        typeof i.input.countryCode === 'string' ? [i.input.countryCode.trim().toUpperCase()] : [],
      ),
    ),
  ];
  const known = await q.knownCountries(db, countryCodes);
  const citedSources = await incidentQueries.existingSourceIds(db, [
    ...new Set(
      inputs.flatMap(({ input }) =>
        Array.isArray(input.sources)
          ? input.sources.flatMap((l: unknown) => {
              const id = (l as { sourceId?: unknown } | null)?.sourceId;
              return typeof id === 'string' && UUID.test(id) ? [id] : [];
            })
          : [],
      ),
    ),
  ]);
  const now = new Date();
  const values: Parameters<typeof q.insertImported>[1] = [];
  /** Per inserted row (same order as `values`): its source links and details, if any. */
  const details: Pick<CreateIncidentInput, 'sources' | 'acts' | 'victims' | 'perpetrators'>[] = [];
  for (const { row, input } of inputs) {
    const { post: postCode, ...fields } = input;
    const post = typeof postCode === 'string' ? postMap.get(postCode.trim()) : undefined;
    if (postCode === undefined) errors.push({ row, column: 'post', reason: 'required' });
    else if (!post)
      errors.push({ row, column: 'post', reason: `no post has the code ${String(postCode)}` });
    if (post) {
      try {
        assertCan(caller.principal, 'incident.import', post);
      } catch {
        errors.push({
          row,
          column: 'post',
          reason: `you may not import for post ${postCode as string}`,
        });
      }
    }
    const parsed = createIncidentBody.safeParse({ postId: post?.id ?? 1, ...fields });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({
          row,
          column: issue.path.length ? issue.path.join('.') : '*',
          reason: issue.message,
        });
      continue;
    }
    const data = parsed.data;
    const links = data.sources ?? [];
    links.forEach((l, i) => {
      if (!citedSources.has(l.sourceId))
        errors.push({
          row,
          column: `sources.${i}.sourceId`,
          reason: `source ${l.sourceId} does not exist`,
        });
    });
    const linked = new Set(links.map((l) => l.sourceId).filter((id) => citedSources.has(id)));
    for (const e of citationErrors(linked, data.victims, data.perpetrators))
      errors.push({ row, column: e.field, reason: e.message });
    const countryCode = data.countryCode ?? post?.countryCode;
    if (data.countryCode && !known.has(data.countryCode))
      errors.push({ row, column: 'countryCode', reason: `unknown country ${data.countryCode}` });
    const occurredEnd = data.occurredEnd ?? data.occurredStart;
    for (const e of factErrors({ ...data, occurredEnd }, now))
      errors.push({ row, column: e.field.split('.')[0]!, reason: e.message });
    if (!post || !countryCode) continue;
    values.push({
      postId: post.id,
      countryCode,
      title: data.title,
      narrative: data.narrative,
      language: data.language ?? null,
      categories: data.categories,
      occurredStart: data.occurredStart,
      occurredEnd,
      datePrecision: data.datePrecision,
      admin1: data.admin1 ?? null,
      placeName: data.placeName ?? null,
      latitude: data.latitude ?? null,
      longitude: data.longitude ?? null,
      geoPrecision: data.geoPrecision ?? null,
      route: data.route ?? null,
      marking: data.marking ?? 'sbu',
      tags: data.tags ?? [],
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    details.push({
      sources: data.sources,
      acts: data.acts,
      victims: data.victims,
      perpetrators: data.perpetrators,
    });
  }
  errors.sort((a, b) => a.row - b.row);
  const result = {
    dryRun: options.dryRun,
    sha256,
    rows: records.length,
    errors,
    created: 0,
    references: [] as string[],
  };
  if (errors.length || options.dryRun) return result;
  if (records.length === 0) throw Invalid.field('body', 'the file holds no rows');

  // All or nothing: one transaction, one audit entry naming every record created.
  const imported = await db.transaction(async (tx) => {
    const created: { id: string; reference: string }[] = [];
    for (let i = 0; i < values.length; i += 500)
      created.push(...(await q.insertImported(tx, values.slice(i, i + 500))));
    // RETURNING gives the rows of a VALUES list in the order they were given.
    for (const [i, record] of created.entries()) {
      const { sources: links = [], ...children } = details[i]!;
      for (const l of links)
        await incidentQueries.upsertSourceLink(tx, {
          incidentId: record.id,
          sourceId: l.sourceId,
          credibility: l.credibility,
          excerpt: l.excerpt ?? null,
        });
      await replaceChildren(tx, record.id, children);
      if (links.length) await incidentQueries.refreshEvidenceText(tx, record.id);
    }
    await appendAudit(tx, caller.actor, {
      action: 'incident.imported',
      entityType: 'incident_import',
      entityId: sha256,
      changes: {
        format: options.format,
        rows: records.length,
        created: created.map((c) => ({ id: c.id, reference: c.reference })),
      },
    });
    return { ...result, created: created.length, references: created.map((c) => c.reference) };
  });
  // The new records wait as pending facet changes (counted by every read meanwhile): queue
  // their fold into the pairs once committed, so that a fold starting now sees them.
  await enqueueFacetFold(db);
  return imported;
}

// ---------------------------------------------------------------------------------------------
// Saved searches (each user's own; nobody else can list, rename or delete them)

function cleanFilters(filters: Record<string, string | number>): Record<string, string> {
  const parsed = savedFilters.safeParse(
    Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])),
  );
  if (!parsed.success)
    throw new Invalid(
      parsed.error.issues.map((i) => ({
        field: [
          'filters',
          ...i.path.map(String),
          ...('keys' in i ? (i.keys as string[]) : []),
        ].join('.'),
        message: i.message,
      })),
    );
  return parsed.data as Record<string, string>;
}

async function assertNameFree(db: Database, userId: string, name: string, except?: string) {
  const existing = await q.savedSearchNamed(db, userId, name);
  if (existing && existing.id !== except)
    throw Invalid.field('name', `you already have a saved search called "${name}"`);
}

export async function listSavedSearches(db: Database, caller: Caller) {
  return q.listSavedSearches(db, caller.actor.id);
}

export async function createSavedSearch(
  db: Database,
  caller: Caller,
  input: { name: string; filters: Record<string, string | number> },
) {
  const filters = cleanFilters(input.filters);
  await assertNameFree(db, caller.actor.id, input.name);
  return db.transaction(async (tx) => {
    const row = await q.insertSavedSearch(tx, {
      userId: caller.actor.id,
      name: input.name,
      filters,
    });
    await appendAudit(tx, caller.actor, {
      action: 'saved_search.created',
      entityType: 'saved_search',
      entityId: row.id,
      changes: { name: row.name, filters },
    });
    return row;
  });
}

async function ownSavedSearch(db: Database, caller: Caller, id: string) {
  const row = await q.findSavedSearch(db, caller.actor.id, id);
  if (!row) throw new NotFound(`saved search ${id} does not exist`);
  return row;
}

export async function renameSavedSearch(
  db: Database,
  caller: Caller,
  id: string,
  input: { name: string; version: number },
) {
  await ownSavedSearch(db, caller, id);
  await assertNameFree(db, caller.actor.id, input.name, id);
  return db.transaction(async (tx) => {
    const result = await updateVersioned(
      tx,
      { table: savedSearches, idColumn: savedSearches.id, id, label: 'Saved search' },
      input.version,
      { name: input.name },
    );
    await appendAudit(tx, caller.actor, {
      action: 'saved_search.renamed',
      entityType: 'saved_search',
      entityId: id,
      changes: result.changes,
    });
    return result.after;
  });
}

export async function deleteSavedSearch(db: Database, caller: Caller, id: string) {
  const row = await ownSavedSearch(db, caller, id);
  await db.transaction(async (tx) => {
    await q.deleteSavedSearch(tx, id);
    await appendAudit(tx, caller.actor, {
      action: 'saved_search.deleted',
      entityType: 'saved_search',
      entityId: id,
      changes: { name: row.name, filters: row.filters },
    });
  });
}

/** An incident id from an id or a reference (CLI convenience); 404 when neither exists. */
export async function resolveIncidentId(db: Database, idOrReference: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(idOrReference)) return idOrReference;
  const id = await q.idOfReference(db, idOrReference);
  if (!id) throw new NotFound(`incident ${idOrReference} does not exist`);
  return id;
}
