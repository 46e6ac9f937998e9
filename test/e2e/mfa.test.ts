// Browser journey with a passkey: Chromium's virtual authenticator (CDP WebAuthn domain) stands
// in for a security key. An administrator adds a passkey, sees their recovery codes once, signs
// out, signs in again with password then key; the administrator's sign-in settings page sets
// the system-use notice that the sign-in page shows. Axe checks the enrolment, second-step,
// settings and sign-in pages.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessibilityViolations, field, launchBrowser, signIn } from './browser.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
// WebAuthn refuses IP addresses as relying-party IDs: the journey uses the name localhost.
let baseUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  baseUrl = server.baseUrl.replace('127.0.0.1', 'localhost');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterEach(async () => {
  await context?.close();
});

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
// A busy two-core machine runs these journeys alongside everything else.
const JOURNEY = { timeout: 180_000 };

async function signOut() {
  await page.getByTestId('signed-in-user').getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in to Rapporteur').waitFor();
}

describe('second factor in the browser', () => {
  it(
    'the administrator sets the system-use notice, and the sign-in page shows it before sign-in',
    JOURNEY,
    async () => {
      await signIn(page, baseUrl, server.adminUsername, server.adminPassword);
      await heading(/^Welcome/).waitFor();
      await page.goto(`${baseUrl}/admin/sign-in`);
      await heading('Sign-in and sessions').waitFor();
      await field(page, 'System-use notice').fill(
        'Authorised ministry use only. Every action is logged.',
      );
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      await field(page, 'User').selectOption({ label: 'Administrator (admin)' });
      await page.getByRole('table', { name: /Live sessions of Administrator/ }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await signOut();
      await page.getByText('Authorised ministry use only. Every action is logged.').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
    },
  );

  it(
    'adds a passkey, then signs in with password and passkey; pages pass axe',
    JOURNEY,
    async () => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'usb',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });

      await signIn(page, baseUrl, server.adminUsername, server.adminPassword);
      await heading(/^Welcome/).waitFor();
      await page.goto(`${baseUrl}/account/security`);
      await heading('Sign-in and security').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);

      await field(page, 'Name of the key').fill('Virtual key');
      await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
      await page.getByRole('heading', { name: /Your recovery codes/ }).waitFor();
      const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').count();
      expect(codes).toBe(10);
      await page.getByRole('rowheader', { name: 'Virtual key' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);

      await signOut();
      await signIn(page, baseUrl, server.adminUsername, server.adminPassword);
      await heading('Confirm it is you').waitFor();
      expect(page.url()).toContain('/login/mfa');
      const partial = await page.evaluate(async () => (await fetch('/api/posts')).status);
      expect(partial).toBe(403);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Use your passkey or security key' }).click();
      await heading(/^Welcome/).waitFor();
      const me = await page.evaluate(
        async () =>
          (await (await fetch('/api/auth/me')).json()) as { method: string; stage: string },
      );
      expect(me).toMatchObject({ stage: 'full', method: 'password+webauthn' });
    },
  );
});
