// Browser journey through the incident list: a reporter at Embassy Paris narrows the list by
// a facet, saves the search and applies it again, opens the map and reaches an incident from a
// point by keyboard, and exports what is listed. Accessibility (WCAG 2.1 AA) of the list with
// facets, the map view and the import page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEmbassy } from './arrange.ts';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { apiSession as teamApiSession } from './team.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const PASSWORD = 'incident-list-password-1';

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

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return page;
}

describe('incident list', () => {
  it('filters by a facet, saves the search, opens the map and exports; accessible', async () => {
    const admin = await apiSession(server.adminUsername, server.adminPassword);
    const paris = await findEmbassy(server, 'France');
    for (const [username, role] of [
      ['list.reporter', 'reporter'],
      ['list.editor', 'editor'],
    ] as const)
      await admin('POST', '/api/admin/users', {
        username,
        displayName: `${username} (test)`,
        password: PASSWORD,
        mustChangePassword: false,
        roles: [role === 'reporter' ? { role, postId: paris.id } : { role }],
      });
    const reporterApi = await apiSession('list.reporter', PASSWORD);
    const base = { postId: paris.id, datePrecision: 'day', occurredStart: '2026-01-15' };
    await reporterApi('POST', '/api/incidents', {
      ...base,
      title: 'Workers held on a farm near Montpellier',
      categories: ['forced_labour'],
      placeName: 'Montpellier',
      latitude: 43.61,
      longitude: 3.88,
      geoPrecision: 1,
    });
    await reporterApi('POST', '/api/incidents', {
      ...base,
      title: 'Migrants robbed at the harbour in Calais',
      categories: ['abuse_in_transit'],
      placeName: 'Calais',
      latitude: 50.95,
      longitude: 1.85,
      geoPrecision: 1,
    });

    const page = await as('list.reporter');
    await page.goto(`${server.baseUrl}/incidents`);
    await page.getByTestId('incident-total').getByText('2 incidents match.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // A facet narrows the list and the counts.
    await page.getByTestId('facet-category-forced_labour').click();
    await page.getByTestId('incident-total').getByText('1 incident match.').waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2); // header + one incident
    await page.getByText('Workers held on a farm near Montpellier').waitFor();

    // Save it, clear the filters, apply it again.
    await field(page, 'Save the filters now applied as').fill('Forced labour');
    await page.getByRole('button', { name: 'Save search' }).click();
    const savedButton = page
      .getByRole('region', { name: 'Saved searches' })
      .getByRole('button', { name: 'Forced labour', exact: true });
    await savedButton.waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('incident-total').getByText('2 incidents match.').waitFor();
    await savedButton.click();
    await page.getByTestId('incident-total').getByText('1 incident match.').waitFor();

    // The map shows the filtered point; it is a keyboard-reachable link to the incident.
    await page.getByRole('button', { name: 'Map' }).click();
    const point = page.getByRole('link', { name: /Workers held on a farm near Montpellier/ });
    await point.waitFor();
    await expect.poll(() => page.locator('a.incident-map-point').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await point.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Workers held on a farm/ }).waitFor();
    await page.goBack();

    // Export what is listed (the saved search's filter still applies).
    await page.getByTestId('incident-total').waitFor();
    await savedButton.click();
    await page.getByTestId('incident-total').getByText('1 incident match.').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    expect(csv.split('\n')[0]).toContain('reference,post,countryCode,title');
    expect(csv).toContain('Workers held on a farm near Montpellier');
    expect(csv).not.toContain('Calais');

    // The import page, for editors, is accessible too.
    const editor = await as('list.editor');
    await editor.goto(`${server.baseUrl}/incidents/import`);
    await editor.getByRole('heading', { level: 1, name: 'Import incidents' }).waitFor();
    expect(await accessibilityViolations(editor)).toEqual([]);
  }, 180_000);
});
