// Browser journey through a country report: the post's approver generates the 2025 draft for
// France from a verified incident and edits a section, the Europe reviewer marks it reviewed,
// an editor clears it (the version locks) and downloads the DOCX. Accessibility (WCAG 2.1 AA)
// of the list and the report page.
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEmbassy } from './arrange.ts';
import { accessibilityViolations, launchBrowser, signIn } from './browser.ts';
import { apiSession as teamApiSession } from './team.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const PASSWORD = 'report-journey-password-1';
const YEAR = new Date().getFullYear() - 1;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

/** Signs in through the API; the call sends the session's CSRF token, as the web app does. */
const apiSession = async (username: string, password: string) =>
  (await teamApiSession(server, username, password)).call;

/** People at Embassy Paris, in Europe and at headquarters, and one verified incident. */
async function arrange() {
  const admin = await apiSession(server.adminUsername, server.adminPassword);
  const paris = await findEmbassy(server, 'France');
  const { items: regions } = await admin<{ items: { id: number; code: string }[] }>(
    'GET',
    '/api/reference/regions',
  );
  const europe = regions.find((r) => r.code === 'EUR')!;
  const people = {
    approver: 'report.approver',
    reviewer: 'report.reviewer',
    editor: 'report.editor',
  };
  const roles = {
    approver: { role: 'approver', postId: paris.id },
    reviewer: { role: 'reviewer', regionId: europe.id },
    editor: { role: 'editor' },
  };
  for (const key of ['approver', 'reviewer', 'editor'] as const)
    await admin('POST', '/api/admin/users', {
      username: people[key],
      displayName: `${people[key]} (test)`,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [roles[key]],
    });
  const approver = await apiSession(people.approver, PASSWORD);
  const reviewer = await apiSession(people.reviewer, PASSWORD);
  const source = await approver<{ id: string }>('POST', '/api/sources', {
    type: 'news_media',
    publisher: 'Le Monde',
    title: 'Des saisonniers privés de leurs papiers',
    url: 'https://example.org/saisonniers',
    publishedOn: `${YEAR}-06-02`,
    language: 'fr',
    reliability: 'B',
  });
  const incident = await approver<{ id: string; version: number }>('POST', '/api/incidents', {
    postId: paris.id,
    title: 'Seasonal workers held without their passports',
    narrative: 'Workers on a vineyard had their passports taken by the employer.',
    categories: ['forced_labour'],
    occurredStart: `${YEAR}-05-20`,
    datePrecision: 'day',
    sources: [{ sourceId: source.id, credibility: 2, excerpt: 'privés de leurs papiers' }],
  });
  const submitted = await approver<{ version: number }>(
    'POST',
    `/api/incidents/${incident.id}/submit`,
    { version: incident.version },
  );
  await reviewer('POST', `/api/incidents/${incident.id}/verify`, { version: submitted.version });
  return people;
}

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return page;
}

const success = (page: Page, text: string | RegExp) =>
  page.getByRole('status').filter({ hasText: text }).waitFor();

describe('country reports', () => {
  it('draft → review → clear → export, by three people, with accessible pages', async () => {
    const people = await arrange();

    const approver = await as(people.approver);
    await approver
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Country reports' })
      .click();
    await approver.getByRole('heading', { level: 1, name: 'Country reports' }).waitFor();
    await approver.getByText(`No ${YEAR} reports yet.`).waitFor();
    expect(await accessibilityViolations(approver)).toEqual([]);
    await approver.getByLabel(/^Country/).selectOption('FR');
    await approver.getByRole('button', { name: 'Generate draft' }).click();
    await approver.getByRole('heading', { level: 1, name: `France ${YEAR}` }).waitFor();
    const workers = approver.getByRole('region', { name: '7. Worker Rights' });
    await expect
      .poll(() => workers.textContent())
      .toContain('fewer than 5 verified incidents of forced labour');
    await expect.poll(() => workers.textContent()).toContain('Seasonal workers held');
    // The citation shows as a note number that links to the note naming the record.
    await workers.getByRole('link', { name: 'note 1' }).click();
    await expect.poll(() => approver.locator('#note-1').textContent()).toMatch(/INC-\d{4}-\d{6}/);
    expect(await accessibilityViolations(approver)).toEqual([]);

    await approver.getByRole('button', { name: 'Edit section 3' }).click();
    await approver
      .getByLabel('Text of section 3')
      .fill('Elections were held in June. Observers reported 12 complaints.');
    expect(await accessibilityViolations(approver)).toEqual([]);
    await approver.getByRole('button', { name: 'Save section' }).click();
    await success(approver, 'Section 3 saved.');
    // A figure without a citation is flagged.
    await approver.getByText('This sentence states a figure but cites no record.').waitFor();
    const reportUrl = approver.url();

    const reviewer = await as(people.reviewer);
    await reviewer.goto(reportUrl);
    await reviewer.getByRole('button', { name: 'Mark reviewed' }).click();
    await success(reviewer, 'Marked reviewed.');
    await reviewer.getByText('Reviewed', { exact: true }).first().waitFor();

    const editor = await as(people.editor);
    await editor.goto(reportUrl);
    await editor
      .getByLabel('Note for the clearance trail (optional)')
      .fill('Cleared for the annual report');
    await editor.getByRole('button', { name: 'Clear' }).click();
    await success(editor, 'Cleared. This version is now locked.');
    await editor.getByText(/This version is cleared and locked/).waitFor();
    await editor.getByText(/Cleared for the annual report/).waitFor();
    expect(await accessibilityViolations(editor)).toEqual([]);

    const [download] = await Promise.all([
      editor.waitForEvent('download'),
      editor.getByRole('link', { name: 'DOCX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`report-FR-${YEAR}-v1.docx`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    // The chart of the one verified incident is in it as a picture with alt text, and says
    // "fewer than 5" rather than 1.
    const docx = await JSZip.loadAsync(bytes);
    expect(Object.keys(docx.files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
    const xml = await docx.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/descr="Bar chart\. [^"]*: fewer than 5\."/);
  }, 240_000);
});
