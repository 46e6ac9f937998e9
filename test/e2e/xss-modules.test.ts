// Stored XSS stays inert beyond incidents and reports (test/e2e/xss.test.ts covers those):
// script-bearing text typed into every free-text field of an engagement (office, concerns,
// data requested, support, response, follow-ups, source note), an assessment framework and an
// assessment (name, guidance, scale, question, narrative, evidence source), a directive
// (title, issuing office, requirement title and guidance, and a Markdown body carrying raw
// HTML and `javascript:` links), a tasking (answer, return comment, echoed in the post's
// notifications), and a partner organisation and its share (name, title, note) is shown as
// text on every page that renders it, for the people who read it there: the engagement log,
// page and country timeline, the assessment list and page, the directive list, page and
// compliance matrix, the tasking list and page, notifications, the partner admin pages and the
// partner's own view. No payload becomes an element, no `javascript:` link is made, no dialog
// opens, and `window.__xss` stays undefined.
//
// The pages run under the server's Content Security Policy, whose style-src has no
// 'unsafe-inline': no page visited here (nor the map, analytics, statistics, report structure
// and directive editor pages, which use React style props) reports a CSP violation, and style
// props still apply (React sets them through the CSSOM, which CSP does not govern).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { apiSession, arrangeTeam, PASSWORD, type Team } from './team.ts';

let server: TestServer;
let browser: Browser;
let team: Team;
const contexts: BrowserContext[] = [];
const YEAR = new Date().getFullYear() - 1;

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '"><svg onload=window.__xss=1>';
const MD_LINK = '[click me](javascript:window.__xss=1)';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  team = await arrangeTeam(server, 'xss');
  const admin = await apiSession(server, server.adminUsername, server.adminPassword);
  for (const [username, role] of [
    ['editor.xss', 'editor'],
    ['partner.xss', 'partner'],
  ] as const)
    await admin.call('POST', '/api/admin/users', {
      username,
      displayName: `${username} (test)`,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [{ role }],
    });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

interface Arranged {
  engagementId: string;
  assessmentId: string;
  directiveId: string;
  taskingId: string;
  partnerId: string;
  shareId: string;
}

/** Every record type with free text, written through the API by the people who would. */
async function arrange(): Promise<Arranged> {
  const reporter = await apiSession(server, team.reporter, PASSWORD);
  const approver = await apiSession(server, team.approver, PASSWORD);
  const editor = await apiSession(server, 'editor.xss', PASSWORD);
  const partnerUser = (
    await (
      await apiSession(server, server.adminUsername, server.adminPassword)
    ).call<{ items: { id: string; username: string }[] }>('GET', '/api/admin/users')
  ).items.find((u) => u.username === 'partner.xss')!;

  const source = await reporter.call<{ id: string }>('POST', '/api/sources', {
    type: 'ngo_io_report',
    publisher: `Publisher ${SVG}`,
    title: `Source ${IMG}`,
    reliability: 'B',
  });

  const engagement = await reporter.call<{ id: string }>('POST', '/api/engagements', {
    postId: team.postId,
    occurredOn: `${YEAR}-03-03`,
    kind: 'demarche',
    counterpartOffice: `Interior Ministry ${SCRIPT}`,
    counterpartLevel: 'minister',
    topics: ['forced_labour'],
    concernsRaised: `Concerns ${IMG} ${MD_LINK}`,
    dataRequested: `Data ${SVG}`,
    supportOffered: `Support ${SCRIPT}`,
    responseSummary: `Response ${IMG}`,
    followUps: [{ action: `Action ${SVG}`, owner: `Owner ${IMG}`, dueOn: '2099-12-31' }],
    sources: [{ sourceId: source.id, note: `Source note ${SCRIPT}` }],
  });

  await editor.call('POST', '/api/assessment-frameworks', {
    name: `Framework ${SCRIPT}`,
    guidance: `Framework guidance ${IMG}`,
    scale: [
      { code: 'poor', label: `Poor ${SVG}`, definition: `No measures ${IMG}` },
      { code: 'good', label: 'Good', definition: `Effective ${MD_LINK}` },
    ],
    indicators: [{ code: 'victim_id', question: `Question ${SCRIPT}`, guidance: `Hint ${IMG}` }],
  });
  const frameworks = await reporter.call<{ items: { latestVersionId: string }[] }>(
    'GET',
    '/api/assessment-frameworks',
  );
  const assessment = await reporter.call<{ id: string }>('POST', '/api/assessments', {
    postId: team.postId,
    frameworkVersionId: frameworks.items[0]!.latestVersionId,
    periodStart: `${YEAR}-01-01`,
    periodEnd: `${YEAR}-12-31`,
    summary: `Summary ${SVG}`,
    ratings: [
      {
        indicatorCode: 'victim_id',
        rating: 'good',
        narrative: `Narrative ${IMG}`,
        evidence: [{ recordType: 'source', recordId: source.id, note: `Evidence ${SCRIPT}` }],
      },
    ],
  });

  const directive = await editor.call<{ id: string; version: number }>('POST', '/api/directives', {
    title: `Directive ${SCRIPT}`,
    kind: 'migration_reporting',
    issuingOffice: `Office ${IMG}`,
    periodStart: `${YEAR}-01-01`,
    periodEnd: `${YEAR}-12-31`,
    dueOn: '2099-12-31',
    body: [
      '## Purpose',
      `Raw image ${IMG}`,
      SCRIPT,
      `Markdown link ${MD_LINK}`,
      '<a href="javascript:window.__xss=1" onclick="window.__xss=1">raw link</a>',
      '<p onmouseover="window.__xss=1" style="position:fixed;inset:0">overlay</p>',
      '[a safe link](https://example.org/guidance)',
    ].join('\n\n'),
    addressees: { postIds: [team.postId] },
    requirements: [
      { kind: 'question', title: `Requirement ${SVG}`, guidance: `Requirement guidance ${IMG}` },
    ],
  });
  await editor.call('POST', `/api/directives/${directive.id}/issue`, {
    version: directive.version,
  });
  const { items: taskings } = await reporter.call<{ items: { id: string }[] }>(
    'GET',
    `/api/taskings?post=${team.postId}`,
  );
  const tasking = await reporter.call<{ id: string; requirements: { id: string }[] }>(
    'GET',
    `/api/taskings/${taskings[0]!.id}`,
  );
  await reporter.call('PUT', `/api/taskings/${tasking.id}/answers/${tasking.requirements[0]!.id}`, {
    answer: `Answer ${SCRIPT}\n${IMG}\n${MD_LINK}`,
  });
  const answered = await reporter.call<{ version: number }>('GET', `/api/taskings/${tasking.id}`);
  const submitted = await approver.call<{ version: number }>(
    'POST',
    `/api/taskings/${tasking.id}/submit`,
    { version: answered.version },
  );
  await editor.call('POST', `/api/taskings/${tasking.id}/return`, {
    version: submitted.version,
    comment: `Returned ${SVG} ${IMG}`,
  });

  const partner = await editor.call<{ id: string }>('POST', '/api/partners', {
    name: `Partner ${SCRIPT}`,
    kind: 'international_organisation',
    foreign: false,
  });
  await editor.call('POST', `/api/partners/${partner.id}/members`, { userId: partnerUser.id });
  const share = await editor.call<{ id: string }>('POST', `/api/partners/${partner.id}/shares`, {
    itemType: 'engagement',
    recordId: engagement.id,
    title: `Shared ${IMG}`,
    note: `Share note ${SVG}`,
    expiresOn: '2099-12-31',
  });

  return {
    engagementId: engagement.id,
    assessmentId: assessment.id,
    directiveId: directive.id,
    taskingId: tasking.id,
    partnerId: partner.id,
    shareId: share.id,
  };
}

interface Watched {
  page: Page;
  dialogs: string[];
  /** Content Security Policy violations Chromium reported, with the page they happened on. */
  violations: string[];
}

/** A signed-in page that records every dialog and every CSP violation. */
async function signedIn(username: string): Promise<Watched> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      violations.push(`${page.url()}: ${message.text()}`);
  });
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return { page, dialogs, violations };
}

/** Opens a page and waits until it has loaded what it shows. */
async function visit({ page }: Watched, path: string) {
  await page.goto(`${server.baseUrl}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.getByText(/^Loading /).waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
}

const fired = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

/**
 * Visits a page; every expected string appears as text (or as a form field's value), and no
 * payload became an element or a script link.
 */
async function expectInert(
  { page }: Watched,
  path: string,
  expected: string[],
  values: string[] = [],
) {
  await page.goto(`${server.baseUrl}${path}`);
  for (const text of expected)
    await expect
      .poll(() => page.locator('body').innerText(), {
        timeout: 30_000,
        message: `${path}: ${text}`,
      })
      .toContain(text);
  for (const value of values)
    await expect
      .poll(
        () =>
          page
            .locator('textarea, input')
            .evaluateAll((fields) => fields.map((f) => (f as HTMLInputElement).value)),
        { timeout: 30_000, message: `${path}: field ${value}` },
      )
      .toContain(value);
  // Let image error handlers run if any element had been made from a payload.
  await page.waitForTimeout(300);
  expect(await fired(page), path).toBeUndefined();
  expect(
    await page.locator('img[src="x"], svg[onload], [onerror], body script').count(),
    path,
  ).toBe(0);
  expect(await page.locator('a[href^="javascript:" i]').count(), path).toBe(0);
}

describe('stored XSS beyond incidents and reports', () => {
  it('payloads in engagements, assessments, directives, taskings, notifications and partner shares stay text', async () => {
    const ids = await arrange();

    const reporter = await signedIn(team.reporter);
    const engagementText = [
      `Interior Ministry ${SCRIPT}`,
      `Concerns ${IMG} ${MD_LINK}`,
      `Data ${SVG}`,
      `Support ${SCRIPT}`,
      `Response ${IMG}`,
      `Action ${SVG} — Owner ${IMG}`,
      `Source note ${SCRIPT}`,
    ];
    await expectInert(reporter, `/engagements/${ids.engagementId}`, engagementText);
    await expectInert(reporter, '/engagements', [`Interior Ministry ${SCRIPT}`]);
    await expectInert(reporter, '/engagements/timeline/FR', [`Interior Ministry ${SCRIPT}`]);

    await expectInert(
      reporter,
      `/assessments/${ids.assessmentId}`,
      [
        `Framework ${SCRIPT}`,
        `Framework guidance ${IMG}`,
        `Poor ${SVG}`,
        `No measures ${IMG}`,
        `Effective ${MD_LINK}`,
        `Question ${SCRIPT}`,
        `Publisher ${SVG}: Source ${IMG}`,
      ],
      [`Narrative ${IMG}`],
    );
    await expectInert(reporter, '/assessments', [`Framework ${SCRIPT}`]);

    // The post reads the issued directive, its tasking and what headquarters sent back.
    await expectInert(reporter, `/taskings/${ids.taskingId}`, [
      `Directive ${SCRIPT}`,
      `Requirement ${SVG}`,
      `Requirement guidance ${IMG}`,
      `Returned ${SVG} ${IMG}`,
      'Markdown link click me',
    ]);
    await expectInert(reporter, '/taskings', [`Directive ${SCRIPT}`]);
    await expectInert(reporter, '/notifications', [
      `Directive ${SCRIPT}`,
      `Returned ${SVG} ${IMG}`,
    ]);

    const editor = await signedIn('editor.xss');
    await expectInert(editor, `/directives/${ids.directiveId}`, [
      `Directive ${SCRIPT}`,
      `Office ${IMG}`,
      `Requirement ${SVG}`,
      'Markdown link click me',
      'raw link',
    ]);
    // The Markdown body keeps its heading and its http(s) link, and loses every script, event
    // handler, style and javascript: target of the raw HTML it carried.
    const body = editor.page.locator('.usa-prose').first();
    expect(await body.getByRole('heading', { name: 'Purpose' }).count()).toBe(1);
    expect(await body.getByRole('link', { name: 'a safe link' }).getAttribute('href')).toBe(
      'https://example.org/guidance',
    );
    expect(await body.locator('[onclick], [onmouseover], [style], img, script').count()).toBe(0);
    await expectInert(editor, '/directives', [`Directive ${SCRIPT}`]);
    await expectInert(editor, `/directives/${ids.directiveId}/compliance`, [
      `Directive ${SCRIPT}`,
      `Requirement ${SVG}`,
    ]);
    // The issuing office reads the answer as text (the post edits it in a text area).
    await expectInert(editor, `/taskings/${ids.taskingId}`, [
      `Answer ${SCRIPT}\n${IMG}\n${MD_LINK}`,
      `Returned ${SVG} ${IMG}`,
    ]);
    // A style prop under the strict style-src: the answer keeps its line breaks.
    expect(
      await editor.page
        .getByText(`Answer ${SCRIPT}`)
        .evaluate((p) => getComputedStyle(p).whiteSpace),
    ).toBe('pre-wrap');
    await expectInert(editor, '/partners', [`Partner ${SCRIPT}`]);
    await expectInert(editor, `/partners/${ids.partnerId}`, [`Partner ${SCRIPT}`, `Shared ${IMG}`]);

    const partner = await signedIn('partner.xss');
    await expectInert(partner, '/shared', [`Shared ${IMG}`]);
    await expectInert(partner, `/shared/${ids.shareId}`, [
      `Shared ${IMG}`,
      `Shared with Partner ${SCRIPT}`,
      `Share note ${SVG}`,
      `Interior Ministry ${SCRIPT}`,
      `Response ${IMG}`,
    ]);

    // The other pages that use style props, for the CSP check below.
    await visit(reporter, '/incidents');
    for (const path of ['/analytics', '/statistics', `/reports/structure/${YEAR}`])
      await visit(editor, path);
    await visit(editor, '/directives/new');
    expect(
      await editor.page.locator('#addressee-countries').evaluate((e) => getComputedStyle(e).height),
    ).toBe('128px');

    for (const watched of [reporter, editor, partner]) {
      expect(watched.dialogs).toEqual([]);
      expect(watched.violations).toEqual([]);
    }
  }, 300_000);
});
