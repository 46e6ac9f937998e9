// Optimistic concurrency for every editable record: the client sends the version it edited,
// and an update against any other version is refused with the record as it now is. Under
// READ COMMITTED a plain read-modify-write would silently lose one of two concurrent edits.
import { eq, type InferSelectModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { diffFields, type FieldChanges } from '../domain/diff.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import type { Tx } from './connection.ts';

type VersionedTable = PgTable & { version: PgColumn };

export interface VersionedUpdate<T extends VersionedTable> {
  before: InferSelectModel<T>;
  after: InferSelectModel<T>;
  changes: FieldChanges;
}

export async function updateVersioned<T extends VersionedTable>(
  tx: Tx,
  target: { table: T; idColumn: PgColumn; id: string | number; label: string },
  expectedVersion: number,
  patch: Partial<InferSelectModel<T>>,
): Promise<VersionedUpdate<T>> {
  const { table, idColumn, id, label } = target;
  const [before] = (await tx
    .select()
    .from(table as PgTable)
    .where(eq(idColumn, id))
    .for('update')) as InferSelectModel<T>[];
  if (!before) throw new NotFound(`${label} ${id} does not exist`);
  const current = before as Record<string, unknown>;
  if (current.version !== expectedVersion) {
    throw new Conflict(
      `${label} ${id} was changed by someone else since you opened it (you edited version ${expectedVersion}, ` +
        `it is now version ${String(current.version)}). Reload it and reapply your change.`,
      before,
    );
  }
  const set: Record<string, unknown> = { ...patch, version: expectedVersion + 1 };
  if ('updatedAt' in table) set.updatedAt = new Date();
  const [after] = (await tx
    .update(table)
    .set(set as never)
    .where(eq(idColumn, id))
    .returning()) as InferSelectModel<T>[];
  return {
    before,
    after: after!,
    changes: diffFields(current, after as Record<string, unknown>),
  };
}
