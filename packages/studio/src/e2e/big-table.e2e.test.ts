/**
 * The runs table with 10,000 runs: the first rows show while later pages still load, only the rows
 * in view exist in the DOM, and scrolling to the end reaches the last run.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';

const RUNS = 10_000;

describe('runs table with 10,000 runs', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    // Seeded through the API in calls of 100 child runs, the most one call may create.
    const ws = new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default');
    const parent = await ws.runs.create({ experiment: 'sweep', displayName: 'sweep-parent', status: 'Running' });
    for (let i = 0; i < RUNS / 100 - 1; i++) await ws.runs.createChildren(parent.id, { count: 100 });
    await ws.runs.createChildren(parent.id, { count: 99 });
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('draws the first rows early, keeps the DOM small and scrolls to the last run', async () => {
    const w = await watchedPage(browser);
    await signInWithToken(w.page, server.url, server.ownerToken);
    const started = Date.now();
    await w.page.goto(`${server.url}/w/default/runs?experiment=sweep&children=true`);
    await w.page.locator('.vrows .grid-row').first().waitFor();
    const firstRows = Date.now() - started;
    await w.page.getByText(`${RUNS.toLocaleString('en-US')} runs`).waitFor();
    const allRows = Date.now() - started;
    console.log(`runs table, ${RUNS} runs: first rows after ${firstRows} ms, all loaded after ${allRows} ms`);
    expect(await w.page.locator('.vrows .grid-row').count()).toBeLessThan(100);
    await w.page.locator('.vrows').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await w.page.locator(`.vrows .grid-row[aria-rowindex="${RUNS + 1}"]`).waitFor();
    await screenshot(w.page, 'runs-10000');
    w.assertClean();
  });
});
