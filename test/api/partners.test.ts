// Sharing with partner organisations as an editor and a partner live it: the editor registers
// a foreign international organisation and a domestic agency, makes partner users members,
// shares an aggregate of verified incidents (small cells suppressed) and single records; the
// marking decides what may go to a foreign partner. The partner sees exactly what was shared,
// read-only, every look audited; guessing another item is a 404 that is audited; a revoked
// share is refused on the partner's next request.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

describeEachBackend('partners and sharing', (getDb) => {
  let app: FastifyInstance;
  let editor: Session;
  let partnerUser: Session;
  let partnerUserId: string;
  let domesticUser: Session;
  let foreignOrg: { id: string };
  let domesticOrg: { id: string };
  let parisId: number;
  let nofornIncident: string;
  let releasableIncident: string;
  let draftIncident: string;
  const future = '2099-12-31';

  async function incident(
    category: string,
    overrides: { status?: string; marking?: string; start?: string } = {},
  ) {
    const [row] = await queryRows<{ id: string }>(
      getDb().handle.db,
      sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status, marking, synthetic)
          values (${parisId}, 'FR', ${`Synthetic ${category}`}, array[${category}]::text[], ${overrides.start ?? '2025-05-01'}, ${overrides.start ?? '2025-05-01'}, 'day', ${overrides.status ?? 'verified'}, ${overrides.marking ?? 'sbu'}, true)
          returning id`,
    );
    return row!.id;
  }

  const auditActions = async (entityId: string) =>
    (
      await queryRows<{ action: string; actor_label: string }>(
        getDb().handle.db,
        sql`select action, actor_label from audit_log where entity_id = ${entityId} order by seq`,
      )
    ).map((r) => r.action);

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const [paris] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from posts where code = 'EMB-FR'`,
    );
    parisId = paris!.id;
    const e = await makeUser(handle, [{ role: 'editor' }]);
    editor = await signIn(app, e.username, e.password);
    const p = await makeUser(handle, [{ role: 'partner' }]);
    partnerUserId = p.id;
    partnerUser = await signIn(app, p.username, p.password);
    const d = await makeUser(handle, [{ role: 'partner' }]);
    domesticUser = await signIn(app, d.username, d.password);

    for (let i = 0; i < 7; i++) await incident('trafficking');
    for (let i = 0; i < 3; i++) await incident('forced_labour');
    for (let i = 0; i < 5; i++) await incident('abuse_in_transit');
    nofornIncident = await incident('abuse_in_transit', { marking: 'sbu_noforn' });
    releasableIncident = (
      await queryRows<{ id: string }>(
        handle.db,
        sql`select id from incidents where categories = array['trafficking']::text[] limit 1`,
      )
    )[0]!.id;
    draftIncident = await incident('trafficking', { status: 'draft' });
    await incident('trafficking', { start: '2024-01-01' }); // outside the period

    const f = await as(app, editor, 'POST', '/api/partners', {
      name: 'UNODC',
      kind: 'international_organisation',
      foreign: true,
    });
    expect(f.statusCode, f.body).toBe(201);
    foreignOrg = f.json();
    domesticOrg = (
      await as(app, editor, 'POST', '/api/partners', {
        name: 'Ministry of Justice',
        kind: 'government_agency',
        foreign: false,
      })
    ).json();
    expect(
      (await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/members`, { userId: p.id }))
        .statusCode,
    ).toBe(200);
    expect(
      (await as(app, editor, 'POST', `/api/partners/${domesticOrg.id}/members`, { userId: d.id }))
        .statusCode,
    ).toBe(200);
  }, 90_000);
  afterAll(() => app?.close());

  it('refuses to make a user without the partner role, or a member of another organisation, a member', async () => {
    const other = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const res = await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/members`, {
      userId: other.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      field: 'userId',
      message: expect.stringContaining('partner role'),
    });
    const twice = await as(app, editor, 'POST', `/api/partners/${domesticOrg.id}/members`, {
      userId: partnerUserId,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].message).toContain('another partner organisation');
    // The member picker offers exactly the partner-role users without an organisation.
    const free = await makeUser(getDb().handle, [{ role: 'partner' }]);
    const offered = await as(app, editor, 'GET', '/api/partners/member-candidates');
    expect(offered.statusCode, offered.body).toBe(200);
    const ids = offered.json().items.map((u: { id: string }) => u.id);
    expect(ids).toContain(free.id);
    expect(ids).not.toContain(partnerUserId);
    expect(ids).not.toContain(other.id);
  });

  it('refuses to share a record whose marking bars foreign release with a foreign partner, giving the reason', async () => {
    const res = await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/shares`, {
      itemType: 'incident',
      recordId: nofornIncident,
      expiresOn: future,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      field: 'recordId',
      message: expect.stringContaining('bars release to foreign partners'),
    });
    const domestic = await as(app, editor, 'POST', `/api/partners/${domesticOrg.id}/shares`, {
      itemType: 'incident',
      recordId: nofornIncident,
      expiresOn: future,
    });
    expect(domestic.statusCode, domestic.body).toBe(201);
    const draft = await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/shares`, {
      itemType: 'incident',
      recordId: draftIncident,
      expiresOn: future,
    });
    expect(draft.statusCode).toBe(400);
    expect(draft.json().errors[0].message).toContain('only verified incidents');
    const past = await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/shares`, {
      itemType: 'incident',
      recordId: releasableIncident,
      expiresOn: '2020-01-01',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('expiresOn');
  });

  it('shares an aggregate; the partner sees exactly that, small cells suppressed, and every look is audited', async () => {
    const share = await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/shares`, {
      itemType: 'aggregate',
      aggregate: { countryCode: 'FR', periodStart: '2025-01-01', periodEnd: '2025-12-31' },
      title: 'Verified incidents in France, 2025',
      expiresOn: future,
    });
    expect(share.statusCode, share.body).toBe(201);
    const id = share.json().id;

    const list = await as(app, partnerUser, 'GET', '/api/shared');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([id]);

    const view = await as(app, partnerUser, 'GET', `/api/shared/${id}`);
    expect(view.statusCode, view.body).toBe(200);
    const agg = view.json().aggregate;
    // The noforn incident is not counted for a foreign partner: 7 trafficking, 3 forced labour, 5 in transit.
    expect(agg.rows).toEqual([
      { category: 'Trafficking in persons', count: 7, display: '7' },
      { category: 'Forced labour', count: null, display: '<5' },
      { category: 'Abuse of migrants in transit', count: null, display: 'suppressed' },
    ]);
    expect(agg.total).toEqual({ count: 15, display: '15' });
    expect(view.json().record).toBeNull();

    const file = await as(app, partnerUser, 'GET', `/api/shared/${id}/download`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body).toContain('Forced labour,<5');
    expect(await auditActions(id)).toEqual([
      'partner.shared',
      'shared.viewed',
      'shared.downloaded',
    ]);

    // Read-only: a partner cannot share, edit or reach the ministry's own records.
    expect(
      (await as(app, partnerUser, 'GET', `/api/incidents/${releasableIncident}`)).statusCode,
    ).toBe(403);
    expect(
      (await as(app, partnerUser, 'POST', `/api/partners/${foreignOrg.id}/shares`, {})).statusCode,
    ).toBe(403);
  });

  it('answers a guessed URL with 404 and audits the attempt', async () => {
    const otherShare = (
      await as(app, editor, 'POST', `/api/partners/${domesticOrg.id}/shares`, {
        itemType: 'incident',
        recordId: releasableIncident,
        expiresOn: future,
      })
    ).json();
    const guess = await as(app, partnerUser, 'GET', `/api/shared/${otherShare.id}`);
    expect(guess.statusCode).toBe(404);
    expect(
      (await as(app, partnerUser, 'GET', `/api/shared/${otherShare.id}/download`)).statusCode,
    ).toBe(404);
    expect(await auditActions(otherShare.id)).toEqual([
      'partner.shared',
      'shared.denied',
      'shared.denied',
    ]);
    // The domestic partner sees its record without any victim, perpetrator or source details.
    const own = await as(app, domesticUser, 'GET', `/api/shared/${otherShare.id}`);
    expect(own.statusCode).toBe(200);
    expect(Object.keys(own.json().record).sort()).toEqual([
      'categories',
      'countryCode',
      'datePrecision',
      'marking',
      'narrative',
      'occurredEnd',
      'occurredStart',
      'placeName',
      'reference',
      'route',
      'status',
      'synthetic',
      'title',
    ]);
  });

  it('refuses a revoked share on the next request', async () => {
    const share = (
      await as(app, editor, 'POST', `/api/partners/${foreignOrg.id}/shares`, {
        itemType: 'incident',
        recordId: releasableIncident,
        expiresOn: future,
      })
    ).json();
    expect((await as(app, partnerUser, 'GET', `/api/shared/${share.id}`)).statusCode).toBe(200);
    const revoked = await as(
      app,
      editor,
      'POST',
      `/api/partners/${foreignOrg.id}/shares/${share.id}/revoke`,
      {},
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().state).toBe('revoked');
    expect((await as(app, partnerUser, 'GET', `/api/shared/${share.id}`)).statusCode).toBe(404);
    const list = (await as(app, partnerUser, 'GET', '/api/shared')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(share.id);
    expect(await auditActions(share.id)).toEqual([
      'partner.shared',
      'shared.viewed',
      'partner.share_revoked',
      'shared.denied',
    ]);
  });
});
