// Browser journey: a reporter at Embassy Paris records a court decision through the form,
// then compares the sentences of two defendant groups (in the words of the sources) among
// comparable trafficking cases. With a handful of cases the page refuses to state a
// difference and says why; once each side has thirty custodial sentences it states the
// difference of medians with its interval and n, shows the distributions side by side, and
// sets two single cases side by side as a case illustration, labelled as no statistic. The
// confounders are listed throughout. Axe checks on each view.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, arrangeTeam, browse, PASSWORD, type ApiSession, type Team } from './team.ts';

const FOREIGN = 'ressortissants étrangers';
const FRENCH = 'ressortissants français';

let server: TestServer;
let browser: Browser;
let team: Team;
let reporterApi: ApiSession;
let sourceId: string;
const contexts: BrowserContext[] = [];

const recordCase = (group: string, months: number, decidedOn = '2024-06-01') =>
  reporterApi.call('POST', '/api/justice/outcomes', {
    postId: team.postId,
    courtLevel: 'first_instance',
    decidedOn,
    offenceClass: '0204',
    defendantGroup: group,
    sourceId,
    outcome: 'conviction',
    sentenceType: 'custodial',
    sentenceMonths: months,
  });

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  team = await arrangeTeam(server, 'jus');
  reporterApi = await apiSession(server, team.reporter, PASSWORD);
  ({ id: sourceId } = await reporterApi.call<{ id: string }>('POST', '/api/sources', {
    type: 'court_record',
    publisher: 'Tribunal correctionnel de Paris',
    title: 'Jugements en matière de traite, 2024',
    reliability: 'A',
  }));
  for (const m of [48, 60, 72]) await recordCase(FOREIGN, m);
  for (const m of [24, 36, 48]) await recordCase(FRENCH, m);
  // Another year: not comparable, never counted.
  await recordCase(FRENCH, 600, '2022-06-01');
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

it('records a decision, refuses a comparison of too few cases, then states one with its interval', async () => {
  const page = await browse(browser, contexts, server, team.reporter);
  await page.getByRole('link', { name: 'Sentencing comparison', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Justice outcomes' }).waitFor();
  expect(await page.getByRole('table').textContent()).toContain(`“${FOREIGN}”`);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Record a court decision' }).click();
  await page.getByRole('heading', { level: 1, name: 'Record a court decision' }).waitFor();
  await field(page, 'Court level').selectOption('first_instance');
  await field(page, 'Decision date').fill('2024-09-15');
  await field(page, 'Offence class (ICCS)').selectOption('0204');
  await field(page, 'Source').selectOption(sourceId);
  await field(page, 'Defendant group, as the source states it').fill(FOREIGN);
  await field(page, 'Outcome').selectOption('conviction');
  await field(page, 'Sentence type').selectOption('custodial');
  await field(page, 'Sentence length (months)').fill('60');
  await field(page, 'Aggravating factors the court stated').fill('victim under 18');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Save decision' }).click();
  await page
    .getByRole('heading', { level: 1, name: 'First instance (trial court), 2024-09-15' })
    .waitFor();
  expect(await page.locator('dl').textContent()).toContain('Custodial (prison), 60 months');
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Back to justice outcomes' }).click();
  await page.getByRole('link', { name: 'Compare sentences' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sentencing comparison' }).waitFor();
  const confounders = page.getByTestId('confounders');
  expect(await confounders.textContent()).toContain('Prior criminal record');
  expect(await confounders.textContent()).toContain('Legal representation');
  await field(page, 'Offence class (ICCS)').selectOption('0204');
  await field(page, 'Jurisdiction (country)').selectOption('FR');
  await field(page, 'Decided from').fill('2024-01-01');
  await field(page, 'Decided until').fill('2024-12-31');
  await page.locator(`#field-groupA option[value="${FOREIGN}"]`).waitFor({ state: 'attached' });
  await field(page, 'First defendant group').selectOption(FOREIGN);
  await field(page, 'Second defendant group').selectOption(FRENCH);
  await page.getByRole('button', { name: 'Compare' }).click();

  const refusal = page.getByTestId('refusal');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain(
    `"${FOREIGN}" has 4 and "${FRENCH}" 3 custodial sentences`,
  );
  expect(await refusal.textContent()).toContain('at least 30');
  expect(await page.getByTestId('median-difference').count()).toBe(0);
  expect(await page.getByTestId('distributions').count()).toBe(0);
  const counts = page.getByRole('table', { name: /Cases and outcomes/ });
  expect(await counts.textContent()).toContain('4 of 4 (100%)');
  // Every figure leads to the records it was computed from.
  await counts.getByText(`4 records of “${FOREIGN}”`).click();
  expect(await counts.getByRole('link', { name: /^Case \d$/ }).count()).toBe(4);
  expect(await page.getByTestId('measure').textContent()).toContain(
    'over convictions with a custodial sentence only',
  );
  expect(await accessibilityViolations(page)).toEqual([]);

  // Thirty more custodial sentences on each side.
  for (let i = 0; i < 30; i++) {
    await recordCase(FOREIGN, 36 + i);
    await recordCase(FRENCH, 24 + i);
  }
  await page.getByRole('button', { name: 'Compare' }).click();
  const figure = page.getByTestId('median-difference');
  await figure.waitFor();
  const statement = (await figure.textContent()) ?? '';
  expect(statement).toMatch(
    new RegExp(
      `“${FOREIGN}” is [\\d.]+ months longer than that of “${FRENCH}” \\(95% bootstrap interval`,
    ),
  );
  expect(statement).toContain('n = 34 and 33');
  expect(statement).toContain('seed 20260101');
  expect(await page.getByTestId('refusal').count()).toBe(0);
  const distributions = page.getByTestId('distributions');
  expect(await distributions.textContent()).toContain(`“${FOREIGN}” (n = 34)`);
  expect(await distributions.textContent()).toContain('Median');
  expect(await accessibilityViolations(page)).toEqual([]);

  const illustration = page.getByTestId('case-illustration');
  expect(await illustration.textContent()).toContain('Two individual cases, not a statistic');
  await field(page, `A case of “${FOREIGN}”`).selectOption({
    label: '2024-09-15: Custodial (prison), 60 months',
  });
  const other = field(page, `A case of “${FRENCH}”`);
  await other.locator('option').nth(1).waitFor({ state: 'attached' });
  await other.selectOption({ index: 1 });
  const pair = page.getByRole('table', { name: /^Case illustration/ });
  await pair.waitFor();
  expect(await pair.textContent()).toContain('victim under 18');
  expect(await accessibilityViolations(page)).toEqual([]);
}, 300_000);
