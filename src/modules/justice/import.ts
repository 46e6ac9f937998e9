// CSV import of justice outcomes for one post: every row is checked like a record made through
// the API (the same schema and domain rules, the source must exist), errors name the CSV line
// and column, and the rows go in together in one transaction or not at all. Factor cells hold
// several factors separated by ";".
import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { restoreFormulaCell } from '../../domain/csv.ts';
import { Invalid, type FieldError } from '../../domain/errors.ts';
import { latestPossibleToday } from '../../domain/incidentWorkflow.ts';
import { justiceOutcomeErrors } from '../../domain/justice.ts';
import { assertCan } from '../../domain/policy.ts';
import * as q from './queries.ts';
import { createJusticeOutcomeBody } from './schemas.ts';
import type { Caller } from './service.ts';

export const JUSTICE_IMPORT_COLUMNS = [
  'decidedOn',
  'courtLevel',
  'offenceClass',
  'countryCode',
  'subnationalJurisdiction',
  'defendantGroup',
  'sourceId',
  'outcome',
  'sentenceType',
  'sentenceMonths',
  'aggravatingFactors',
  'mitigatingFactors',
  'marking',
] as const;

const ROW_LIMIT = 10_000;
const REQUIRED = [
  'decidedOn',
  'courtLevel',
  'offenceClass',
  'defendantGroup',
  'sourceId',
  'outcome',
];

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
const factors = (v: string | undefined) =>
  blank(v)
    ? []
    : v!
        .split(';')
        .map((f) => f.trim())
        .filter(Boolean);

/** The row as the create schema expects it; cells are text, empty cells are absent. */
function rowInput(cells: Record<string, string>, postId: number): Record<string, unknown> {
  const text = (k: string) => (blank(cells[k]) ? undefined : restoreFormulaCell(cells[k]!.trim()));
  const months = text('sentenceMonths');
  return {
    postId,
    decidedOn: text('decidedOn'),
    courtLevel: text('courtLevel'),
    offenceClass: text('offenceClass'),
    countryCode: text('countryCode'),
    subnationalJurisdiction: text('subnationalJurisdiction') ?? null,
    defendantGroup: text('defendantGroup'),
    sourceId: text('sourceId'),
    outcome: text('outcome'),
    sentenceType: text('sentenceType') ?? null,
    // "48" and "4.5" are numbers; anything else is passed through for the schema to refuse.
    sentenceMonths:
      months === undefined ? null : /^\d+(\.\d+)?$/.test(months) ? Number(months) : months,
    aggravatingFactors: factors(cells.aggravatingFactors),
    mitigatingFactors: factors(cells.mitigatingFactors),
    ...(text('marking') ? { marking: text('marking') } : {}),
  };
}

export async function importJusticeOutcomes(
  db: Database,
  caller: Caller,
  postId: number,
  body: Buffer,
) {
  const sha256 = createHash('sha256').update(body).digest('hex');
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(body, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw Invalid.field('body', `the file is not readable CSV: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw Invalid.field('body', 'the file has no rows');
  if (rows.length > ROW_LIMIT) throw Invalid.field('body', `at most ${ROW_LIMIT} rows per import`);
  const header = Object.keys(rows[0]!);
  const unknown = header.filter((h) => !(JUSTICE_IMPORT_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (unknown.length || missing.length)
    throw new Invalid([
      ...unknown.map((c) => ({ field: `columns.${c}`, message: `unknown column "${c}"` })),
      ...missing.map((c) => ({ field: `columns.${c}`, message: `the column "${c}" is missing` })),
    ]);

  return db.transaction(async (tx) => {
    const post = await q.postWithRegion(tx, postId);
    if (!post) throw Invalid.field('postId', `post ${postId} does not exist`);
    assertCan(caller.principal, 'justice.write', post);
    const today = latestPossibleToday(new Date());
    const errors: FieldError[] = [];
    // Line 1 is the header: the first record is line 2, as a spreadsheet numbers it.
    const at = (line: number, column: string, message: string) =>
      errors.push({ field: `rows.${line}.${column}`, message: `row ${line}: ${message}` });
    const valid: { line: number; data: ReturnType<typeof createJusticeOutcomeBody.parse> }[] = [];
    const sourceIds = new Set<string>();
    rows.forEach((cells, i) => {
      const line = i + 2;
      const parsed = createJusticeOutcomeBody.safeParse(rowInput(cells, postId));
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          at(line, String(issue.path[0] ?? '*'), issue.message);
        return;
      }
      for (const e of justiceOutcomeErrors(parsed.data, today)) at(line, e.field, e.message);
      sourceIds.add(parsed.data.sourceId);
      valid.push({ line, data: parsed.data });
    });
    const knownSources = new Set<string>();
    for (const id of sourceIds) if (await q.findSource(tx, id)) knownSources.add(id);
    const countries = new Set<string>();
    for (const { data } of valid)
      if (data.countryCode && !countries.has(data.countryCode)) {
        if (await q.countryExists(tx, data.countryCode)) countries.add(data.countryCode);
      }
    for (const { line, data } of valid) {
      if (!knownSources.has(data.sourceId))
        at(line, 'sourceId', `source ${data.sourceId} does not exist`);
      if (data.countryCode && !countries.has(data.countryCode))
        at(line, 'countryCode', `unknown country ${data.countryCode}`);
    }
    if (errors.length) throw new Invalid(errors);

    const ids: string[] = [];
    for (const { data } of valid) {
      const countryCode = data.countryCode ?? post.countryCode;
      const record = await q.insertJusticeOutcome(tx, {
        ...data,
        countryCode,
        subnationalJurisdiction: data.subnationalJurisdiction ?? null,
        sentenceType: data.sentenceType ?? null,
        sentenceMonths: data.sentenceMonths ?? null,
        synthetic: false,
        createdBy: caller.actor.id,
        updatedBy: caller.actor.id,
      });
      await appendAudit(tx, caller.actor, {
        action: 'justice_outcome.created',
        entityType: 'justice_outcome',
        entityId: record.id,
        changes: { ...data, countryCode, importSha256: sha256 },
      });
      ids.push(record.id);
    }
    return { created: ids.length, ids, sha256 };
  });
}
