// Incident references (INC-YYYY-NNNNNN) stay unique past the millionth record, and directive
// references (DIR-YYYY-NNNN) past the ten-thousandth: running numbers are padded, never cut.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test/helpers/backends.ts';
import { prepareDatabase } from '../app/bootstrap.ts';
import { queryRows } from './raw.ts';

describeEachBackend('incident references', (getDb) => {
  it('pads short numbers to six digits and keeps every digit of longer ones', async () => {
    const { handle } = getDb();
    await prepareDatabase(handle, { adminPassword: 'reference-test-password' });
    const [post] = await queryRows<{ id: number; country_code: string }>(
      handle.db,
      sql`select id, country_code from posts order by id limit 1`,
    );
    const insert = () =>
      queryRows<{ reference: string }>(
        handle.db,
        sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision)
            values (${post!.id}, ${post!.country_code}, 'Reference test', '{trafficking}', '2026-01-01', '2026-01-01', 'day')
            returning reference`,
      ).then((rows) => rows[0]!.reference);
    const year = new Date().getFullYear();
    expect(await insert()).toMatch(new RegExp(`^INC-${year}-\\d{6}$`));
    await handle.db.execute(sql`select setval('incident_reference_seq', 999998)`);
    const references = [await insert(), await insert(), await insert()];
    expect(references).toEqual([
      `INC-${year}-999999`,
      `INC-${year}-1000000`,
      `INC-${year}-1000001`,
    ]);
  });

  it('pads directive numbers to four digits and keeps every digit of longer ones', async () => {
    const { handle } = getDb();
    const insert = () =>
      queryRows<{ reference: string }>(
        handle.db,
        sql`insert into directives (title, kind, issuing_office, period_start, period_end, due_on, addressees)
            values ('Reference test', 'other', 'Test office', '2026-01-01', '2026-06-30', '2026-07-31', '{}'::jsonb)
            returning reference`,
      ).then((rows) => rows[0]!.reference);
    const year = new Date().getFullYear();
    await handle.db.execute(sql`select setval('directive_reference_seq', 9998)`);
    expect([await insert(), await insert()]).toEqual([`DIR-${year}-9999`, `DIR-${year}-10000`]);
  });
});
