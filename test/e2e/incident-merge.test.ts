// Browser journey for duplicates: two reports of one robbery at Calais, submitted by Embassy
// Paris; the reviewer of Europe sees the other as a possible duplicate on the first one's
// page, merges it, finds its comment and sources on the survivor, and a link to the merged
// record leads to the survivor. Plus axe checks of the page with candidates and after merge.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, arrangeTeam, browse, PASSWORD } from './team.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

interface Record {
  id: string;
  reference: string;
  version: number;
}

describe('duplicates', () => {
  it('a reviewer sees a possible duplicate, merges it, and the merged record leads to the survivor', async () => {
    const team = await arrangeTeam(server, 'merge');
    const reporter = await apiSession(server, team.reporter, PASSWORD);
    const approver = await apiSession(server, team.approver, PASSWORD);
    const source = await reporter.call<{ id: string }>('POST', '/api/sources', {
      type: 'news_media',
      publisher: 'Nord Littoral',
      title: 'Migrants dépouillés au port de Calais',
      reliability: 'B',
    });
    const record = async (title: string, narrative: string, placeName: string) => {
      const created = await reporter.call<Record>('POST', '/api/incidents', {
        postId: team.postId,
        title,
        narrative,
        categories: ['abuse_in_transit'],
        occurredStart: '2026-03-14',
        datePrecision: 'day',
        placeName,
        sources: [{ sourceId: source.id, credibility: 2, excerpt: `${title}.` }],
      });
      return approver.call<Record>('POST', `/api/incidents/${created.id}/submit`, {
        version: created.version,
      });
    };
    const survivor = await record(
      'Migrants robbed at Calais harbour',
      'Armed men robbed twenty migrants near the harbour at night.',
      'Calais',
    );
    const duplicate = await record(
      'Robbery of migrants at the Calais harbour',
      'Twenty migrants were robbed by armed men near the harbour.',
      'Calais harbour',
    );
    await reporter.call('POST', `/api/incidents/${duplicate.id}/comments`, {
      body: 'Reported by the harbour police too.',
    });

    const reviewer = await browse(browser, contexts, server, team.reviewer);
    await reviewer.goto(`${server.baseUrl}/incidents/${survivor.id}`);
    await reviewer
      .getByRole('heading', { level: 1, name: /Migrants robbed at Calais harbour/ })
      .waitFor();
    const candidates = reviewer.getByTestId('duplicate-candidates');
    await candidates.getByRole('link', { name: duplicate.reference }).waitFor();
    const row = candidates.getByRole('row').filter({ hasText: duplicate.reference });
    await expect(row.textContent()).resolves.toMatch(/similar title \(\d+%\)/);
    const found: { [page: string]: string[] } = {};
    found['incident with candidates'] = await accessibilityViolations(reviewer);

    await row
      .getByRole('button', { name: `Merge ${duplicate.reference} into this record` })
      .click();
    await reviewer
      .getByRole('heading', { name: `Merge ${duplicate.reference} into ${survivor.reference}?` })
      .waitFor();
    found['merge confirmation'] = await accessibilityViolations(reviewer);
    await reviewer.getByRole('button', { name: 'Confirm merge' }).click();
    await reviewer.getByText(/^None found/).waitFor();
    await expect(reviewer.getByTestId('comments').textContent()).resolves.toContain(
      'Reported by the harbour police too.',
    );
    await expect(
      reviewer.getByRole('table', { name: /Changes to this incident/ }).textContent(),
    ).resolves.toContain('Another record merged in');

    // The merged record's page (an old link, a bookmark) leads to the survivor.
    await reviewer.goto(`${server.baseUrl}/incidents/${duplicate.id}`);
    // The page loads the record, its comments and history first: allow for a busy machine.
    await reviewer.waitForURL(`${server.baseUrl}/incidents/${survivor.id}`, { timeout: 45_000 });
    await expect(reviewer.getByTestId('merged-notice').textContent()).resolves.toContain(
      `${duplicate.reference} was merged into this record`,
    );
    found['survivor after merge'] = await accessibilityViolations(reviewer);
    const merged = await reporter.call<{ status: string; mergedInto: string }>(
      'GET',
      `/api/incidents/${duplicate.id}`,
    );
    expect(merged).toMatchObject({ status: 'merged', mergedInto: survivor.id });
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 180_000);
});
