// Browser journey: an editor opens the section structure of a year's reports from the report
// list, moves forced labour into section 6, renames section 7 and saves; the page then says the
// year has its own structure. Axe checks on the structure page before and after saving.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, browse, PASSWORD } from './team.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const admin = await apiSession(server, server.adminUsername, server.adminPassword);
  await admin.call('POST', '/api/admin/users', {
    username: 'editor.structure',
    displayName: 'Structure editor (test)',
    password: PASSWORD,
    mustChangePassword: false,
    roles: [{ role: 'editor' }],
  });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('lets an editor change which section reports what for one year', async () => {
  const page = await browse(browser, contexts, server, 'editor.structure');
  await page.getByRole('link', { name: 'Country reports' }).click();
  await page.getByRole('heading', { level: 1, name: 'Country reports' }).waitFor();
  const year = new Date().getFullYear() - 1;
  await page.getByRole('link', { name: `Section structure of the ${year} reports` }).click();
  await page
    .getByRole('heading', { level: 1, name: `Section structure of the ${year} reports` })
    .waitFor();
  await page.getByText('The built-in structure').waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);

  // Choosing forced labour in section 6 while section 7 still has it is refused by its field.
  const six = page.getByRole('group', { name: 'Section 6' });
  const sixCategories = six.getByLabel('Incident categories reported here');
  const chosen = await sixCategories.evaluate((el) =>
    [...(el as HTMLSelectElement).selectedOptions].map((o) => o.value),
  );
  await sixCategories.selectOption([...chosen, 'forced_labour']);
  await page.getByRole('button', { name: `Save the ${year} structure` }).click();
  await page
    .getByRole('group', { name: 'Section 7' })
    .getByText('forced_labour is already reported in section 6')
    .waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);

  const seven = page.getByRole('group', { name: 'Section 7' });
  await seven.getByLabel('Incident categories reported here').selectOption([]);
  await seven.getByLabel('Title', { exact: true }).fill('Worker Rights (this edition)');
  await page.getByRole('button', { name: `Save the ${year} structure` }).click();
  await page
    .getByText(`Saved. New ${year} reports and regenerations use this structure.`)
    .waitFor();
  await page.getByText(`Saved by editors for ${year} (version 1).`).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
}, 240_000);
