// Duplicate candidates and merging: two posts' reports of one event are found as candidates
// (and unrelated records of the same country, period and category are not); a reviewer of the
// region merges one into the other, keeping every source link, comment, act, victim group,
// perpetrator, attachment, protected victim detail and history entry of both; the merged record answers with a pointer to the
// survivor; stale versions, people outside the region and authors are refused.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { attachments } from '../../src/db/schema/index.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type PostInfo = { id: number; region_id: number; code: string };

describeEachBackend('incident duplicates and merge', (getDb) => {
  let app: FastifyInstance;
  let paris: PostInfo;
  let reporter: Session;
  let approver: Session;
  let reviewer: Session;
  let reviewerElsewhere: Session;
  let analyst: Session;
  let editor: Session;
  let sourceA: string;
  let sourceB: string;

  const person = async (
    role: 'reporter' | 'approver' | 'reviewer' | 'editor' | 'analyst' | 'admin',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };

  const newSource = async (title: string) => {
    const res = await as(app, reporter, 'POST', '/api/sources', {
      type: 'news_media',
      publisher: 'La Voix du Nord',
      title,
      reliability: 'B',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  /** A record by the Paris reporter, submitted by the approver. */
  const submitted = async (fields: Record<string, unknown>, sourceId: string) => {
    const created = await as(app, reporter, 'POST', '/api/incidents', {
      postId: paris.id,
      categories: ['abuse_in_transit'],
      occurredStart: '2026-03-14',
      datePrecision: 'day',
      sources: [{ sourceId, credibility: 2, excerpt: `excerpt of ${sourceId.slice(0, 8)}` }],
      ...fields,
    });
    expect(created.statusCode, created.body).toBe(201);
    const sent = await as(app, approver, 'POST', `/api/incidents/${created.json().id}/submit`, {
      version: created.json().version,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    return sent.json() as { id: string; reference: string; version: number };
  };

  const candidates = async (session: Session, id: string) => {
    const res = await as(app, session, 'GET', `/api/incidents/${id}/duplicates`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; score: number; reasons: string[] }[];
  };

  beforeAll(async () => {
    const handle = getDb().handle;
    // A data key, so that protected victim details can be recorded and moved by a merge.
    app = await buildTestApp(handle, { RAPPORTEUR_DATA_KEY: randomBytes(32).toString('base64') });
    const posts = await queryRows<PostInfo>(
      handle.db,
      sql`select p.id, p.code, c.region_id from posts p join countries c on c.code = p.country_code where p.code in ('EMB-FR', 'EMB-KE')`,
    );
    paris = posts.find((p) => p.code === 'EMB-FR')!;
    const nairobi = posts.find((p) => p.code === 'EMB-KE')!;
    const reporterUser = await makeUser(handle, [{ role: 'reporter', postId: paris.id }]);
    reporter = await signIn(app, reporterUser.username, reporterUser.password);
    const admin = await person('admin');
    const granted = await as(app, admin, 'POST', '/api/protected-grants', {
      userId: reporterUser.id,
      postId: paris.id,
    });
    expect(granted.statusCode, granted.body).toBe(201);
    approver = await person('approver', { postId: paris.id });
    reviewer = await person('reviewer', { regionId: paris.region_id });
    reviewerElsewhere = await person('reviewer', { regionId: nairobi.region_id });
    analyst = await person('analyst');
    editor = await person('editor');
    sourceA = await newSource('Migrants robbed at Calais harbour');
    sourceB = await newSource('Robbery of migrants in the port of Calais');
  }, 60_000);
  afterAll(() => app?.close());

  it('lists a report of the same event with its score and reasons, and not unrelated records', async () => {
    const a = await submitted(
      {
        title: 'Migrants robbed at Calais harbour',
        narrative: 'A group of twenty migrants was robbed by armed men near the harbour at night.',
        placeName: 'Calais',
        latitude: 50.965,
        longitude: 1.86,
      },
      sourceA,
    );
    const b = await submitted(
      {
        title: 'Robbery of migrants at the Calais harbour',
        narrative: 'Armed men robbed a group of about twenty migrants near the harbour.',
        occurredStart: '2026-03-15',
        placeName: 'Calais harbour',
      },
      sourceB,
    );
    // Same country, period and category, but different words and another place.
    const unrelated = await submitted(
      {
        title: 'Forged residence permits sold in Lyon',
        narrative: 'Counterfeit documents were offered in a café.',
        placeName: 'Lyon',
      },
      sourceA,
    );
    // Same words, but a year later: not the same event.
    const later = await submitted(
      {
        title: 'Migrants robbed at Calais harbour',
        occurredStart: '2025-03-14',
        placeName: 'Calais',
      },
      sourceA,
    );

    // Dated only by its month: it may be the same event, whatever day of March it was.
    const monthly = await submitted(
      {
        title: 'Migrants robbed in Calais',
        occurredStart: '2026-03-01',
        datePrecision: 'month',
        placeName: 'Calais',
      },
      sourceA,
    );

    // Dated by its year, or by a long range that began months earlier: also possible.
    const yearly = await submitted(
      { title: 'Migrants robbed in Calais', occurredStart: '2026-01-01', datePrecision: 'year' },
      sourceA,
    );
    const ranged = await submitted(
      {
        title: 'Migrants robbed in Calais',
        occurredStart: '2025-10-01',
        occurredEnd: '2026-03-31',
        datePrecision: 'range',
      },
      sourceA,
    );

    const found = await candidates(reviewer, a.id);
    expect(found.map((c) => c.id).sort()).toEqual([b.id, monthly.id, yearly.id, ranged.id].sort());
    const fromB = found.find((c) => c.id === b.id)!;
    expect(fromB.score).toBeGreaterThanOrEqual(40);
    expect(found.find((c) => c.id === monthly.id)!.reasons).toContain('periods overlap');
    expect(fromB.reasons).toEqual(
      expect.arrayContaining([
        'same country',
        '1 day apart',
        'shared category: abuse_in_transit',
        expect.stringMatching(/^similar title \(\d+%\)$/),
        expect.stringMatching(/^similar place name \(\d+%\)$/),
      ]),
    );
    expect((await candidates(reviewer, unrelated.id)).map((c) => c.id)).not.toContain(a.id);
    expect((await candidates(reviewer, later.id)).map((c) => c.id)).toEqual([]);
    expect((await candidates(reviewer, monthly.id)).map((c) => c.id)).toContain(a.id);
    // A reviewer of another region sees neither record.
    const hidden = await as(app, reviewerElsewhere, 'GET', `/api/incidents/${a.id}/duplicates`);
    expect(hidden.statusCode).toBe(404);
  });

  it('merges B into A keeping everything of both; B points to A; refuses stale versions, outsiders, authors and a second merge', async () => {
    const a = await submitted(
      {
        title: 'Smugglers beat migrants at Dunkirk camp',
        narrative: 'Smugglers beat three migrants at the Grande-Synthe camp.',
        placeName: 'Grande-Synthe',
        acts: [{ act: 'beating', victimCount: 3 }],
      },
      sourceA,
    );
    const created = await as(app, reporter, 'POST', '/api/incidents', {
      postId: paris.id,
      title: 'Migrants beaten by smugglers at Dunkirk camp',
      narrative: 'Three migrants were beaten by smugglers at the camp of Grande-Synthe.',
      categories: ['abuse_in_transit'],
      occurredStart: '2026-03-14',
      datePrecision: 'day',
      placeName: 'Grande-Synthe',
      sources: [
        { sourceId: sourceA, credibility: 3, excerpt: 'a second excerpt' },
        { sourceId: sourceB, credibility: 2, excerpt: 'trois migrants frappés' },
      ],
      acts: [{ act: 'extortion', victimCount: 3, description: 'demanded money' }],
      victims: [
        {
          sex: 'male',
          ageBand: '18-25',
          count: 3,
          nationality: 'ER',
          nationalitySourceId: sourceB,
        },
      ],
      perpetrators: [
        {
          type: 'criminal_network',
          count: 4,
          attributes: [{ attribute: 'nationality', value: 'stated as Iraqi', sourceId: sourceB }],
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const bId = created.json().id as string;
    const comment = await as(app, reporter, 'POST', `/api/incidents/${bId}/comments`, {
      body: 'Same event as the camp report?',
    });
    expect(comment.statusCode, comment.body).toBe(201);
    // An attachment of B (the row as the attachments module writes it).
    await getDb()
      .handle.db.insert(attachments)
      .values({
        ownerType: 'incident',
        ownerId: bId,
        fileName: 'statement.pdf',
        contentType: 'application/pdf',
        sizeBytes: 4,
        sha256: 'a'.repeat(64),
        storageKey: `sha256/${'a'.repeat(64)}`,
      });
    // A victim's protected details recorded on B (sealed to B).
    const detail = await as(app, reporter, 'POST', `/api/incidents/${bId}/protected-details`, {
      role: 'victim',
      fullName: 'Protected Person Merge-Test',
      contact: '+33 6 00 00 00 00',
    });
    expect(detail.statusCode, detail.body).toBe(201);
    const bSent = await as(app, approver, 'POST', `/api/incidents/${bId}/submit`, {
      version: created.json().version,
    });
    const b = bSent.json() as { id: string; reference: string; version: number };
    expect((await candidates(reviewer, a.id)).map((c) => c.id)).toContain(b.id);

    const merge = (session: Session, body: Record<string, unknown>) =>
      as(app, session, 'POST', `/api/incidents/${a.id}/merge`, {
        duplicateId: b.id,
        version: a.version,
        duplicateVersion: b.version,
        ...body,
      });

    // Post roles and analysts may not merge; a reviewer of another region cannot even see A.
    expect((await merge(approver, {})).statusCode).toBe(403);
    expect((await merge(analyst, {})).statusCode).toBe(403);
    expect((await merge(reviewerElsewhere, {})).statusCode).toBe(404);
    // Stale versions of either record.
    const staleA = await merge(reviewer, { version: a.version - 1 });
    expect(staleA.statusCode).toBe(409);
    expect(staleA.json().current).toMatchObject({ id: a.id, version: a.version });
    expect((await merge(reviewer, { duplicateVersion: b.version - 1 })).statusCode).toBe(409);
    expect((await merge(reviewer, { duplicateId: a.id })).statusCode).toBe(400);

    const merged = await merge(reviewer, {});
    expect(merged.statusCode, merged.body).toBe(200);
    const survivor = merged.json();
    expect(survivor).toMatchObject({ id: a.id, status: 'submitted', version: a.version + 1 });
    const linked = Object.fromEntries(
      survivor.sources.map(
        (l: { source: { id: string }; credibility: number; excerpt: string }) => [l.source.id, l],
      ),
    );
    // A's own grade stays; B's excerpt of the same source is added, marked with B's reference.
    expect(linked[sourceA]).toMatchObject({
      credibility: 2,
      excerpt: `excerpt of ${sourceA.slice(0, 8)}\n\n[${b.reference}] a second excerpt`,
    });
    expect(linked[sourceB]).toMatchObject({ credibility: 2, excerpt: 'trois migrants frappés' });
    expect(survivor.acts.map((x: { act: string }) => x.act)).toEqual(['beating', 'extortion']);
    expect(survivor.victims).toEqual([
      { sex: 'male', ageBand: '18-25', count: 3, nationality: 'ER', nationalitySourceId: sourceB },
    ]);
    expect(survivor.perpetrators).toEqual([
      {
        type: 'criminal_network',
        count: 4,
        description: null,
        attributes: [
          { attribute: 'nationality', value: 'stated as Iraqi', sourceId: sourceB, excerpt: null },
        ],
      },
    ]);

    const thread = (await as(app, reviewer, 'GET', `/api/incidents/${a.id}/comments`)).json();
    expect(thread.items.map((c: { body: string }) => c.body)).toContain(
      'Same event as the camp report?',
    );
    const history = (await as(app, reviewer, 'GET', `/api/incidents/${a.id}/history`)).json()
      .items as { action: string; changes: Record<string, unknown> }[];
    const actions = history.map((h) => h.action);
    // Both records' creation and submission, then the merge audited on both.
    expect(actions.filter((x) => x === 'incident.created')).toHaveLength(2);
    expect(actions.filter((x) => x === 'incident.submitted')).toHaveLength(2);
    expect(actions.slice(-2).sort()).toEqual(['incident.merged', 'incident.merged_into']);
    expect(history.find((h) => h.action === 'incident.merged')!.changes).toMatchObject({
      merged: { id: b.id, reference: b.reference },
      commentsMoved: 1,
      attachmentsMoved: 1,
      protectedDetailsMoved: 1,
      actsAdded: 1,
    });
    const owners = await queryRows<{ owner_id: string }>(
      getDb().handle.db,
      sql`select owner_id from attachments where file_name = 'statement.pdf'`,
    );
    expect(owners).toEqual([{ owner_id: a.id }]);
    // The protected details now belong to A, sealed again for A: they open there, B has none.
    const onA = await as(app, reporter, 'GET', `/api/incidents/${a.id}/protected-details`);
    expect(onA.statusCode, onA.body).toBe(200);
    expect(onA.json().items).toEqual([
      expect.objectContaining({ role: 'victim', fullName: 'Protected Person Merge-Test' }),
    ]);
    const onB = await as(app, reporter, 'GET', `/api/incidents/${b.id}/protected-details`);
    expect(onB.json().items ?? []).toEqual([]);

    // The merged record answers 200 with `mergedInto`, and is no longer a candidate.
    const old = await as(app, reviewer, 'GET', `/api/incidents/${b.id}`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ status: 'merged', mergedInto: a.id });
    expect((await candidates(reviewer, a.id)).map((c) => c.id)).not.toContain(b.id);
    const twice = await as(app, reviewer, 'POST', `/api/incidents/${a.id}/merge`, {
      duplicateId: b.id,
      version: survivor.version,
      duplicateVersion: old.json().version,
    });
    expect(twice.statusCode).toBe(409);

    // B's authors are now among A's authors: the post's reporter's content is in A.
    // An editor who corrected A cannot merge into it (four eyes).
    const other = await submitted(
      { title: 'Smugglers beat migrants at the Dunkirk camp', placeName: 'Grande-Synthe' },
      sourceA,
    );
    const corrected = await as(app, editor, 'PATCH', `/api/incidents/${a.id}`, {
      version: survivor.version,
      title: 'Smugglers beat migrants at the Grande-Synthe camp',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const byCorrector = await as(app, editor, 'POST', `/api/incidents/${a.id}/merge`, {
      duplicateId: other.id,
      version: corrected.json().version,
      duplicateVersion: other.version,
    });
    expect(byCorrector.statusCode).toBe(403);
  });
});
