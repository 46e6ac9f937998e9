// Browser journey: an editor registers a foreign partner, makes a partner user a member and
// shares an aggregate of verified incidents in France (small cells suppressed); the partner
// signs in and sees exactly that aggregate and nothing else. Axe checks on the partner admin
// pages and the partner's own view.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, arrangeTeam, browse, PASSWORD, type Team } from './team.ts';

let server: TestServer;
let browser: Browser;
let team: Team;
let partnerUserId: string;
const contexts: BrowserContext[] = [];

type Sessions = Record<
  'reporter' | 'approver' | 'reviewer',
  Awaited<ReturnType<typeof apiSession>>
>;

async function verifiedIncident(
  { reporter, approver, reviewer }: Sessions,
  category: string,
  sourceId: string,
) {
  const created = await reporter.call<{ id: string }>('POST', '/api/incidents', {
    postId: team.postId,
    title: `Synthetic ${category} case`,
    categories: [category],
    occurredStart: '2025-06-01',
    datePrecision: 'day',
    synthetic: true,
    sources: [{ sourceId, credibility: 2 }],
  });
  await approver.call('POST', `/api/incidents/${created.id}/submit`, { version: 1 });
  await reviewer.call('POST', `/api/incidents/${created.id}/verify`, { version: 2 });
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  team = await arrangeTeam(server, 'ptn');
  const admin = await apiSession(server, server.adminUsername, server.adminPassword);
  const create = (username: string, role: string) =>
    admin.call<{ id: string }>('POST', '/api/admin/users', {
      username,
      displayName: `${username} (test)`,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [{ role }],
    });
  await create('editor.ptn', 'editor');
  partnerUserId = (await create('partner.ptn', 'partner')).id;
  const sessions: Sessions = {
    reporter: await apiSession(server, team.reporter, PASSWORD),
    approver: await apiSession(server, team.approver, PASSWORD),
    reviewer: await apiSession(server, team.reviewer, PASSWORD),
  };
  const source = await sessions.reporter.call<{ id: string }>('POST', '/api/sources', {
    type: 'police_statement',
    publisher: 'Préfecture de police',
    title: 'Communiqué',
    reliability: 'B',
  });
  for (let i = 0; i < 6; i++) await verifiedIncident(sessions, 'trafficking', source.id);
  for (let i = 0; i < 5; i++) await verifiedIncident(sessions, 'abuse_in_transit', source.id);
  for (let i = 0; i < 2; i++) await verifiedIncident(sessions, 'forced_labour', source.id);
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('shares an aggregate with a partner, and the partner sees exactly that', async () => {
  const editor = await browse(browser, contexts, server, 'editor.ptn');
  await editor.getByRole('link', { name: 'Partners' }).click();
  await editor.getByRole('heading', { level: 1, name: 'Partner organisations' }).waitFor();
  expect(await accessibilityViolations(editor)).toEqual([]);
  await field(editor, 'Organisation name').fill('UNODC');
  await field(editor, 'Kind').selectOption('international_organisation');
  await editor.getByRole('button', { name: 'Add partner' }).click();
  await editor.getByRole('heading', { level: 1, name: 'UNODC' }).waitFor();

  // The picker offers users with the partner role who belong to no organisation yet.
  const picker = field(editor, 'Add a member');
  await picker.locator(`option[value="${partnerUserId}"]`).waitFor({ state: 'attached' });
  await picker.selectOption(partnerUserId);
  await editor.getByRole('button', { name: 'Add member' }).click();
  await editor.getByText('partner.ptn (test) (partner.ptn)').waitFor();

  await field(editor, 'What to share').selectOption('aggregate');
  await field(editor, 'Country').selectOption({ label: 'France' });
  await field(editor, 'Period start').fill('2025-01-01');
  await field(editor, 'Period end').fill('2025-12-31');
  await field(editor, 'Title').fill('Verified incidents in France, 2025');
  await field(editor, 'Expires on').fill('2099-12-31');
  await editor.getByRole('button', { name: 'Share', exact: true }).click();
  await editor.getByRole('status').getByText('Shared.').waitFor();
  expect(await accessibilityViolations(editor)).toEqual([]);

  const partner = await browse(browser, contexts, server, 'partner.ptn');
  await partner.getByRole('link', { name: 'Shared with us' }).click();
  const items = partner.getByTestId('shared-items');
  await items.waitFor();
  expect(await items.getByRole('listitem').allTextContents()).toEqual([
    'Verified incidents in France, 2025 — until 2099-12-31',
  ]);
  expect(await accessibilityViolations(partner)).toEqual([]);
  await partner.getByRole('link', { name: 'Verified incidents in France, 2025' }).click();
  const table = partner.getByRole('table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
    'Trafficking in persons 6',
    'Forced labour <5',
    'Abuse of migrants in transit suppressed',
    'Total (distinct incidents) 13',
  ]);
  expect(await accessibilityViolations(partner)).toEqual([]);
  // The ministry's own records stay out of reach.
  await partner.goto(`${server.baseUrl}/incidents`);
  await partner.getByRole('heading', { level: 1 }).waitFor();
  expect(await partner.getByRole('heading', { level: 1 }).textContent()).not.toBe('Incidents');
}, 240_000);
