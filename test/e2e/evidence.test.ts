// Browser journeys around an incident's evidence: a reporter at Embassy Paris attaches a PDF
// to her draft and sees it listed with its type, size and SHA-256; a refused file shows the
// server's reason; a reporter granted the post's protected details records a victim, reveals
// them only through the "this view is recorded" button, and a colleague without the grant
// never sees the section. Plus axe checks (WCAG 2.1 AA) of the incident page with both.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEmbassy } from './arrange.ts';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { apiSession as teamApiSession } from './team.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const PASSWORD = 'evidence-journey-password-1';
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-e2e-files-'));
const VICTIM = 'Amina Testerova';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  fs.rmSync(files, { recursive: true, force: true });
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

describe('evidence on the incident page', () => {
  let incidentId: string;
  const granted = 'rep.paris.granted';
  const colleague = 'rep.paris.plain';

  beforeAll(async () => {
    const admin = await apiSession(server.adminUsername, server.adminPassword);
    const paris = await findEmbassy(server, 'France');
    const ids: Record<string, string> = {};
    for (const username of [granted, colleague]) {
      const user = await admin<{ id: string }>('POST', '/api/admin/users', {
        username,
        displayName: `${username} (test)`,
        password: PASSWORD,
        mustChangePassword: false,
        roles: [{ role: 'reporter', postId: paris.id }],
      });
      ids[username] = user.id;
    }
    await admin('POST', '/api/protected-grants', { userId: ids[granted], postId: paris.id });
    const reporter = await apiSession(granted, PASSWORD);
    const incident = await reporter<{ id: string }>('POST', '/api/incidents', {
      postId: paris.id,
      title: 'Debt bondage in a garment workshop',
      narrative: 'Workers were told they owed the cost of their journey.',
      categories: ['forced_labour'],
      occurredStart: '2026-05-04',
      datePrecision: 'day',
    });
    incidentId = incident.id;
  }, 60_000);

  it('attaches a PDF and lists it with its type, size and SHA-256; a disguised file is refused', async () => {
    const page = await as(granted);
    await page.goto(`${server.baseUrl}/incidents/${incidentId}`);
    const section = page.getByRole('region', { name: 'Attachments' });
    await section.getByText('No files attached.').waitFor();

    const pdfPath = path.join(files, 'police-report.pdf');
    fs.writeFileSync(pdfPath, PDF);
    await page.getByLabel('File to attach').setInputFiles(pdfPath);
    await section.getByRole('button', { name: 'Upload' }).click();
    await section.getByText('Attached police-report.pdf.').waitFor();
    const row = section.getByRole('row', { name: /police-report\.pdf/ });
    await expect(row.getByRole('cell', { name: 'PDF', exact: true }).count()).resolves.toBe(1);
    const digest = createHash('sha256').update(PDF).digest('hex');
    await row.getByText(digest).waitFor();
    await row.getByText(`${PDF.length} bytes`).waitFor();

    const exePath = path.join(files, 'invoice.pdf');
    const exe = Buffer.alloc(512);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\0\0', 0x80, 'latin1');
    fs.writeFileSync(exePath, exe);
    await page.getByLabel('File to attach').setInputFiles(exePath);
    await section.getByRole('button', { name: 'Upload' }).click();
    await section.getByText(/is a Windows program/).waitFor();
    expect(await section.getByRole('row', { name: /invoice\.pdf/ }).count()).toBe(0);

    expect(await accessibilityViolations(page)).toEqual([]);
  }, 180_000);

  it('lets a granted reporter record a victim and reveal the details only on request', async () => {
    const page = await as(granted);
    await page.goto(`${server.baseUrl}/incidents/${incidentId}`);
    const section = page.getByRole('region', { name: 'Protected details' });
    await section.getByText('0 people are recorded.').waitFor();
    await section
      .getByRole('button', { name: 'Show protected details (this view is recorded)' })
      .click();
    await section.getByText('No victim or witness is recorded.').waitFor();
    await field(page, 'Full name').fill(VICTIM);
    await field(page, 'Contact details').fill('through the shelter in Lyon');
    await section.getByRole('button', { name: 'Add protected details' }).click();
    await section.getByRole('cell', { name: VICTIM, exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // A fresh visit shows the count, not the details, until the button is pressed again.
    await page.reload();
    const again = page.getByRole('region', { name: 'Protected details' });
    await again.getByText('1 person is recorded.').waitFor();
    expect(await page.getByText(VICTIM).count()).toBe(0);
    await again
      .getByRole('button', { name: 'Show protected details (this view is recorded)' })
      .click();
    await again.getByRole('cell', { name: VICTIM, exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 180_000);

  it('shows a colleague without the grant the attachments but no protected details at all', async () => {
    const page = await as(colleague);
    const summary = page.waitForResponse((r) => r.url().endsWith('/protected-details/summary'));
    await page.goto(`${server.baseUrl}/incidents/${incidentId}`);
    expect(await (await summary).json()).toEqual({ granted: false, count: null });
    await page
      .getByRole('region', { name: 'Attachments' })
      .getByText('police-report.pdf')
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Protected details' }).count()).toBe(0);
    expect(await page.getByText(VICTIM).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 180_000);

  it('lets an administrator grant a colleague the post and withdraw it again', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.baseUrl, server.adminUsername, server.adminPassword);
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
    await page.goto(`${server.baseUrl}/admin/protected-grants`);
    await page.getByRole('heading', { level: 1, name: 'Protected details grants' }).waitFor();
    await page.getByRole('row', { name: new RegExp(`${granted}.*EMB-FR`) }).waitFor();
    await field(page, 'User').selectOption({ label: `${colleague} (test) (${colleague})` });
    const paris = page.locator('#field-postId option', { hasText: '(EMB-FR)' });
    await field(page, 'Post').selectOption((await paris.getAttribute('value')) ?? '');
    await page.getByRole('button', { name: 'Grant protected details' }).click();
    await page.getByText('Grant recorded.').waitFor();
    const row = page.getByRole('row', { name: new RegExp(`${colleague}.*EMB-FR`) });
    await row.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await row.getByRole('button', { name: /^Withdraw/ }).click();
    await page.getByText(`Withdrew ${colleague}'s grant for EMB-FR.`).waitFor();
  }, 180_000);
});
