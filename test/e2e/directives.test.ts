// Browser journey through a directive: an editor drafts a migration directive to the Europe
// region plus Canada, Australia and New Zealand and issues it; an officer at Embassy Paris
// sees it, links two incidents and an engagement and answers a question; the approver submits; the editor
// returns it; the post fixes and resubmits; the editor accepts. The post also links its
// démarche (an engagement). The compliance matrix shows each state, and every page passes the
// WCAG 2.1 AA checks.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEmbassy } from './arrange.ts';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { apiSession as teamApiSession } from './team.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const PASSWORD = 'directive-journey-password-1';

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
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return page;
}

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name });
const settled = (page: Page) => page.getByText(/^Loading /).waitFor({ state: 'detached' });

async function expectAccessible(page: Page) {
  await settled(page);
  expect(await accessibilityViolations(page)).toEqual([]);
}

async function complianceStatus(page: Page, directiveUrl: string, postCode: string) {
  await page.goto(`${directiveUrl}/compliance`);
  await heading(page, /^Compliance/).waitFor();
  return page.getByTestId(`compliance-${postCode}`).getByTestId('compliance-status').textContent();
}

describe('directives', () => {
  it('issue → link and answer → submit → return → fix → resubmit → accept, with the compliance matrix', async () => {
    const admin = await apiSession(server.adminUsername, server.adminPassword);
    const paris = await findEmbassy(server, 'France');
    const create = (username: string, role: object) =>
      admin('POST', '/api/admin/users', {
        username,
        displayName: `${username} (test)`,
        password: PASSWORD,
        mustChangePassword: false,
        roles: [role],
      });
    await create('editor.hq', { role: 'editor' });
    await create('rep.paris', { role: 'reporter', postId: paris.id });
    await create('appr.paris', { role: 'approver', postId: paris.id });
    const reporterApi = await apiSession('rep.paris', PASSWORD);
    for (const [title, category, day] of [
      ['Seasonal workers held in a farm camp', 'forced_labour', '2026-02-10'],
      ['Women trafficked through Lyon', 'trafficking', '2026-04-01'],
    ] as const)
      await reporterApi('POST', '/api/incidents', {
        postId: paris.id,
        title,
        categories: [category],
        occurredStart: day,
        datePrecision: 'day',
      });

    await reporterApi('POST', '/api/engagements', {
      postId: paris.id,
      occurredOn: '2026-03-03',
      kind: 'demarche',
      counterpartOffice: 'Interior Ministry',
      counterpartLevel: 'minister',
      topics: ['forced_labour'],
      concernsRaised: 'Seasonal workers held in a farm camp.',
    });

    // The editor drafts and issues the directive.
    const editor = await as('editor.hq');
    await editor
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Directives' })
      .click();
    await heading(editor, 'Directives').waitFor();
    await expectAccessible(editor);
    await editor.getByRole('link', { name: 'New directive' }).click();
    await heading(editor, 'New directive').waitFor();
    await settled(editor);
    await field(editor, 'Title').fill('Migration-related crimes, first half of 2026');
    await field(editor, 'Kind').selectOption('migration_reporting');
    await field(editor, 'Reporting period from').fill('2026-01-01');
    await field(editor, 'Reporting period to').fill('2026-06-30');
    await field(editor, 'Due date').fill('2099-12-31');
    await field(editor, 'Text (Markdown)').fill(
      '## Purpose\n\nDocument **migration-related** crimes and abuses, and engage the host government.',
    );
    await editor.getByText('Europe and Eurasia', { exact: true }).click();
    await field(editor, 'Countries (every post in the country)').selectOption(['CA', 'AU', 'NZ']);
    await editor.getByRole('button', { name: 'Add a requirement' }).click();
    await editor.locator('#req-0-title').fill('Trafficking and forced labour cases');
    await editor.locator('#req-0-kind').selectOption('incident');
    await editor.locator('#req-0-categories').selectOption(['trafficking', 'forced_labour']);
    await editor.getByRole('button', { name: 'Add a requirement' }).click();
    await editor.locator('#req-1-title').fill('Démarches to the host government');
    await editor.locator('#req-1-kind').selectOption('engagement');
    await editor.locator('#req-1-kinds').selectOption(['demarche']);
    await editor.getByRole('button', { name: 'Add a requirement' }).click();
    await editor.locator('#req-2-title').fill('What did the host government answer?');
    await expectAccessible(editor);
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await heading(editor, /Migration-related crimes/).waitFor();
    const posts = await editor.getByTestId('directive-posts').textContent();
    for (const name of [
      'Embassy Paris',
      'Embassy Berlin',
      'Embassy Ottawa',
      'Embassy Canberra',
      'Embassy Wellington',
    ])
      expect(posts).toContain(name);
    await editor.getByRole('button', { name: /^Issue to \d+ posts$/ }).click();
    await editor.getByText(/^Issued to \d+ posts\.$/).waitFor();
    await expect(editor.getByTestId('directive-status').textContent()).resolves.toBe('issued');
    await expect(editor.locator('.usa-prose strong').textContent()).resolves.toBe(
      'migration-related',
    );
    await expectAccessible(editor);
    const directiveUrl = editor.url();
    await expect(complianceStatus(editor, directiveUrl, 'EMB-FR')).resolves.toBe('Not started');
    await expect(
      editor.getByTestId('compliance-EMB-CA').getByTestId('compliance-status').textContent(),
    ).resolves.toBe('Not started');
    await expectAccessible(editor);

    // The Paris officer sees it, links both incidents and answers the question.
    const reporter = await as('rep.paris');
    await expect(reporter.getByTestId('unread-count').textContent()).resolves.toMatch(/unread/);
    await reporter
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Taskings' })
      .click();
    await heading(reporter, 'Taskings').waitFor();
    await expectAccessible(reporter);
    await reporter.getByRole('link', { name: /Migration-related crimes/ }).click();
    await heading(reporter, /Migration-related crimes/).waitFor();
    await settled(reporter);
    for (const title of ['Seasonal workers held in a farm camp', 'Women trafficked through Lyon']) {
      await reporter.getByRole('button', { name: new RegExp(`^Link .*${title}`) }).click();
      await reporter.getByRole('button', { name: new RegExp(`^Unlink .*${title}`) }).waitFor();
    }
    await expect(reporter.getByTestId('requirement-0').textContent()).resolves.toContain(
      '2 linked, 0 more matched',
    );
    await reporter.getByRole('button', { name: /^Link Démarche with Interior Ministry/ }).click();
    await reporter
      .getByRole('button', { name: /^Unlink Démarche with Interior Ministry/ })
      .waitFor();
    await field(reporter, 'Answer').fill('Raised the farm camp case with the Interior Ministry.');
    await reporter.getByRole('button', { name: 'Save answer to requirement 3' }).click();
    await reporter.getByText('Answer saved.').waitFor();
    await expect(reporter.getByTestId('tasking-status').textContent()).resolves.toBe('In progress');
    await expect(
      reporter.getByRole('button', { name: 'Submit to headquarters' }).count(),
    ).resolves.toBe(0);
    await expectAccessible(reporter);
    const taskingUrl = reporter.url();
    await expect(complianceStatus(editor, directiveUrl, 'EMB-FR')).resolves.toBe('In progress');

    // The approver submits.
    const approver = await as('appr.paris');
    await approver.goto(taskingUrl);
    await heading(approver, /Migration-related crimes/).waitFor();
    await approver.getByRole('button', { name: 'Submit to headquarters' }).click();
    await approver.getByText('Submitted to headquarters.').waitFor();
    await expect(approver.getByTestId('tasking-status').textContent()).resolves.toBe('Submitted');
    await expect(complianceStatus(editor, directiveUrl, 'EMB-FR')).resolves.toBe('Submitted');

    // The editor returns it with a comment.
    await editor.getByRole('link', { name: paris.name }).click();
    await heading(editor, /Migration-related crimes/).waitFor();
    await field(editor, 'Comment to the post').fill('Say what the ministry answered.');
    await expectAccessible(editor);
    await editor.getByRole('button', { name: 'Return to the post' }).click();
    await editor.getByText('Returned to the post.').waitFor();
    await expect(complianceStatus(editor, directiveUrl, 'EMB-FR')).resolves.toBe('Returned');

    // The post fixes its answer and the approver resubmits.
    await reporter.reload();
    await heading(reporter, /Migration-related crimes/).waitFor();
    await reporter.getByText('Say what the ministry answered.').first().waitFor();
    await field(reporter, 'Answer').fill(
      'Raised on 3 March; the ministry promised an inspection of the camp.',
    );
    await reporter.getByRole('button', { name: 'Save answer to requirement 3' }).click();
    await reporter.getByText('Answer saved.').waitFor();
    await approver.reload();
    await heading(approver, /Migration-related crimes/).waitFor();
    await approver.getByRole('button', { name: 'Submit to headquarters' }).click();
    await approver.getByText('Submitted to headquarters.').waitFor();
    await expect(complianceStatus(editor, directiveUrl, 'EMB-FR')).resolves.toBe('Submitted');

    // The editor accepts.
    await editor.getByRole('link', { name: paris.name }).click();
    await heading(editor, /Migration-related crimes/).waitFor();
    await editor.getByRole('button', { name: 'Accept' }).click();
    await editor.getByText('Accepted.').waitFor();
    await expect(complianceStatus(editor, directiveUrl, 'EMB-FR')).resolves.toBe('Accepted');

    // The post is told, in the header and on its notifications page.
    await reporter.goto(`${server.baseUrl}/notifications`);
    await heading(reporter, 'Notifications').waitFor();
    await reporter.getByRole('link', { name: /accepted by headquarters/ }).waitFor();
    await expectAccessible(reporter);
  }, 600_000);
});
