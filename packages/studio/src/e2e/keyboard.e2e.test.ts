/** The studio by keyboard alone: sign in, reach the runs table, open a run; focus is always visible. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, watchedPage } from './browser.js';

// Presses Tab until the focused element matches, checking each stop shows a focus outline.
async function tabTo(page: Page, matches: (el: { text: string; label: string | null; tag: string }) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const style = el ? getComputedStyle(el) : null;
      return { text: el?.textContent?.trim() ?? '', label: el?.getAttribute('aria-label') ?? null, tag: el?.tagName ?? '', outline: style ? style.outlineStyle !== 'none' && style.outlineWidth !== '0px' : false };
    });
    // Past the last element focus leaves the page (BODY) before wrapping to the first: not a stop.
    if (focused.tag !== 'BODY') expect(focused.outline, `focus outline on ${focused.tag} "${focused.text.slice(0, 60)}"`).toBe(true);
    if (matches(focused)) return;
  }
  throw new Error('never reached the element by Tab');
}

describe('studio by keyboard', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    await new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default').runs.create({ experiment: 'kbd', displayName: 'keyboard-run' });
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('signs in, opens the runs table and a run without a mouse', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Token').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id), 'the token field has focus').toBe('token');
    await page.keyboard.type(server.ownerToken);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/w\/default$/);
    await page.getByRole('heading', { name: 'Recent runs' }).waitFor();
    // The home page refreshes every few seconds; a refresh must leave focus where it was.
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'keyboard-run');
    await page.waitForResponse((r) => r.url().includes('/runs?') && r.url().includes('top=15'));
    const after = await page.evaluate(() => new Promise<string | null | undefined>((resolve) => setTimeout(() => resolve(document.activeElement?.textContent), 200)));
    expect(after).toBe('keyboard-run');
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'Runs');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs$/);
    await page.getByText('1 runs').waitFor();
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'keyboard-run');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Details' }).waitFor();
    w.assertClean();
  });
});
