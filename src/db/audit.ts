// Appends to the audit log inside the caller's transaction: the change and its audit entry
// commit together or not at all. The audit_head row lock serialises appends across every
// connection and app instance, so the chain never forks.
import { asc, eq, gt } from 'drizzle-orm';
import {
  AuditChainVerifier,
  hashAuditEntry,
  type ChainProblem,
  type StoredAuditEntry,
} from '../domain/auditChain.ts';
import type { Executor, Tx } from './connection.ts';
import { auditHead, auditLog } from './schema/index.ts';

export interface Actor {
  id: string | null;
  label: string;
  requestId?: string | undefined;
}

export const systemActor = (label = 'system'): Actor => ({ id: null, label });

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  changes?: unknown;
}

export async function appendAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<number> {
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit_head row is missing: the database was not migrated');
  const content = {
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId == null ? null : String(input.entityId),
    changes: input.changes === undefined ? null : normaliseJson(input.changes),
    requestId: actor.requestId ?? null,
  };
  const hash = hashAuditEntry(head.hash, content);
  // The entry and the new head in one statement (a data-modifying CTE runs even unreferenced):
  // one round trip fewer while every other writer waits on the head's lock.
  const entry = tx.$with('entry').as(
    tx
      .insert(auditLog)
      .values({ ...content, at: new Date(content.at), prevHash: head.hash, hash })
      .returning({ seq: auditLog.seq }),
  );
  await tx.with(entry).update(auditHead).set({ seq: content.seq, hash }).where(eq(auditHead.id, 1));
  return content.seq;
}

// What jsonb will give back: dates as ISO strings, undefined keys dropped.
function normaliseJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problem?: ChainProblem;
}

export async function verifyAuditChain(db: Executor, pageSize = 5000): Promise<AuditVerification> {
  const verifier = new AuditChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, after))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of rows) {
      const entry: StoredAuditEntry = {
        seq: row.seq,
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        changes: row.changes,
        requestId: row.requestId,
        prevHash: row.prevHash,
        hash: row.hash,
      };
      const problem = verifier.check(entry);
      if (problem) return { ok: false, checked: verifier.checked, problem };
    }
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.seq;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const problem = head ? verifier.finish(head) : undefined;
  return problem
    ? { ok: false, checked: verifier.checked, problem }
    : { ok: true, checked: verifier.checked };
}
