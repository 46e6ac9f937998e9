// Appends to the audit log inside the caller's transaction: the change and its audit entry
// commit together or not at all. The audit_head row lock serialises appends across every
// connection and app instance, so the chain never forks.
import { asc, eq, gt, sql } from 'drizzle-orm';
import {
  AuditChainVerifier,
  auditHashParts,
  type ChainProblem,
  type StoredAuditEntry,
} from '../domain/auditChain.ts';
import type { Executor, Tx } from './connection.ts';
import { queryRows } from './raw.ts';
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

/**
 * One statement locks the chain head, inserts the entry that follows it and moves the head.
 * The entry's hash, SHA-256 over the previous hash and the entry's canonical JSON
 * (domain/auditChain.ts), is computed there: the one part of the text known only under the
 * lock, the sequence number, is spliced in by the database, and the verifier recomputes every
 * hash in JavaScript. The head's row lock, which every writer waits on, is held from this
 * statement to the commit: one round trip plus the commit.
 */
export async function appendAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<number> {
  const content = {
    at: new Date().toISOString(),
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId == null ? null : String(input.entityId),
    changes: input.changes === undefined ? null : normaliseJson(input.changes),
    requestId: actor.requestId ?? null,
  };
  const { before, after } = auditHashParts(content);
  const changes = content.changes === null ? null : JSON.stringify(content.changes);
  const [row] = await queryRows<{ seq: number | string }>(
    tx,
    sql`with head as (
      select seq, hash from ${auditHead} where id = 1 for update
    ), entry as (
      insert into ${auditLog} (seq, at, actor_id, actor_label, action, entity_type, entity_id,
                               changes, request_id, prev_hash, hash)
      select head.seq + 1, ${content.at}::timestamptz, ${content.actorId}::uuid,
             ${content.actorLabel}::text, ${content.action}::text, ${content.entityType}::text,
             ${content.entityId}::text, ${changes}::jsonb, ${content.requestId}::text, head.hash,
             encode(sha256(convert_to(
               head.hash || ${before}::text || (head.seq + 1)::text || ${after}::text, 'UTF8')),
               'hex')
      from head
      returning seq, hash
    )
    update ${auditHead} set seq = entry.seq, hash = entry.hash
    from entry where ${auditHead}.id = 1
    returning entry.seq`,
  );
  if (row === undefined)
    throw new Error('audit_head row is missing: the database was not migrated');
  return Number(row.seq);
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
