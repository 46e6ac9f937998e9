// Browser journeys: an editor imports an official table through the wizard — a file with a
// deliberate error first (the row error is shown and nothing can be imported), then the clean
// file, watched to completion — and an analyst opens the dashboard. Axe checks on each page.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../shared/datasets');
const PASSWORD = 'statistics-journey-password-1';

let server: TestServer;
let browser: Browser;
let dir: string;
const contexts: BrowserContext[] = [];

async function createUser(username: string, role: 'editor' | 'analyst') {
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: server.adminUsername, password: server.adminPassword }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await login.json()) as { user: { csrfToken: string } };
  const res = await fetch(`${server.baseUrl}/api/admin/users`, {
    method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': user.csrfToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      username,
      displayName: `Test ${role}`,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [{ role }],
    }),
  });
  if (!res.ok) throw new Error(`creating ${username} failed: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-e2e-stats-'));
  await createUser('stats.editor', 'editor');
  await createUser('stats.analyst', 'analyst');
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('statistics in the browser', () => {
  it('the import wizard shows a deliberate error, then imports the clean file with progress', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'stats.editor', PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${server.baseUrl}/statistics`);
    await page
      .getByRole('heading', { level: 1, name: 'Official statistics' })
      .waitFor()
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${(await page.locator('body').innerText()).slice(0, 800)}`);
      });

    const clean = path.join(DATASETS, 'uk_nrm_duty_to_notify_2023q4.csv');
    const broken = path.join(dir, 'duty_to_notify_broken.csv');
    await writeFile(
      broken,
      (await readFile(clean, 'utf8')).replace('Afghan Italian,1', 'Afghan Italian,one'),
    );

    await field(page, 'Mapping').selectOption('uk-nrm-duty-to-notify');
    await page.setInputFiles('#stats-file', broken);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('#stats-progress').waitFor();
    const errors = page.getByRole('table', { name: 'Row errors' });
    await errors.waitFor({ timeout: 60_000 });
    await expect(errors.getByRole('row').nth(1).textContent()).resolves.toMatch(
      /3\s*Total\s*"one" is not a number/,
    );
    await expect(page.getByRole('button', { name: /^Import \d/ }).count()).resolves.toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.setInputFiles('#stats-file', clean);
    await page.getByRole('button', { name: 'Check the file' }).click();
    const importButton = page.getByRole('button', { name: 'Import 99 observations' });
    await importButton.waitFor({ timeout: 60_000 });
    await importButton.click();
    await page.getByRole('heading', { level: 3, name: 'Imported' }).waitFor({ timeout: 60_000 });
    await page.getByRole('rowheader', { name: /duty to notify reports by nationality/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 240_000);

  it('the dashboard shows counts with their notes, exports, chart and map', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'stats.analyst', PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${server.baseUrl}/analytics`);
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    await page.getByRole('link', { name: 'CSV' }).waitFor();
    await page.getByRole('img', { name: /Map of verified incidents by country/ }).waitFor();
    await field(page, 'Colour countries by').selectOption('rate');
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 120_000);
});
