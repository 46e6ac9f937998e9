// Browser journeys through the web shell: signing in, the header and navigation a role sees,
// creating a user, refusing pages a role may not open, and accessibility (WCAG 2.1 AA).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser, signIn, signOut } from './browser.ts';
import { createReporter, findEmbassy, renameUser } from './arrange.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
});

afterEach(async () => {
  await context?.close();
});

const header = () => page.getByTestId('signed-in-user');
const mainNav = () => page.getByRole('navigation', { name: 'Main navigation' });
const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

async function displayNameOfSignedInUser(): Promise<string> {
  return page.evaluate(
    async () =>
      ((await (await fetch('/api/auth/me')).json()) as { displayName: string }).displayName,
  );
}

describe('web shell', () => {
  it('an administrator signs in, sees who they are, creates a reporter at Embassy Paris and signs out', async () => {
    await signIn(page, server.baseUrl, server.adminUsername, server.adminPassword);
    await heading(/^Welcome/).waitFor();
    const displayName = await displayNameOfSignedInUser();
    await expect(header().textContent()).resolves.toContain(displayName);
    await expect(page.getByTestId('user-roles').textContent()).resolves.toContain('Admin');

    await mainNav().getByRole('link', { name: 'Users' }).click();
    await heading('Users').waitFor();
    await page.getByRole('link', { name: 'Create user' }).click();
    await heading('Create user').waitFor();
    await field(page, 'Username').fill('rep.paris');
    await field(page, 'Display name').fill('Paris Reporter');
    await field(page, 'Initial password').fill('reporter-password-1');
    // USWDS draws its own checkbox and hides the input, so the user clicks the label.
    await page.getByText('Ask the user to change this password at first sign-in').click();
    await expect(
      page.getByLabel('Ask the user to change this password at first sign-in').isChecked(),
    ).resolves.toBe(false);
    await field(page, 'Role').selectOption('reporter');
    const postSelect = field(page, 'Post');
    const paris = await postSelect
      .locator('option', { hasText: 'France' })
      .first()
      .getAttribute('value');
    expect(paris).toBeTruthy();
    await postSelect.selectOption(paris!);
    const postName = (await postSelect.locator(`option[value="${paris}"]`).textContent())!.replace(
      / \(France\)$/,
      '',
    );
    await page.getByRole('button', { name: 'Create user' }).click();

    await heading('Users').waitFor();
    const row = page.getByTestId('user-row-rep.paris');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(`Reporter · ${postName}`);
    await expect(
      page.getByRole('status').filter({ hasText: 'rep.paris was created' }).count(),
    ).resolves.toBe(1);

    await signOut(page);
    await page.goto(`${server.baseUrl}/`);
    await heading('Sign in to Rapporteur').waitFor();
  });

  it('a reporter sees only their own navigation, and a typed admin address says "Not authorised"', async () => {
    const embassy = await findEmbassy(server, 'Italy');
    await createReporter(server, 'rep.rome', 'reporter-password-2', embassy.id);

    await signIn(page, server.baseUrl, 'rep.rome', 'reporter-password-2');
    await heading(/^Welcome/).waitFor();
    await expect(page.getByTestId('user-roles').textContent()).resolves.toBe(
      `Reporter · ${embassy.name}`,
    );
    const navLinks = await mainNav().getByRole('link').allTextContents();
    // The post's own work, and nothing of headquarters or administration.
    expect(navLinks.slice(0, 2)).toEqual(['Home', 'Incidents']);
    expect(navLinks).toEqual(
      expect.arrayContaining(['Taskings', 'Country reports', 'Change password']),
    );
    for (const elsewhere of [
      'Review queue',
      'Directives',
      'Analytics',
      'Partners',
      'Shared with us',
      'Users',
      'Posts',
      'Sign-in and sessions',
      'Protected details grants',
    ])
      expect(navLinks).not.toContain(elsewhere);

    await page.goto(`${server.baseUrl}/admin/users`);
    await heading('Not authorised').waitFor();
    await expect(page.getByText('rep.rome', { exact: true }).count()).resolves.toBe(0);
    await page.goto(`${server.baseUrl}/admin/posts`);
    await heading('Not authorised').waitFor();
  });

  it('a wrong password is refused with a visible error and no session', async () => {
    await signIn(page, server.baseUrl, server.adminUsername, 'not-the-password');
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    await expect(problem.getAttribute('role')).resolves.toBe('alert');
    expect((await problem.textContent())?.trim()).not.toBe('');
    await expect(field(page, 'Password').inputValue()).resolves.toBe('');
    await expect(heading('Sign in to Rapporteur').count()).resolves.toBe(1);
    await expect(header().count()).resolves.toBe(0);
  });

  it('has no WCAG 2.1 AA violations on the sign-in, home, users, posts and change-password pages', async () => {
    const found: Record<string, string[]> = {};
    await page.goto(`${server.baseUrl}/login`);
    await heading('Sign in to Rapporteur').waitFor();
    found['sign-in'] = await accessibilityViolations(page);

    await signIn(page, server.baseUrl, server.adminUsername, 'not-the-password');
    await page.getByTestId('problem').waitFor();
    found['sign-in with error'] = await accessibilityViolations(page);

    await signIn(page, server.baseUrl, server.adminUsername, server.adminPassword);
    await heading(/^Welcome/).waitFor();
    found['home'] = await accessibilityViolations(page);

    const pages: [string, string, string][] = [
      ['users', '/admin/users', 'Users'],
      ['create user', '/admin/users/new', 'Create user'],
      ['posts', '/admin/posts', 'Posts'],
      ['add post', '/admin/posts/new', 'Add post'],
      ['change password', '/account/password', 'Change password'],
    ];
    for (const [name, path, title] of pages) {
      await page.goto(`${server.baseUrl}${path}`);
      await heading(title).waitFor();
      await page.getByText(/^Loading /).waitFor({ state: 'detached' });
      found[name] = await accessibilityViolations(page);
    }

    await page.goto(`${server.baseUrl}/admin/users/new`);
    await heading('Create user').waitFor();
    await field(page, 'Role').selectOption('reviewer');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('problem').waitFor();
    found['create user with errors'] = await accessibilityViolations(page);

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 120_000);
});

describe('user administration', () => {
  it('a reviewer without a region is refused, with the error beside the Region field', async () => {
    await signIn(page, server.baseUrl, server.adminUsername, server.adminPassword);
    await heading(/^Welcome/).waitFor();
    await page.goto(`${server.baseUrl}/admin/users/new`);
    await heading('Create user').waitFor();
    await field(page, 'Username').fill('rev.europe');
    await field(page, 'Display name').fill('Europe Reviewer');
    await field(page, 'Initial password').fill('reviewer-password-1');
    await field(page, 'Role').selectOption('reviewer');
    await page.getByRole('button', { name: 'Create user' }).click();

    const summary = page.getByTestId('problem');
    await summary.waitFor();
    const regionSelect = field(page, 'Region');
    await expect(regionSelect.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await regionSelect.getAttribute('aria-describedby')) ?? '';
    const messageId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(messageId).toBeTruthy();
    await expect(page.locator(`#${messageId}`).textContent()).resolves.toMatch(/region/i);
    await expect(heading('Create user').count()).resolves.toBe(1);
  });

  it('a stale edit is refused and the administrator can reload the current version', async () => {
    const embassy = await findEmbassy(server, 'Spain');
    const user = await createReporter(server, 'rep.madrid', 'reporter-password-3', embassy.id);
    await signIn(page, server.baseUrl, server.adminUsername, server.adminPassword);
    await heading(/^Welcome/).waitFor();
    await page.goto(`${server.baseUrl}/admin/users/${user.id}`);
    await heading('User rep.madrid').waitFor();

    await renameUser(server, user.id, 'Madrid Reporter (renamed elsewhere)');
    await field(page, 'Display name').fill('Madrid Reporter');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('This record was changed by someone else').waitFor();

    await page.getByRole('button', { name: 'Reload the current version' }).click();
    await expect
      .poll(() => field(page, 'Display name').inputValue())
      .toBe('Madrid Reporter (renamed elsewhere)');
  });
});

describe('web shell with the synthetic demo data set', () => {
  let demo: TestServer;
  beforeAll(async () => {
    demo = await startTestServer({ demo: true });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('shows the synthetic-data banner on every page, including sign-in', async () => {
    const banner = () => page.getByRole('region', { name: 'Synthetic data notice' });
    await page.goto(`${demo.baseUrl}/login`);
    await banner().waitFor();
    await expect(banner().textContent()).resolves.toContain('Synthetic demo data — not real cases');
    await expect(page.getByTestId('embedded-db-notice').textContent()).resolves.toContain(
      'Embedded database: for evaluation and single-user use',
    );
    await signIn(page, demo.baseUrl, demo.adminUsername, demo.adminPassword);
    await heading(/^Welcome/).waitFor();
    await expect(banner().count()).resolves.toBe(1);
    await page.goto(`${demo.baseUrl}/admin/users`);
    await heading('Users').waitFor();
    await expect(banner().count()).resolves.toBe(1);
    {
      const violations = await accessibilityViolations(page);
      expect(violations).toEqual([]);
    }
  });
});
