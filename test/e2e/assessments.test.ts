// Browser journey: an editor has defined a framework; a reporter at Embassy Paris starts an
// assessment of France, tries to rate an indicator without evidence (refused beside the
// field), links a source as evidence and rates it. Axe checks on the list, the form with the
// error and the saved form.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, arrangeTeam, browse, PASSWORD, type Team } from './team.ts';

let server: TestServer;
let browser: Browser;
let team: Team;
let sourceId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  team = await arrangeTeam(server, 'asm');
  const admin = await apiSession(server, server.adminUsername, server.adminPassword);
  await admin.call('POST', '/api/admin/users', {
    username: 'editor.asm',
    displayName: 'Editor (test)',
    password: PASSWORD,
    mustChangePassword: false,
    roles: [{ role: 'editor' }],
  });
  const editor = await apiSession(server, 'editor.asm', PASSWORD);
  await editor.call('POST', '/api/assessment-frameworks', {
    name: 'Migrant protection',
    guidance: 'Rate what the government did in the period.',
    scale: [
      { code: 'poor', label: 'Poor', definition: 'No measures.' },
      { code: 'good', label: 'Good', definition: 'Effective measures nationwide.' },
    ],
    indicators: [
      {
        code: 'victim_id',
        question: 'Are trafficking victims identified and referred?',
        guidance: '',
      },
    ],
  });
  const reporter = await apiSession(server, team.reporter, PASSWORD);
  sourceId = (
    await reporter.call<{ id: string }>('POST', '/api/sources', {
      type: 'ngo_io_report',
      publisher: 'GRETA',
      title: 'Evaluation report: France',
      reliability: 'A',
    })
  ).id;
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('rates an indicator with evidence; without evidence only "insufficient information" is accepted', async () => {
  const page = await browse(browser, contexts, server, team.reporter);
  await page.getByRole('link', { name: 'Policy assessments' }).click();
  await page.getByRole('heading', { level: 1, name: 'Policy assessments' }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'New assessment' }).click();
  await field(page, 'Framework').selectOption({ label: 'Migrant protection (version 1)' });
  await field(page, 'Period start').fill('2025-01-01');
  await field(page, 'Period end').fill('2025-12-31');
  await page.getByRole('button', { name: 'Start assessment' }).click();
  await page.getByRole('heading', { level: 1, name: /^Assessment of FR/ }).waitFor();

  await field(page, 'Rating: victim_id').selectOption({ label: 'Good' });
  await field(page, 'Narrative: victim_id').fill('A national referral mechanism started in March.');
  await page.getByRole('button', { name: 'Save ratings' }).click();
  const alert = page.getByTestId('problem');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('link evidence before rating above');
  expect(await accessibilityViolations(page)).toEqual([]);

  await field(page, 'Record ID (victim_id)').fill(sourceId);
  await page.getByRole('button', { name: 'Link evidence (victim_id)' }).click();
  await page.getByRole('button', { name: 'Save ratings' }).click();
  await page.getByRole('status').getByText('Ratings saved.').waitFor();
  await page.getByText('GRETA: Evaluation report: France').waitFor();
  expect(await field(page, 'Rating: victim_id').inputValue()).toBe('good');
  expect(await accessibilityViolations(page)).toEqual([]);
}, 240_000);
