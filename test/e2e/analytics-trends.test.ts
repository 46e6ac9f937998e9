// Browser journey: an analyst views a trend of an official series per 100,000 with its band and
// the table behind the chart (and downloads it as PNG through the link beside the SVG one), asks for a comparison of two citizenship groups that is refused
// (no population of either group: the reason names it), then compares the two countries, which
// is shown with both rates and the rate ratio. Axe checks on each state. The table is Eurostat's
// migr_asyappctza totals, imported over the API first.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../shared/datasets');
const PASSWORD = 'trends-journey-password-1';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function login(username: string, password: string) {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await res.json()) as { user: { csrfToken: string } };
  return { Cookie: cookie, 'X-CSRF-Token': user.csrfToken };
}

async function createUser(username: string, role: 'editor' | 'analyst') {
  const admin = await login(server.adminUsername, server.adminPassword);
  const res = await fetch(`${server.baseUrl}/api/admin/users`, {
    method: 'POST',
    headers: { ...admin, 'Content-Type': 'application/json' },
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

async function importAsylumTotals() {
  const editor = await login('trends.editor', PASSWORD);
  const file = 'eurostat_migr_asyappctza_2008_2016_totals.csv';
  const start = await fetch(
    `${server.baseUrl}/api/statistics/imports?mapping=eurostat-migr-asyappctza-totals&fileName=${file}`,
    {
      method: 'POST',
      headers: { ...editor, 'Content-Type': 'text/csv' },
      body: await readFile(path.join(DATASETS, file)),
    },
  );
  if (start.status !== 202) throw new Error(`import: ${start.status} ${await start.text()}`);
  const { id } = (await start.json()) as { id: string };
  const until = async (states: string[]) => {
    for (let i = 0; i < 1200; i++) {
      const r = (await (
        await fetch(`${server.baseUrl}/api/statistics/imports/${id}`, { headers: editor })
      ).json()) as { status: string };
      if (states.includes(r.status)) return r.status;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the import did not finish');
  };
  expect(await until(['previewed', 'failed'])).toBe('previewed');
  await fetch(`${server.baseUrl}/api/statistics/imports/${id}/commit`, {
    method: 'POST',
    headers: editor,
  });
  expect(await until(['committed', 'failed'])).toBe('committed');
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await createUser('trends.editor', 'editor');
  await createUser('trends.analyst', 'analyst');
  await importAsylumTotals();
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('trends and comparisons in the browser', () => {
  it('a trend with its band and table, a refused comparison with its reason, then a shown one', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'trends.analyst', PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${server.baseUrl}/analytics`);
    await page.getByRole('heading', { level: 2, name: 'Trend with its 95% interval' }).waitFor();

    // The trend: asylum applicants in France per 100,000 residents, by year.
    await field(page, 'Trend of').selectOption('series');
    await field(page, 'Country (ISO code, e.g. FR)').fill('FR');
    await page.locator('#trend-dataset').fill('eurostat-migr-asyappctza-totals');
    await page.locator('#trend-indicator').fill('Asylum applicant');
    await page.getByRole('button', { name: 'Show trend' }).click();
    const table = page.getByRole('table', {
      name: /Asylum applicant per 100,000 population: France/,
    });
    await table.waitFor({ timeout: 30_000 });
    // A header row and the years 2008 to 2016.
    expect(await table.getByRole('row').count()).toBe(1 + 9);
    const row2015 = table.getByRole('row', { name: /^2015/ });
    await expect(row2015.textContent()).resolves.toMatch(/population of France, 2015, World Bank/);
    await expect(row2015.getByRole('link').getAttribute('href')).resolves.toMatch(
      /^\/api\/analytics\/observations\/\d+$/,
    );
    await page.getByRole('img', { name: /Line chart: Asylum applicant per 100,000/ }).waitFor();
    await page.getByRole('link', { name: 'trend CSV' }).waitFor();
    // The PNG link beside the SVG one gives the chart as a PNG image, with the page's session.
    const pngHref = await page.getByRole('link', { name: 'trend PNG chart' }).getAttribute('href');
    expect(pngHref).toMatch(/^\/api\/analytics\/trends\/series\.png\?/);
    const png = await page.request.get(`${server.baseUrl}${pngHref}`);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    expect((await png.body()).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    // Two citizenship groups: no table gives their populations, so no comparison.
    await field(page, 'Compare').selectOption('series');
    await field(page, 'Year').fill('2015');
    await field(page, 'First country (ISO code)').fill('FR');
    await field(page, 'Second country (ISO code)').fill('IT');
    await page.locator('#compare-dataset').fill('eurostat-migr-asyappctza-totals');
    await page.locator('#compare-indicator').fill('Asylum applicant');
    await page.locator('#compare-dimension').fill('Citizenship');
    await page.locator('#compare-aGroup').fill('Extra-EU-28');
    await page.locator('#compare-bGroup').fill('Extra-EU-28');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const refusal = page.getByRole('heading', { level: 3, name: 'Comparison not shown' });
    await refusal.waitFor({ timeout: 30_000 });
    await expect(page.locator('.usa-alert--warning').textContent()).resolves.toMatch(
      /there is no population of France with Citizenship "Extra-EU-28" for 2015 in any imported population table/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    // The two countries over their whole populations: shown, with the rate ratio.
    await page.locator('#compare-dimension').fill('');
    await page.locator('#compare-aGroup').fill('');
    await page.locator('#compare-bGroup').fill('');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: 'Rate ratio' }).waitFor({ timeout: 30_000 });
    await expect(refusal.count()).resolves.toBe(0);
    const sides = page.getByRole('table', { name: /2015: the two groups/ });
    await expect(sides.getByRole('row', { name: /^France/ }).textContent()).resolves.toMatch(
      /population of France, 2015, World Bank.*95% CI/,
    );
    await expect(page.locator('.usa-alert--info').textContent()).resolves.toMatch(
      /France against Italy, 2015: [\d.]+ \(95% CI [\d.]+ – [\d.]+\)/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 240_000);
});
