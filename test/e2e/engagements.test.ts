// Browser journey: a reporter at Embassy Paris logs a démarche with a follow-up. A follow-up
// due before the démarche is refused beside its field; once fixed, the engagement page shows
// the follow-up and takes an attached PDF, the country timeline lists the démarche, and the home page lists an overdue
// follow-up. Axe checks on the log, the form with errors, the engagement and the timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { arrangeTeam, browse, type Team } from './team.ts';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let server: TestServer;
let browser: Browser;
let team: Team;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  team = await arrangeTeam(server, 'eng');
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('logs a démarche with a follow-up; an early due date is refused by its field', async () => {
  const page = await browse(browser, contexts, server, team.reporter);
  await page.getByRole('link', { name: 'Engagements', exact: true }).click();
  await page
    .getByRole('heading', { level: 1, name: 'Engagements with host governments' })
    .waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Log an engagement' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log an engagement' }).waitFor();
  await field(page, 'Date').fill('2025-03-10');
  await field(page, 'Kind of engagement').selectOption('demarche');
  await field(page, 'Counterpart office').fill(
    'Ministry of the Interior, Directorate of Migration',
  );
  await field(page, 'Counterpart level').selectOption('senior_official');
  await page.locator('label[for="topic-victim_protection"]').click();
  await page.locator('label[for="topic-abuse_in_transit"]').click();
  await field(page, 'Concerns raised').fill('Migrants held for ransom near the port.');
  await field(page, 'Data requested').fill('Investigations opened in 2024.');
  await field(page, 'Response summary').fill('Figures promised within a month.');
  await field(page, 'Host stance').selectOption('receptive');
  await page.getByRole('button', { name: 'Add a follow-up' }).click();
  await field(page, 'Action').fill('Chase the promised figures');
  await field(page, 'Owner').fill('Political officer');
  await field(page, 'Due date').fill('2025-03-01');
  await page.getByRole('button', { name: 'Save engagement' }).click();

  const alert = page.getByTestId('problem');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('before the engagement took place');
  expect(await accessibilityViolations(page)).toEqual([]);

  await field(page, 'Due date').fill('2025-04-10');
  await page.getByRole('button', { name: 'Save engagement' }).click();
  await page
    .getByRole('heading', { level: 1, name: /^Démarche with Ministry of the Interior/ })
    .waitFor();
  const followUps = await page.getByTestId('follow-ups').textContent();
  expect(followUps).toContain(
    'Chase the promised figures — Political officer, due 2025-04-10, open',
  );
  expect(followUps).toContain('(overdue)');

  // The démarche's written record attached to the engagement.
  const section = page.getByRole('region', { name: 'Attachments' });
  await section.getByText('No files attached.').waitFor();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-eng-'));
  const pdfPath = path.join(dir, 'aide-memoire.pdf');
  fs.writeFileSync(pdfPath, PDF);
  await page.getByLabel('File to attach').setInputFiles(pdfPath);
  await section.getByRole('button', { name: 'Upload' }).click();
  await section.getByText('Attached aide-memoire.pdf.').waitFor();
  await section.getByRole('row', { name: /aide-memoire\.pdf/ }).waitFor();
  fs.rmSync(dir, { recursive: true, force: true });
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Country timeline' }).click();
  await page.getByRole('heading', { level: 1, name: 'Engagement timeline: France' }).waitFor();
  expect(await page.getByRole('table').textContent()).toContain('Figures promised within a month.');
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Home' }).click();
  const overdue = page.getByTestId('overdue-follow-ups');
  await overdue.getByText('Chase the promised figures').waitFor();
  expect(await overdue.textContent()).toContain('days overdue');
}, 240_000);
