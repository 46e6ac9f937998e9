// Browser journey through the whole incident form: a reporter at Embassy Paris picks a
// recorded source, fills acts, a victim group whose nationality cites it and a perpetrator
// with a source-cited attribute, and the outcome; a reload before saving offers the unsaved
// form back; once saved, the draft saves itself as it is edited ("Saved at hh:mm"), shows the
// warning for coordinates far from the country, and a reload keeps what was saved; a save by
// someone else in between stops autosave with the conflict notice.
// Plus axe checks of the filled form, the form with errors in a repeated row and the edit page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser, signOut } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, arrangeTeam, browse, PASSWORD } from './team.ts';

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

const byId = (page: Page, path: string) =>
  page.locator(`#field-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`);
const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name });

describe('incident form', () => {
  it('records acts, victims and a perpetrator with a cited attribute; keeps, restores and autosaves', async () => {
    const team = await arrangeTeam(server, 'form');
    const api = await apiSession(server, team.reporter, PASSWORD);
    const source = await api.call<{ id: string }>('POST', '/api/sources', {
      type: 'police_statement',
      publisher: 'Préfecture du Pas-de-Calais',
      title: 'Harbour robbery statement',
      reliability: 'B',
    });
    const found: { [page: string]: string[] } = {};
    const page = await browse(browser, contexts, server, team.reporter);
    await page.goto(`${server.baseUrl}/incidents/new`);
    await heading(page, 'New incident').waitFor();

    await field(page, 'Title').fill('Migrants robbed at the Calais ferry terminal');
    await field(page, 'Narrative').fill('Armed men robbed twelve migrants at the terminal.');
    await page.locator('label[for="category-abuse_in_transit"]').click();
    await field(page, 'Occurred from').fill('2026-03-14');
    await field(page, 'Place').fill('Calais');

    // The source picker: find the recorded source, grade it and link it.
    await field(page, 'Search sources').fill('harbour robbery');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Harbour robbery statement' }).click();
    await field(page, 'Credibility of the information').selectOption('2');
    await field(page, 'Supporting excerpt').fill('Twelve migrants were robbed by three men.');
    await page.getByRole('button', { name: 'Link this source' }).click();
    await page
      .getByTestId('form-sources')
      .getByText(/^Harbour robbery statement \(/)
      .waitFor();

    await page.getByRole('button', { name: 'Add an act' }).click();
    await byId(page, 'acts.0.act').fill('robbery');
    await byId(page, 'acts.0.victimCount').fill('12');

    await page.getByRole('button', { name: 'Add a victim group' }).click();
    await byId(page, 'victims.0.sex').selectOption('male');
    await byId(page, 'victims.0.ageBand').selectOption('18-25');
    await byId(page, 'victims.0.count').fill('12');
    await byId(page, 'victims.0.nationality').selectOption({ label: 'Eritrea' });
    await byId(page, 'victims.0.nationalitySourceId').selectOption(source.id);

    await page.getByRole('button', { name: 'Add a perpetrator' }).click();
    await byId(page, 'perpetrators.0.type').selectOption('criminal_network');
    await byId(page, 'perpetrators.0.count').fill('3');
    await page.getByRole('button', { name: 'Add a cited attribute to perpetrator 1' }).click();
    await byId(page, 'perpetrators.0.attributes.0.attribute').fill('nationality');
    await byId(page, 'perpetrators.0.attributes.0.value').fill('stated as British');
    // Not yet cited: the form says so beside the field, before anything is sent.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('problem').waitFor();
    await expect(
      byId(page, 'perpetrators.0.attributes.0.sourceId').getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expect(page.getByTestId('problem').textContent()).resolves.toContain(
      'cite the source that states it',
    );
    found['form with an error in a repeated row'] = await accessibilityViolations(page);
    await byId(page, 'perpetrators.0.attributes.0.sourceId').selectOption(source.id);

    await field(page, 'Reported to the police').selectOption('yes');
    await field(page, 'Arrests').fill('2');
    await field(page, 'Tags').fill('harbour, armed');
    await page
      .getByTestId('save-status')
      .getByText(/^Kept in this tab at \d\d:\d\d/)
      .waitFor();
    found['filled form'] = await accessibilityViolations(page);
    // The unsaved copy lives in this tab's session storage, never in localStorage.
    const keptKeys = () =>
      page.evaluate(() => ({
        local: Object.keys(localStorage).filter((k) => k.startsWith('rapporteur.')),
        session: Object.keys(sessionStorage).filter((k) => k.startsWith('rapporteur.')),
      }));
    await expect(keptKeys()).resolves.toMatchObject({ local: [], session: [expect.any(String)] });

    // Leaving before saving: the form is offered back.
    await page.reload();
    await page.getByTestId('restore-offer').waitFor();
    found['restore offer'] = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Restore it' }).click();
    await expect(field(page, 'Title').inputValue()).resolves.toBe(
      'Migrants robbed at the Calais ferry terminal',
    );
    await expect(byId(page, 'perpetrators.0.attributes.0.sourceId').inputValue()).resolves.toBe(
      source.id,
    );

    await page.getByRole('button', { name: 'Save draft' }).click();
    await heading(page, /Migrants robbed at the Calais ferry terminal/).waitFor();
    const id = page.url().split('/').pop()!;
    const saved = await api.call<{
      acts: unknown[];
      victims: unknown[];
      perpetrators: unknown[];
      outcome: unknown;
      tags: string[];
      sources: { credibility: number }[];
    }>('GET', `/api/incidents/${id}`);
    expect(saved.acts).toEqual([{ act: 'robbery', victimCount: 12, description: null }]);
    expect(saved.victims).toEqual([
      {
        sex: 'male',
        ageBand: '18-25',
        count: 12,
        nationality: 'ER',
        nationalitySourceId: source.id,
      },
    ]);
    expect(saved.perpetrators).toEqual([
      {
        type: 'criminal_network',
        count: 3,
        description: null,
        attributes: [
          {
            attribute: 'nationality',
            value: 'stated as British',
            sourceId: source.id,
            excerpt: null,
          },
        ],
      },
    ]);
    expect(saved.outcome).toMatchObject({ reportedToPolice: true, arrests: 2 });
    expect(saved.tags).toEqual(['harbour', 'armed']);
    expect(saved.sources.map((s) => s.credibility)).toEqual([2]);

    // A saved draft saves itself while it is edited.
    await page.getByRole('link', { name: 'Edit incident' }).click();
    await heading(page, /^Edit INC-/).waitFor();
    await expect(byId(page, 'acts.0.act').inputValue()).resolves.toBe('robbery');
    await field(page, 'Narrative').fill('Three armed men robbed twelve migrants at the terminal.');
    // Coordinates in South Africa for a French incident: saved, with a warning.
    await field(page, 'Latitude').fill('-33.9');
    await field(page, 'Longitude').fill('18.4');
    await page
      .getByTestId('save-status')
      .getByText(/^Saved at \d\d:\d\d\.$/)
      .waitFor();
    await expect(page.getByTestId('form-warnings').textContent()).resolves.toMatch(
      /km from France/,
    );
    found['edit page after autosave'] = await accessibilityViolations(page);

    await page.reload();
    await heading(page, /^Edit INC-/).waitFor();
    await expect(field(page, 'Narrative').inputValue()).resolves.toBe(
      'Three armed men robbed twelve migrants at the terminal.',
    );
    await expect(field(page, 'Latitude').inputValue()).resolves.toBe('-33.9');
    await expect(byId(page, 'victims.0.count').inputValue()).resolves.toBe('12');

    // Someone else saves in between: autosave stops with the conflict notice, nothing is overwritten.
    const approver = await apiSession(server, team.approver, PASSWORD);
    const current = await approver.call<{ version: number }>('GET', `/api/incidents/${id}`);
    await approver.call('PATCH', `/api/incidents/${id}`, {
      version: current.version,
      title: 'Migrants robbed at the Calais ferry terminal (approver)',
    });
    await field(page, 'Title').fill('Migrants robbed at Calais');
    await page
      .getByText('This record was changed by someone else while you were editing it.')
      .waitFor();
    await expect(page.getByTestId('save-status').textContent()).resolves.toBe(
      'Not saved: someone else changed this record.',
    );
    const after = await approver.call<{ title: string }>('GET', `/api/incidents/${id}`);
    expect(after.title).toBe('Migrants robbed at the Calais ferry terminal (approver)');

    // A new, unsaved form is kept in the tab until sign-out, which removes it.
    await page.goto(`${server.baseUrl}/incidents/new`);
    await field(page, 'Title').fill('Unsaved notes on a shared workstation');
    await page
      .getByTestId('save-status')
      .getByText(/^Kept in this tab at/)
      .waitFor();
    await expect(keptKeys()).resolves.toMatchObject({ session: [expect.any(String)] });
    await signOut(page);
    await expect(keptKeys()).resolves.toEqual({ local: [], session: [] });
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 240_000);
});
