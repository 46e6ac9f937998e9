// Protected victim and witness details. They are kept apart from the incident (they are never
// part of its JSON, lists, search or exports) and encrypted at rest; only a user granted them
// for the incident's post (protected_detail_grants, managed by admins) sees or edits them,
// and every view writes an audit entry naming who looked at which incident. Audit entries
// and errors carry ids and field names, never the details themselves.
import { randomUUID } from 'node:crypto';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../domain/errors.ts';
import { assertCan, type Permission, type Principal } from '../../domain/policy.ts';
import { visibleIncident, type Caller } from '../incidents/service.ts';
import * as mfaQueries from '../mfa/queries.ts';
import { resealTotpSecret } from '../mfa/secrets.ts';
import { open, seal, type Binding } from './cipher.ts';
import { KeyUnavailable, type Keyring } from './keyring.ts';
import * as q from './queries.ts';
import type {
  CreateProtectedInput,
  ProtectedContent,
  ProtectedView,
  UpdateProtectedInput,
} from './schemas.ts';

export interface ProtectedDeps {
  db: Database;
  keyring: Keyring;
}

export const AUDIT_ENTITY = 'protected_details';

/** The incident's post if the caller may see the incident and holds a grant for that post. */
async function assertGranted(
  db: Executor,
  principal: Principal,
  incidentId: string,
  permission: Permission,
) {
  const { record, scope } = await visibleIncident(db, principal, incidentId);
  assertCan(principal, permission);
  if (!(await q.hasGrant(db, principal.userId, record.postId)))
    throw new Forbidden(
      `You have not been granted the protected details of ${record.reference}'s post; an administrator grants them per post.`,
    );
  return { record, scope };
}

function sealContent(deps: ProtectedDeps, content: ProtectedContent, binding: Binding) {
  const { id: keyId, key } = deps.keyring.active();
  const payload = JSON.stringify({
    fullName: content.fullName,
    contact: content.contact ?? null,
    identifiers: content.identifiers ?? null,
    notes: content.notes ?? null,
  });
  return { keyId, ...seal(key, payload, binding) };
}

function openRow(deps: ProtectedDeps, row: q.ProtectedRow): ProtectedView {
  let clear: ProtectedContent;
  try {
    clear = JSON.parse(
      open(deps.keyring.key(row.keyId), row, {
        incidentId: row.incidentId,
        id: row.id,
        role: row.role,
      }),
    ) as ProtectedContent;
  } catch (err) {
    if (err instanceof KeyUnavailable) throw err;
    // Wrong key or altered data: fail closed, never hand back a guess.
    throw new KeyUnavailable(
      `Protected details of this incident cannot be decrypted with key ${row.keyId} (wrong key, or the stored data was altered).`,
    );
  }
  return {
    id: row.id,
    incidentId: row.incidentId,
    role: row.role as ProtectedView['role'],
    fullName: clear.fullName,
    contact: clear.contact ?? null,
    identifiers: clear.identifiers ?? null,
    notes: clear.notes ?? null,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

/** Whether the caller may see the details, and how many there are (nothing else; not audited). */
export async function protectedSummary(
  deps: ProtectedDeps,
  principal: Principal,
  incidentId: string,
) {
  const { record } = await visibleIncident(deps.db, principal, incidentId);
  const granted = await q.hasGrant(deps.db, principal.userId, record.postId);
  return { granted, count: granted ? await q.countForIncident(deps.db, incidentId) : null };
}

/** The details in clear, for a granted caller who asked for them; the view is audited. */
export async function viewProtected(deps: ProtectedDeps, caller: Caller, incidentId: string) {
  return deps.db.transaction(async (tx) => {
    const { record } = await assertGranted(tx, caller.principal, incidentId, 'protected.read');
    const rows = await q.listForIncident(tx, incidentId);
    const items = rows.map((row) => openRow(deps, row));
    await appendAudit(tx, caller.actor, {
      action: 'protected_details.viewed',
      entityType: AUDIT_ENTITY,
      entityId: incidentId,
      changes: { incident: record.reference, people: rows.map((r) => r.id) },
    });
    return items;
  });
}

export async function addProtected(
  deps: ProtectedDeps,
  caller: Caller,
  incidentId: string,
  input: CreateProtectedInput,
): Promise<ProtectedView> {
  return deps.db.transaction(async (tx) => {
    const { record } = await assertGranted(tx, caller.principal, incidentId, 'protected.write');
    const id = randomUUID();
    const row = await q.insertDetail(tx, {
      id,
      incidentId,
      role: input.role,
      ...sealContent(deps, input, { incidentId, id, role: input.role }),
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'protected_details.added',
      entityType: AUDIT_ENTITY,
      entityId: incidentId,
      changes: { incident: record.reference, person: id, role: input.role },
    });
    return openRow(deps, row);
  });
}

export async function updateProtected(
  deps: ProtectedDeps,
  caller: Caller,
  incidentId: string,
  id: string,
  input: UpdateProtectedInput,
): Promise<ProtectedView> {
  return deps.db.transaction(async (tx) => {
    const { record } = await assertGranted(tx, caller.principal, incidentId, 'protected.write');
    const current = await q.findForUpdate(tx, incidentId, id);
    if (!current) throw new NotFound(`protected details ${id} do not exist for this incident`);
    if (current.version !== input.version)
      throw new Conflict(
        `These details were changed since you opened them (you saw version ${input.version}, they are now version ${current.version}). Reload them and try again.`,
      );
    const before = openRow(deps, current);
    const { version, ...content } = input;
    const changed = (['role', 'fullName', 'contact', 'identifiers', 'notes'] as const).filter(
      (f) => (before[f] ?? null) !== ((content as Record<string, unknown>)[f] ?? null),
    );
    const row = await q.updateDetail(tx, id, {
      role: content.role,
      ...sealContent(deps, content, { incidentId, id, role: content.role }),
      version: version + 1,
      updatedBy: caller.actor.id,
      updatedAt: new Date(),
    });
    await appendAudit(tx, caller.actor, {
      action: 'protected_details.updated',
      entityType: AUDIT_ENTITY,
      entityId: incidentId,
      // Which fields changed, never their values.
      changes: { incident: record.reference, person: id, fields: changed },
    });
    return openRow(deps, row);
  });
}

export async function deleteProtected(
  deps: ProtectedDeps,
  caller: Caller,
  incidentId: string,
  id: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { record } = await assertGranted(tx, caller.principal, incidentId, 'protected.write');
    const current = await q.findForUpdate(tx, incidentId, id);
    if (!current) throw new NotFound(`protected details ${id} do not exist for this incident`);
    await q.deleteDetail(tx, id);
    await appendAudit(tx, caller.actor, {
      action: 'protected_details.deleted',
      entityType: AUDIT_ENTITY,
      entityId: incidentId,
      changes: { incident: record.reference, person: id, role: current.role },
    });
  });
}

// Grants (admins).

export const listGrants = (db: Database) => q.listGrants(db);

export async function grant(
  db: Database,
  actor: Actor,
  input: { userId: string; postId: number },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const errors = [];
    if (!(await q.userExists(tx, input.userId)))
      errors.push({ field: 'userId', message: `user ${input.userId} does not exist` });
    if (!(await q.postExists(tx, input.postId)))
      errors.push({ field: 'postId', message: `post ${input.postId} does not exist` });
    if (errors.length) throw new Invalid(errors);
    const created = await q.insertGrant(tx, { ...input, grantedBy: actor.id });
    if (created)
      await appendAudit(tx, actor, {
        action: 'protected_details.granted',
        entityType: 'user',
        entityId: input.userId,
        changes: { postId: input.postId },
      });
    return created;
  });
}

export async function revoke(
  db: Database,
  actor: Actor,
  input: { userId: string; postId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await q.deleteGrant(tx, input.userId, input.postId)))
      throw new NotFound(`user ${input.userId} holds no grant for post ${input.postId}`);
    await appendAudit(tx, actor, {
      action: 'protected_details.revoked',
      entityType: 'user',
      entityId: input.userId,
      changes: { postId: input.postId },
    });
  });
}

// Merging incidents.

/**
 * Moves an incident's protected details to another incident (when the first is merged into
 * the second). Each row is sealed to its incident (the incident id is in the authenticated
 * data), so it is opened under the old binding and sealed again under the new one with the
 * active key; the clear text only passes through memory, in the merge's transaction. Returns
 * how many rows moved.
 */
export async function moveProtectedDetails(
  tx: Tx,
  keyring: Keyring,
  fromId: string,
  toId: string,
): Promise<number> {
  const rows = await q.listForIncident(tx, fromId);
  if (!rows.length) return 0;
  const { id: keyId, key } = keyring.active();
  for (const row of rows) {
    let clear: string;
    try {
      clear = open(keyring.key(row.keyId), row, { incidentId: fromId, id: row.id, role: row.role });
    } catch (err) {
      if (err instanceof KeyUnavailable) throw err;
      throw new KeyUnavailable(
        `Protected details ${row.id} cannot be decrypted with key ${row.keyId}; the merge was not made.`,
      );
    }
    await q.updateDetail(tx, row.id, {
      incidentId: toId,
      keyId,
      ...seal(key, clear, { incidentId: toId, id: row.id, role: row.role }),
      version: row.version + 1,
      updatedAt: new Date(),
    });
  }
  return rows.length;
}

// Key rotation.

export interface RotationReport {
  activeKey: string;
  reencrypted: number;
  /** TOTP secrets sealed again under the active key (those in clear included). */
  totpReencrypted: number;
  retiredKeys: string[];
  /** Environment keys no longer needed (remove them from RAPPORTEUR_DATA_KEY_PREVIOUS). */
  unusedEnvironmentKeys: string[];
}

async function reencryptBatch(tx: Tx, keyring: Keyring, keyId: string, batchSize: number) {
  const rows = await q.rowsNotUnderKey(tx, keyId, batchSize);
  const key = keyring.key(keyId);
  for (const row of rows) {
    const binding = { incidentId: row.incidentId, id: row.id, role: row.role };
    let clear: string;
    try {
      clear = open(keyring.key(row.keyId), row, binding);
    } catch (err) {
      if (err instanceof KeyUnavailable) throw err;
      throw new KeyUnavailable(
        `Row ${row.id} cannot be decrypted with key ${row.keyId}; rotation stopped, nothing of this batch was changed.`,
      );
    }
    await q.updateDetail(tx, row.id, { keyId, ...seal(key, clear, binding) });
  }
  return rows.length;
}

async function resealTotpBatch(tx: Tx, keyring: Keyring, keyId: string, batchSize: number) {
  const rows = await mfaQueries.totpNotUnderKey(tx, keyId, batchSize);
  for (const row of rows) {
    let sealed: string;
    try {
      sealed = resealTotpSecret(keyring, keyId, row.userId, row.secret);
    } catch (err) {
      if (err instanceof KeyUnavailable) throw err;
      throw new KeyUnavailable(
        `The TOTP secret of user ${row.userId} cannot be decrypted; rotation stopped, nothing of this batch was changed.`,
      );
    }
    await mfaQueries.setTotpSecret(tx, row.userId, sealed);
  }
  return rows.length;
}

/**
 * Makes a new active key (keyring file) or takes the environment's, re-encrypts every row and
 * every TOTP secret under it in batches (each batch one transaction), and then retires the keys
 * nothing uses any more.
 */
export async function rotateKeys(
  db: Database,
  keyring: Keyring,
  actor: Actor,
  options: { batchSize?: number; onBatch?: (done: number) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  const before = keyring.ids();
  const activeKey = keyring.fromEnvironment ? keyring.active().id : keyring.addActiveKey();
  let reencrypted = 0;
  for (;;) {
    const n = await db.transaction((tx) => reencryptBatch(tx, keyring, activeKey, batchSize));
    reencrypted += n;
    options.onBatch?.(reencrypted);
    if (n < batchSize) break;
  }
  let totpReencrypted = 0;
  for (;;) {
    const n = await db.transaction((tx) => resealTotpBatch(tx, keyring, activeKey, batchSize));
    totpReencrypted += n;
    if (n < batchSize) break;
  }
  const inUse = new Set([
    ...(await q.rowsPerKey(db)).map((r) => r.keyId),
    ...(await mfaQueries.totpKeyIds(db)),
  ]);
  const unused = before.filter((id) => id !== activeKey && !inUse.has(id));
  const retiredKeys = keyring.fromEnvironment ? [] : unused;
  keyring.retire(retiredKeys);
  await db.transaction((tx) =>
    appendAudit(tx, actor, {
      action: 'keys.rotated',
      entityType: AUDIT_ENTITY,
      changes: { activeKey, reencrypted, totpReencrypted, retiredKeys },
    }),
  );
  return {
    activeKey,
    reencrypted,
    totpReencrypted,
    retiredKeys,
    unusedEnvironmentKeys: keyring.fromEnvironment
      ? unused.filter((id) => id.startsWith('env-'))
      : [],
  };
}

export async function keyStatus(db: Database, keyring: Keyring) {
  const rows = await q.rowsPerKey(db);
  const known = new Set(keyring.ids());
  return {
    active: keyring.active().id,
    source: keyring.fromEnvironment ? 'RAPPORTEUR_DATA_KEY' : 'keyring file',
    keys: [...new Set([...known, ...rows.map((r) => r.keyId)])].map((id) => ({
      id,
      available: known.has(id),
      rows: rows.find((r) => r.keyId === id)?.rows ?? 0,
    })),
  };
}
