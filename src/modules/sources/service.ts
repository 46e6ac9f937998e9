// Source records: publishers and documents an incident can cite, reusable across incidents.
// Every change is audited; edits carry the version the user saw.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { sources } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { Invalid, NotFound } from '../../domain/errors.ts';
import { refreshEvidenceTextOfSource } from '../incidents/queries.ts';
import * as q from './queries.ts';
import type { CreateSourceInput, UpdateSourceInput } from './schemas.ts';

export async function getSource(db: Executor, id: string) {
  const row = await q.findSource(db, id);
  if (!row) throw new NotFound(`source ${id} does not exist`);
  return row;
}

export const listSources = (db: Database, query: { q?: string | undefined; limit: number }) =>
  q.searchSources(db, query.q, query.limit);

async function checkPost(db: Executor, postId: number | null | undefined) {
  if (postId != null && !(await q.postExists(db, postId)))
    throw Invalid.field('postId', `post ${postId} does not exist`);
}

export async function createSource(
  db: Database,
  actor: Actor & { id: string },
  input: CreateSourceInput,
) {
  return db.transaction(async (tx) => {
    await checkPost(tx, input.postId);
    const row = await q.insertSource(tx, {
      ...input,
      url: input.url ?? null,
      publishedOn: input.publishedOn ?? null,
      language: input.language ?? null,
      originalGrade: input.originalGrade ?? null,
      postId: input.postId ?? null,
      synthetic: input.synthetic ?? false,
      createdBy: actor.id,
    });
    await appendAudit(tx, actor, {
      action: 'source.created',
      entityType: 'source',
      entityId: row.id,
      changes: input,
    });
    return row;
  });
}

export async function updateSource(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateSourceInput,
) {
  const { version, ...patch } = input;
  return db.transaction(async (tx) => {
    await checkPost(tx, patch.postId);
    const result = await updateVersioned(
      tx,
      { table: sources, idColumn: sources.id, id, label: 'Source' },
      version,
      patch,
    );
    // Incidents search what their sources are called, so a renamed source is re-indexed there.
    if (result.changes.title || result.changes.publisher) await refreshEvidenceTextOfSource(tx, id);
    await appendAudit(tx, actor, {
      action: 'source.updated',
      entityType: 'source',
      entityId: id,
      changes: result.changes,
    });
    return result.after;
  });
}
