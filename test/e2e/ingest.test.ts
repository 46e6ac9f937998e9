// Browser journey through text ingestion: a reporter at Embassy Athens pastes a news report,
// reviews the proposed incident with the keyboard alone (j/k to move, a to accept, e to edit,
// d to discard), creates the draft incident and finds it among the incidents. Accessibility
// (WCAG 2.1 AA) of the paste form and of the review page.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createReporter, findEmbassy } from './arrange.ts';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;
const PASSWORD = 'ingest-journey-password-1';

const ARTICLE = `Migrants drown off Lesbos
ATHENS, 14 March 2026 — The Hellenic Coast Guard said on Monday that 34 migrants drowned when a smugglers' boat capsized off Lesbos. Three suspected smugglers were arrested.`;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('pastes an article, reviews it with the keyboard and creates a draft incident', async () => {
  const athens = await findEmbassy(server, 'Greece');
  await createReporter(server, 'ingest.reporter', PASSWORD, athens.id);
  context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, server.baseUrl, 'ingest.reporter', PASSWORD);
  await page.getByRole('link', { name: 'Read texts in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Read texts in' }).waitFor();
  await field(page, 'Post').selectOption(String(athens.id));
  await field(page, 'Publisher (when the text does not say)').fill('Example Wire');
  await field(page, 'Text').fill(ARTICLE);
  expect((await accessibilityViolations(page)).join('\n')).toBe('');
  await page.getByRole('button', { name: 'Read in and propose records' }).click();

  await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
  await expect.poll(() => page.locator('mark').count()).toBeGreaterThan(3);
  expect((await accessibilityViolations(page)).join('\n')).toBe('');

  // The source proposal's fields come first; j moves on to the incident's title.
  const incident = page.locator('section', {
    has: page.getByRole('heading', { name: /Candidate incident/ }),
  });
  const currentInIncident = incident.locator('li[aria-current="true"]');
  for (let i = 0; i < 20; i++) {
    const text = (await currentInIncident.count()) ? await currentInIncident.textContent() : '';
    if (text?.startsWith('title')) break;
    await page.keyboard.press('j');
  }
  await page.keyboard.press('e');
  const edit = page.getByLabel('New value for title');
  await edit.fill('34 migrants drown off Lesbos');
  await edit.press('Enter');
  await expect
    .poll(() => incident.getByText('title: 34 migrants drown off Lesbos').count())
    .toBe(1);
  // Accept the rest of the incident's fields with a, discarding the place with d.
  for (let i = 0; i < 12; i++) {
    if (!(await currentInIncident.count())) break;
    const text = ((await currentInIncident.textContent()) ?? '').trim();
    if (!text || !text.includes('not decided')) break;
    await page.keyboard.press(text.startsWith('placeName') ? 'd' : 'a');
    await expect
      .poll(async () =>
        ((await incident.locator('li[aria-current="true"]').textContent()) ?? '').trim(),
      )
      .not.toBe(text);
  }
  await page.getByRole('button', { name: 'Create draft incident from accepted fields' }).click();
  await page.getByRole('link', { name: 'Open the draft incident' }).click();
  await page.getByRole('heading', { level: 1, name: /34 migrants drown off Lesbos/ }).waitFor();
  await expect.poll(() => page.getByText(/draft/i).count()).toBeGreaterThan(0);
}, 120_000);
