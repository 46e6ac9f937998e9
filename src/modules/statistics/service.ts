// The statistics use cases other than the import itself (importer.ts): mappings shipped and
// saved, and the datasets list.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../domain/errors.ts';
import type { STAT_COUNTED_VALUES } from '../../db/schema/statistics.ts';
import { BUILTIN_MAPPINGS } from './builtinMappings.ts';
import { statMapping, type StatMapping } from './mapping.ts';
import * as q from './queries.ts';

export {
  importStatistics,
  ImportCancelled,
  MAX_ERRORS,
  type ImportPhase,
  type ImportProgress,
  type StatImportOptions,
  type StatImportResult,
} from './importer.ts';

export function builtinMapping(name: string): StatMapping {
  const m = BUILTIN_MAPPINGS.get(name);
  if (!m)
    throw new NotFound(
      `no mapping "${name}"; shipped mappings: ${[...BUILTIN_MAPPINGS.keys()].join(', ')}`,
    );
  return m;
}

/** A shipped mapping, or one saved by a user. */
export async function findMapping(db: Database, name: string): Promise<StatMapping> {
  const shipped = BUILTIN_MAPPINGS.get(name);
  if (shipped) return shipped;
  const saved = (await q.savedMappings(db)).find((m) => m.name === name);
  if (!saved) return builtinMapping(name);
  return statMapping.parse(saved.definition);
}

export async function listMappings(db: Database) {
  const saved = await q.savedMappings(db);
  return [
    ...[...BUILTIN_MAPPINGS.values()].map((m) => ({ ...m, builtin: true })),
    ...saved
      .filter((s) => !BUILTIN_MAPPINGS.has(s.name))
      .map((s) => ({ ...statMapping.parse(s.definition), builtin: false })),
  ];
}

export async function saveMapping(
  db: Database,
  actor: Actor,
  input: unknown,
): Promise<StatMapping> {
  const parsed = statMapping.safeParse(input);
  if (!parsed.success)
    throw new Invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  const m = parsed.data;
  if (BUILTIN_MAPPINGS.has(m.name))
    throw Invalid.field(
      'name',
      `"${m.name}" is a mapping shipped with the app; choose another name`,
    );
  await db.transaction(async (tx) => {
    await q.saveMapping(
      tx,
      m.name,
      m.description,
      m as unknown as Record<string, unknown>,
      actor.id,
    );
    await appendAudit(tx, actor, {
      action: 'stats.mapping.save',
      entityType: 'stat_mapping',
      entityId: m.name,
      changes: m,
    });
  });
  return m;
}

export async function listDatasets(db: Database) {
  return (await q.listDatasets(db)).map((d) => ({
    id: d.id,
    key: d.key,
    publisher: d.publisher,
    title: d.title,
    url: d.url,
    licence: d.licence,
    referencePeriod: d.reference_period,
    counted: d.counted as (typeof STAT_COUNTED_VALUES)[number],
    countedDescription: d.counted_description,
    caveats: d.caveats,
    synthetic: d.synthetic,
    observations: Number(d.observations),
    updatedAt: d.updated_at,
  }));
}
