// Stored XSS stays inert: script-bearing text typed into every free-text field of an incident
// (title, narrative, tags, place, source publisher/title/URL/excerpt, comment) and of a country
// report (section body, paragraph comment) is shown as text on the incident page, the incident
// list and the report page, and in the report's HTML export opened without any Content
// Security Policy (as a downloaded file would be). A `javascript:` source URL is refused.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEmbassy } from './arrange.ts';
import { launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const PASSWORD = 'xss-journey-password-1';
const YEAR = new Date().getFullYear() - 1;

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '"><svg onload=window.__xss=1>';
const IFRAME = '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>';
const PAYLOADS = [IMG, SCRIPT, SVG, IFRAME];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

interface Reply {
  status: number;
  body: unknown;
}

async function apiSession(username: string, password: string) {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await response.json()) as { user: { csrfToken: string } };
  const send = async (method: string, path: string, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        Cookie: cookie,
        'X-CSRF-Token': user.csrfToken,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const reply = await send(method, path, body);
    if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
    return (await reply.json()) as T;
  };
  const raw = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const reply = await send(method, path, body);
    return { status: reply.status, body: await reply.text() };
  };
  const text = async (path: string): Promise<string> => {
    const reply = await send('GET', path);
    if (!reply.ok) throw new Error(`GET ${path}: ${reply.status}`);
    return reply.text();
  };
  return Object.assign(call, { raw, text });
}

interface Section {
  id: string;
  number: string;
  body: string;
}

/** An approver at Embassy Paris and a Europe reviewer; a verified incident full of payloads. */
async function arrange() {
  const admin = await apiSession(server.adminUsername, server.adminPassword);
  const paris = await findEmbassy(server, 'France');
  const { items: regions } = await admin<{ items: { id: number; code: string }[] }>(
    'GET',
    '/api/reference/regions',
  );
  const europe = regions.find((r) => r.code === 'EUR')!;
  for (const [username, role] of [
    ['xss.approver', { role: 'approver', postId: paris.id }],
    ['xss.reviewer', { role: 'reviewer', regionId: europe.id }],
  ] as const)
    await admin('POST', '/api/admin/users', {
      username,
      displayName: `${username} (test)`,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [role],
    });
  const approver = await apiSession('xss.approver', PASSWORD);
  const reviewer = await apiSession('xss.reviewer', PASSWORD);

  const source = {
    type: 'news_media',
    publisher: `Publisher ${SVG}`,
    title: `Source ${IMG}`,
    url: 'javascript:window.__xss=1',
    publishedOn: `${YEAR}-06-02`,
    language: 'fr',
    reliability: 'B',
  };
  // A script URL is refused outright: only http(s) sources can be linked.
  const refused = await approver.raw('POST', '/api/sources', source);
  expect(refused.status).toBe(400);
  const stored = await approver<{ id: string }>('POST', '/api/sources', {
    ...source,
    url: `https://example.org/a?q=${encodeURIComponent(SVG)}`,
  });

  const incident = await approver<{ id: string; version: number }>('POST', '/api/incidents', {
    postId: paris.id,
    title: `Workers held ${SCRIPT}`,
    narrative: `Narrative ${IMG}\n${SVG}\n${IFRAME}`,
    categories: ['forced_labour'],
    occurredStart: `${YEAR}-05-20`,
    datePrecision: 'day',
    placeName: `Bordeaux ${SVG}`,
    tags: [IMG, SCRIPT],
    sources: [{ sourceId: stored.id, credibility: 2, excerpt: `Excerpt ${SCRIPT}` }],
  });
  await approver('POST', `/api/incidents/${incident.id}/comments`, {
    body: `Comment ${IFRAME} ${IMG}`,
  });
  const submitted = await approver<{ version: number }>(
    'POST',
    `/api/incidents/${incident.id}/submit`,
    { version: incident.version },
  );
  await reviewer('POST', `/api/incidents/${incident.id}/verify`, { version: submitted.version });

  const report = await approver<{ id: string; version: number; sections: Section[] }>(
    'POST',
    '/api/reports',
    { countryCode: 'FR', year: YEAR },
  );
  const section = report.sections.find((s) => s.number === '3')!;
  const edited = await approver<{ version: number; sections: Section[] }>(
    'PUT',
    `/api/reports/${report.id}/sections/${section.id}`,
    { version: report.version, body: PAYLOADS.map((p) => `Section text ${p}`).join('\n\n') },
  );
  expect(edited.sections.find((s) => s.id === section.id)!.body).toContain(SCRIPT);
  await approver('POST', `/api/reports/${report.id}/comments`, {
    sectionId: section.id,
    paragraph: 0,
    body: `Report comment ${SVG}`,
  });
  return { approver, incidentId: incident.id, reportId: report.id };
}

/** A signed-in page that records every dialog and every page error. */
async function signedInPage(username: string) {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return { page, dialogs };
}

const fired = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

/** Every expected string appears as text, and no payload became an element. */
async function expectInert(page: Page, expected: string[]) {
  for (const text of expected)
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toContain(text);
  // Let image error handlers and frames run if any element had been made from a payload.
  await page.waitForTimeout(500);
  expect(await fired(page)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], iframe[srcdoc], [onerror]').count()).toBe(
    0,
  );
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
}

describe('stored XSS', () => {
  it('payloads in incident, source, comment and report fields stay text in pages and exports', async () => {
    const { approver, incidentId, reportId } = await arrange();
    const { page, dialogs } = await signedInPage('xss.approver');

    await page.goto(`${server.baseUrl}/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: /Workers held/ }).waitFor();
    await expectInert(page, [
      `Workers held ${SCRIPT}`,
      `Narrative ${IMG}`,
      SVG,
      IFRAME,
      `Bordeaux ${SVG}`,
      `${IMG}, ${SCRIPT}`,
      `Publisher ${SVG}`,
      `Source ${IMG}`,
      `Excerpt ${SCRIPT}`,
      `Comment ${IFRAME} ${IMG}`,
    ]);
    // The source link points where it said, on http(s), with the payload still encoded.
    const link = page.getByRole('link', { name: `Source ${IMG}` });
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/example\.org\/a\?q=/);

    await page.goto(`${server.baseUrl}/incidents`);
    await expectInert(page, [`Workers held ${SCRIPT}`]);

    await page.goto(`${server.baseUrl}/reports/${reportId}`);
    await page.getByRole('heading', { level: 1, name: `France ${YEAR}` }).waitFor();
    await expectInert(page, [
      ...PAYLOADS.map((p) => `Section text ${p}`),
      `Workers held ${SCRIPT}`,
      `Report comment ${SVG}`,
    ]);
    expect(dialogs).toEqual([]);

    // The HTML export is a download: open it as a local file would be, with no CSP to help.
    const html = await approver.text(`/api/reports/${reportId}/export?format=html`);
    for (const payload of PAYLOADS) expect(html).not.toContain(payload);
    const exportContext = await browser.newContext({ javaScriptEnabled: true });
    contexts.push(exportContext);
    const exported = await exportContext.newPage();
    const exportDialogs: string[] = [];
    exported.on('dialog', (dialog) => {
      exportDialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await exported.setContent(html, { waitUntil: 'load' });
    await expectInert(exported, [
      ...PAYLOADS.map((p) => `Section text ${p}`),
      `Workers held ${SCRIPT}`,
    ]);
    expect(exportDialogs).toEqual([]);
  }, 240_000);
});
