// Browser journeys through incidents: a reporter at Embassy Paris records an incident with a
// source, the post's approver submits it, a reviewer of Europe returns it with a comment, the
// reporter fixes it, the approver resubmits and the reviewer verifies. Plus accessibility
// (WCAG 2.1 AA) of the list, the form (with and without errors), an incident and the queue.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { apiSession as teamApiSession, arrangeTeam as teamArrangeTeam, PASSWORD } from './team.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

/** Signs in through the API and calls it with the session's CSRF token, as the web app does. */
const apiSession = (username: string, password: string) =>
  teamApiSession(server, username, password);

/** A reporter and an approver at Embassy Paris and a reviewer of Europe and Eurasia. */
const arrangeTeam = (suffix: string) => teamArrangeTeam(server, suffix);

/** A fresh browser context signed in as the user, on the home page. */
async function as(username: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return page;
}

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name });
const status = (page: Page) => page.getByTestId('status').first();
const settled = (page: Page) => page.getByText(/^Loading /).waitFor({ state: 'detached' });

async function fillNewIncident(page: Page, title: string): Promise<void> {
  await field(page, 'Title').fill(title);
  await field(page, 'Narrative').fill('A group of migrants was robbed near the harbour.');
  await page.locator('label[for="category-abuse_in_transit"]').click();
  await field(page, 'Occurred from').fill('2026-03-14');
  await field(page, 'Place').fill('Calais');
  await field(page, 'Migration route').selectOption('english_channel');
}

async function addSource(page: Page, title: string): Promise<void> {
  await field(page, 'Publisher').fill('La Voix du Nord');
  await field(page, 'Source title').fill(title);
  await field(page, 'URL').fill('https://example.org/article');
  await field(page, 'Reliability').selectOption('B');
  await field(page, 'Credibility').selectOption('2');
  await field(page, 'Excerpt').fill('Witnesses described the robbery at the harbour.');
  await page.getByRole('button', { name: 'Add and link source' }).click();
  await page.getByTestId('linked-sources').getByText(title).waitFor();
}

describe('incidents', () => {
  it('report → submit → return → fix → resubmit → verify, by four people', async () => {
    const team = await arrangeTeam('story');

    const reporter = await as(team.reporter);
    await reporter
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Incidents' })
      .click();
    await heading(reporter, 'Incidents').waitFor();
    await reporter.getByRole('link', { name: 'New incident' }).click();
    await heading(reporter, 'New incident').waitFor();
    await fillNewIncident(reporter, 'Robbery at Calais harbour');
    await reporter.getByRole('button', { name: 'Save draft' }).click();
    await heading(reporter, /Robbery at Calais harbour/).waitFor();
    await expect(status(reporter).textContent()).resolves.toBe('Draft');
    await addSource(reporter, 'Migrants robbed at the harbour');
    await expect(reporter.getByTestId('linked-sources').textContent()).resolves.toContain(
      'Credibility 2',
    );
    await expect(reporter.getByRole('button', { name: 'Submit for review' }).count()).resolves.toBe(
      0,
    );
    const incidentUrl = reporter.url();

    const approver = await as(team.approver);
    await approver.goto(incidentUrl);
    await approver.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => status(approver).textContent()).toBe('Submitted');
    await expect(approver.getByRole('button', { name: 'Verify' }).count()).resolves.toBe(0);

    const reviewer = await as(team.reviewer);
    await reviewer.getByRole('link', { name: 'Review queue' }).click();
    await heading(reviewer, 'Review queue').waitFor();
    const row = reviewer.getByRole('row').filter({ hasText: 'Robbery at Calais harbour' });
    await row.getByRole('link').click();
    await heading(reviewer, /Robbery at Calais harbour/).waitFor();
    await field(reviewer, 'Review comment').fill('Please give the exact place in the title.');
    await reviewer.getByRole('button', { name: 'Return with comment' }).click();
    await expect.poll(() => status(reviewer).textContent()).toBe('Returned');

    await reporter.reload();
    await heading(reporter, /Robbery at Calais harbour/).waitFor();
    await expect(reporter.getByTestId('comments').textContent()).resolves.toContain(
      'Please give the exact place in the title.',
    );
    await reporter.getByRole('link', { name: 'Edit incident' }).click();
    await heading(reporter, /^Edit INC-/).waitFor();
    await field(reporter, 'Title').fill('Robbery at the Calais ferry terminal');
    await reporter.getByRole('button', { name: 'Save changes' }).click();
    await heading(reporter, /Robbery at the Calais ferry terminal/).waitFor();
    await expect(
      reporter.getByRole('table', { name: /Changes to this incident/ }).textContent(),
    ).resolves.toContain('Robbery at Calais harbour → Robbery at the Calais ferry terminal');

    await approver.reload();
    await heading(approver, /Robbery at the Calais ferry terminal/).waitFor();
    await approver.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => status(approver).textContent()).toBe('Submitted');

    await reviewer.reload();
    await heading(reviewer, /Robbery at the Calais ferry terminal/).waitFor();
    await reviewer.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => status(reviewer).textContent()).toBe('Verified');

    await reporter.goto(`${server.baseUrl}/incidents`);
    await heading(reporter, 'Incidents').waitFor();
    const listed = reporter
      .getByRole('row')
      .filter({ hasText: 'Robbery at the Calais ferry terminal' });
    await expect(listed.getByTestId('status').textContent()).resolves.toBe('Verified');
  }, 120_000);

  it('has no WCAG 2.1 AA violations on the list, the form, an incident and the review queue', async () => {
    const team = await arrangeTeam('axe');
    const found: Record<string, string[]> = {};
    const reporter = await as(team.reporter);

    await reporter.goto(`${server.baseUrl}/incidents/new`);
    await heading(reporter, 'New incident').waitFor();
    await settled(reporter);
    found['new incident'] = await accessibilityViolations(reporter);

    await reporter.getByRole('button', { name: 'Save draft' }).click();
    await reporter.getByTestId('problem').waitFor();
    await expect(field(reporter, 'Title').getAttribute('aria-invalid')).resolves.toBe('true');
    found['new incident with errors'] = await accessibilityViolations(reporter);

    await fillNewIncident(reporter, 'Checked for accessibility');
    await reporter.getByRole('button', { name: 'Save draft' }).click();
    await heading(reporter, /Checked for accessibility/).waitFor();
    await addSource(reporter, 'An accessible source');
    found['incident'] = await accessibilityViolations(reporter);
    const id = reporter.url().split('/').pop()!;

    await reporter.goto(`${server.baseUrl}/incidents`);
    await heading(reporter, 'Incidents').waitFor();
    await reporter.getByRole('row').filter({ hasText: 'Checked for accessibility' }).waitFor();
    found['incident list'] = await accessibilityViolations(reporter);

    const approver = await apiSession(team.approver, PASSWORD);
    const { version } = await approver.call<{ version: number }>('GET', `/api/incidents/${id}`);
    await approver.call('POST', `/api/incidents/${id}/submit`, { version });
    const reviewer = await as(team.reviewer);
    await reviewer.goto(`${server.baseUrl}/review`);
    await heading(reviewer, 'Review queue').waitFor();
    await reviewer.getByRole('row').filter({ hasText: 'Checked for accessibility' }).waitFor();
    found['review queue'] = await accessibilityViolations(reviewer);

    await reviewer
      .getByRole('row')
      .filter({ hasText: 'Checked for accessibility' })
      .getByRole('link')
      .click();
    await heading(reviewer, /Checked for accessibility/).waitFor();
    await reviewer.getByRole('button', { name: 'Reject' }).click();
    await reviewer.getByTestId('problem').waitFor();
    found['incident with a refused decision'] = await accessibilityViolations(reviewer);

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 120_000);
});
