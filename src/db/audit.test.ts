import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test/helpers/backends.ts';
import { INSUFFICIENT_PRIVILEGE, pgErrorOf } from './pgError.ts';
import { appendAudit, systemActor, verifyAuditChain } from './audit.ts';

describeEachBackend('audit log', (getDb) => {
  it('chains entries and verifies an untouched log', async () => {
    const { db } = getDb().handle;
    for (let i = 0; i < 25; i++) {
      await db.transaction((tx) =>
        appendAudit(tx, systemActor('test'), {
          action: 'test.write',
          entityType: 'thing',
          entityId: i,
          changes: { n: i },
        }),
      );
    }
    const result = await verifyAuditChain(db, 7);
    expect(result).toEqual({ ok: true, checked: 25 });
  });

  it('hashes in the database as the verifier does, whatever the text', async () => {
    // appendAudit splices the sequence number into the canonical JSON in SQL; the verifier
    // hashes in JavaScript. Quotes, escapes, non-Latin and astral characters, line separators.
    const { db } = getDb().handle;
    const odd = ['"quoted" \\ back', 'é ü 漢字 🚀', 'line\u2028sep\u2029', 'tab\tnl\n\u0001', ''];
    for (const [i, text] of odd.entries()) {
      await db.transaction((tx) =>
        appendAudit(
          tx,
          { id: null, label: text || 'x', requestId: text },
          {
            action: `test.${text}`,
            entityType: 'thing',
            entityId: text,
            changes: { text, nested: [{ [text]: i, n: 1.5e-7, big: 2 ** 53 - 1 }], none: null },
          },
        ),
      );
    }
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(odd.length);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    const { db } = getDb().handle;
    for (const statement of [
      sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`,
      sql`DELETE FROM audit_log WHERE seq = 1`,
      sql`TRUNCATE audit_log`,
    ]) {
      const error = await db.execute(statement).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(pgErrorOf(error)).toMatchObject({
        code: INSUFFICIENT_PRIVILEGE,
        message: expect.stringMatching(/append-only/),
      });
    }
  });

  it('reports the first altered, deleted or reordered entry', async () => {
    const { db } = getDb().handle;
    // Tampering needs the trigger out of the way: what an attacker with owner rights could do.
    await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    try {
      await db.execute(sql`UPDATE audit_log SET changes = '{"n": 999}' WHERE seq = 10`);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        checked: 9,
        problem: { kind: 'altered', seq: 10 },
      });
      await db.execute(sql`UPDATE audit_log SET changes = '{"n": 9}' WHERE seq = 10`);
      expect((await verifyAuditChain(db)).ok).toBe(true);

      await db.execute(sql`DELETE FROM audit_log WHERE seq = 5`);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        problem: { kind: 'gap', seq: 6, expectedSeq: 5 },
      });
    } finally {
      await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    }
  });
});

describeEachBackend('audit log under concurrent writers', (getDb) => {
  it('keeps one linear chain when many transactions append at once', async () => {
    const { db } = getDb().handle;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction((tx) =>
          appendAudit(tx, systemActor('w'), { action: 'w', entityType: 't', entityId: i }),
        ),
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 40 });
  });

  it('detects entries removed from the end against the head', async () => {
    const { db } = getDb().handle;
    await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await db.execute(sql`DELETE FROM audit_log WHERE seq > 38`);
    await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      problem: { kind: 'truncated', seq: 39, headSeq: 40 },
    });
  });
});
