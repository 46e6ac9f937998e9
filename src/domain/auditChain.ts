// The audit chain's hashing rule, kept free of I/O so the writer and the verifier share it.
// hash = SHA-256(prevHash || canonical JSON of the entry), canonical per RFC 8785 (JCS).
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  at: string; // ISO 8601 UTC, millisecond precision
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  requestId: string | null;
}

export function hashAuditEntry(prevHash: string, entry: AuditEntryContent): string {
  const body = canonicalize(entry) ?? '';
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * The hashed text of an entry split around its sequence number, for a writer that learns the
 * number only under the chain head's lock, in the SQL statement that appends the entry:
 * hashAuditEntry(prevHash, entry) = SHA-256(prevHash || before || String(entry.seq) || after).
 * Canonical JSON sorts keys, so `seq`, last in order, ends the text: `…,"seq":N}`.
 */
export function auditHashParts(entry: Omit<AuditEntryContent, 'seq'>): {
  before: string;
  after: string;
} {
  const body = canonicalize({ ...entry, seq: 0 }) ?? '';
  if (!body.endsWith('"seq":0}'))
    throw new Error('audit entry: canonical JSON does not end with seq');
  return { before: body.slice(0, -2), after: '}' };
}

export interface StoredAuditEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'broken-link'; seq: number }
  | { kind: 'altered'; seq: number }
  | { kind: 'truncated'; seq: number; headSeq: number };

/**
 * Walks entries in seq order and returns the first problem, if any. `expectFrom` and
 * `prevHash` let a caller verify in pages. A head beyond the last entry means entries were
 * removed from the end.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;

  check(entry: StoredAuditEntry): ChainProblem | undefined {
    if (entry.seq !== this.expectedSeq) {
      return { kind: 'gap', seq: entry.seq, expectedSeq: this.expectedSeq };
    }
    if (entry.prevHash !== this.prevHash) return { kind: 'broken-link', seq: entry.seq };
    const { prevHash, hash, ...content } = entry;
    if (hashAuditEntry(prevHash, content) !== hash) return { kind: 'altered', seq: entry.seq };
    this.prevHash = hash;
    this.expectedSeq++;
    this.checked++;
    return undefined;
  }

  finish(head: { seq: number; hash: string }): ChainProblem | undefined {
    const lastSeq = this.expectedSeq - 1;
    if (head.seq > lastSeq) return { kind: 'truncated', seq: lastSeq + 1, headSeq: head.seq };
    if (head.seq === lastSeq && head.hash !== this.prevHash)
      return { kind: 'altered', seq: lastSeq };
    return undefined;
  }
}

export function describeChainProblem(p: ChainProblem): string {
  switch (p.kind) {
    case 'gap':
      return `entry ${p.expectedSeq} is missing (next entry found is ${p.seq}): deleted or reordered`;
    case 'broken-link':
      return `entry ${p.seq} does not link to the entry before it: an earlier entry was altered, deleted or reordered`;
    case 'altered':
      return `entry ${p.seq} was altered after it was written`;
    case 'truncated':
      return `entries ${p.seq}..${p.headSeq} were removed from the end of the log`;
  }
}
