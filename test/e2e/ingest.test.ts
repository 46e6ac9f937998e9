// Browser journey through text ingestion: a reporter at Embassy Athens pastes a news report,
// reviews the proposed incident with the keyboard alone (j/k to move, a to accept, e to edit,
// d to discard), creates the draft incident and finds it among the incidents; then pastes a
// briefing on a démarche, reviews the proposed engagement with the keyboard (n to reach it, c
// to create it), opens the draft engagement and confirms it; and sees why a directive read in
// is not theirs to create. Accessibility (WCAG 2.1 AA) of the paste form, the review page with
// an available and an unavailable record, and the draft engagement.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createReporter, findEmbassy } from './arrange.ts';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;
const PASSWORD = 'ingest-journey-password-1';
let athens: Awaited<ReturnType<typeof findEmbassy>>;

const ARTICLE = `Migrants drown off Lesbos
ATHENS, 14 March 2026 — The Hellenic Coast Guard said on Monday that 34 migrants drowned when a smugglers' boat capsized off Lesbos. Three suspected smugglers were arrested.`;

// Written for these tests (synthetic events).
const BRIEFING = `Ambassador raises pushbacks with Athens
ATHENS, 10 March 2026 — Our ambassador conveyed concerns to the Greek Ministry of Migration and Asylum on Tuesday about pushbacks of asylum seekers at the Evros border. The ministry said it would look into the reports.`;
const DIRECTIVE = `Reporting instruction on pushbacks at external borders
BRUSSELS, 2 February 2026 — The Directorate for Migration Affairs instructs all posts in Greece, Italy and Spain to report on pushbacks covering the period from 1 January to 30 June 2026. Posts are asked to submit their reports by 15 July 2026.`;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  athens = await findEmbassy(server, 'Greece');
  await createReporter(server, 'ingest.reporter', PASSWORD, athens.id);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('pastes an article, reviews it with the keyboard and creates a draft incident', async () => {
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

/** The text of the elements that describe an element (its aria-describedby). */
async function describedBy(page: Page, element: Locator): Promise<string> {
  const ids = ((await element.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

async function paste(page: Page, text: string) {
  await page.getByRole('link', { name: 'Read texts in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Read texts in' }).waitFor();
  await field(page, 'Post').selectOption(String(athens.id));
  await field(page, 'Text').fill(text);
  await page.getByRole('button', { name: 'Read in and propose records' }).click();
  await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
}

it('reviews a proposed engagement with the keyboard into a draft engagement, and shows why a directive is not the reporter’s to create', async () => {
  await context?.close();
  context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, server.baseUrl, 'ingest.reporter', PASSWORD);
  await paste(page, BRIEFING);

  // n moves from record to record until the current field is the engagement's.
  const engagement = page.locator('section', {
    has: page.getByRole('heading', { name: /Candidate engagement/ }),
  });
  const current = engagement.locator('li[aria-current="true"]');
  for (let i = 0; i < 5 && !(await current.count()); i++) await page.keyboard.press('n');
  await expect.poll(() => current.textContent()).toMatch(/^post: EMB-GR/);

  // Accept every field with a; the counterpart's level is edited with e (a minister).
  for (let i = 0; i < 12; i++) {
    if (!(await current.count())) break;
    const text = ((await current.textContent()) ?? '').trim();
    if (!text.includes('not decided')) break;
    if (text.startsWith('counterpartLevel')) {
      await page.keyboard.press('e');
      const edit = page.getByLabel('New value for counterpartLevel');
      expect(await describedBy(page, edit)).toMatch(/minister \(Minister\)/);
      await edit.fill('minister');
      await edit.press('Enter');
      await expect.poll(() => engagement.getByText('counterpartLevel: minister').count()).toBe(1);
    } else {
      await page.keyboard.press('a');
      await expect.poll(async () => ((await current.textContent()) ?? '').trim()).not.toBe(text);
    }
  }
  for (let i = 0; i < 12 && !(await current.count()); i++) await page.keyboard.press('k');
  expect((await accessibilityViolations(page)).join('\n')).toBe('');
  await page.keyboard.press('c');
  await page.getByRole('link', { name: 'Open the draft engagement' }).click();
  await page
    .getByRole('heading', { level: 1, name: /Ministry of Migration and Asylum, 2026-03-10/ })
    .waitFor();
  await page.getByRole('heading', { level: 2, name: 'Draft' }).waitFor();
  await expect
    .poll(() => page.getByText('Ambassador raises pushbacks with Athens').count())
    .toBe(1);
  expect((await accessibilityViolations(page)).join('\n')).toBe('');
  await page.getByRole('button', { name: 'Confirm and log this engagement' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Draft' }).count()).toBe(0);

  // A directive read in: the reporter reviews it but only an editor may create it, and is told so.
  await paste(page, DIRECTIVE);
  const directive = page.locator('section', {
    has: page.getByRole('heading', { name: /Candidate directive/ }),
  });
  expect(await directive.getByText(/needs the directive.write permission/).isVisible()).toBe(true);
  const create = directive.getByRole('button', {
    name: 'Create draft directive from accepted fields',
  });
  expect(await create.isDisabled()).toBe(true);
  expect(await describedBy(page, create)).toMatch(/directive.write/);
  for (let i = 0; i < 5 && !(await directive.locator('li[aria-current="true"]').count()); i++)
    await page.keyboard.press('n');
  await page.keyboard.press('c');
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /directive.write/ })
        .count(),
    )
    .toBe(1);
  expect((await accessibilityViolations(page)).join('\n')).toBe('');
}, 120_000);
