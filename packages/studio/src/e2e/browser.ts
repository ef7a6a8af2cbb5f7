/**
 * Chromium for the studio's end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core,
 * each page watched for console errors, page errors, failed requests, HTTP errors and dialogs, so a
 * test fails on any of them unless it declared that one answer as expected.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'studio');
export const STUDIO_DIST = new URL('../../dist/index.html', import.meta.url);

/** Starts headless Chromium; throws with the fix when the studio is not built. */
export async function launch(): Promise<Browser> {
  if (!existsSync(STUDIO_DIST)) throw new Error('the studio is not built: run `npm run build` before the studio e2e tests');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
}

/** A page and what went wrong on it. */
export interface WatchedPage {
  page: Page;
  problems: string[];
  dialogs: string[];
  /** Declares an HTTP error answer the test provokes on purpose (status and a URL fragment). */
  expect(status: number, urlPart: string): void;
  /** Fails the test if anything unexpected went wrong. */
  assertClean(): void;
}

/** Opens a page in a fresh context (no cookies) and starts watching it. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  const expected: Array<{ status: number; urlPart: string }> = [];
  const isExpected = (status: number, url: string) => expected.some((e) => e.status === status && url.includes(e.urlPart));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => { if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400 && !isExpected(r.status(), r.url())) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  // Chromium logs every 4xx as a console error too; those are judged by the response rule above.
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`); });
  // A test that times out waiting for the page says what the page showed and what went wrong on it.
  onTestFailed(async () => {
    const shot = join(SCREENSHOTS, `failed-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    console.log(`page at failure: ${page.url()}\nproblems: ${JSON.stringify(problems)}\nscreenshot: ${shot}`);
  });
  return {
    page, problems, dialogs,
    expect: (status, urlPart) => { expected.push({ status, urlPart }); },
    assertClean: () => {
      expect(dialogs, 'dialogs opened').toEqual([]);
      expect(problems, 'console errors or failed requests').toEqual([]);
    },
  };
}

/** Signs in through the sign-in page with a token and waits for the workspace home. */
export async function signInWithToken(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/w\/default$/);
}

/** Saves a screenshot of the page under test-results/studio/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
