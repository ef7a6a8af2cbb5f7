/**
 * The runs table with 10,000 runs: the first rows show while later pages still load, only the rows
 * in view exist in the DOM, and scrolling to the end reaches the last run. The first load is timed
 * (cold: a fresh browser context, so nothing cached) beside the same page holding one run, and
 * the numbers go to the output and test-results/studio/runs-table-timing.json; no assertion on them
 * (speed is recorded in docs/benchmarks.md, not asserted).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, SCREENSHOTS, screenshot, watchedPage, type WatchedPage } from './browser.js';

const RUNS = 10_000;
const REPEATS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
    await ws.runs.create({ experiment: 'single', displayName: 'only-run' });
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  // From navigation to the first row on screen in a fresh context: no cached assets, the session
  // cookie set directly (as the sign-in page would have), so the timing covers the whole first load.
  async function firstRows(query: string): Promise<{ w: WatchedPage; ms: number; phases: Record<string, number> }> {
    const w = await watchedPage(browser);
    const res = await fetch(`${server.url}/api/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${server.ownerToken}` } });
    const value = /cairn_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    expect(value, 'session cookie').toBeTruthy();
    await w.page.context().addCookies([{ name: 'cairn_session', value: value!, url: server.url }]);
    // Measured by the page's clock: from navigation start to the first frame with a row in it
    // (Playwright's own waits would add their polling and the load event to it).
    await w.page.goto(`${server.url}/w/default/runs?${query}`, { waitUntil: 'commit' });
    const handle = await w.page.waitForFunction(() => (document.querySelector('.vrows .grid-row') ? Math.round(performance.now()) : 0), undefined, { polling: 'raf' });
    return { w, ms: (await handle.jsonValue()) as number, phases: await phases(w) };
  }

  // Where the time went, from the page's own navigation and resource timings (ms after navigation start).
  async function phases(w: WatchedPage): Promise<Record<string, number>> {
    return w.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const runs = resources.find((e) => e.name.includes('/runs?'));
      const chunk = resources.find((e) => /\/assets\/runs-[^/]*\.js$/.test(e.name));
      return { html: Math.round(nav.responseEnd), scriptsRun: Math.round(nav.domContentLoadedEventEnd), pageChunk: Math.round(chunk?.responseEnd ?? -1),
        runsAsked: Math.round(runs?.startTime ?? -1), runsAnswered: Math.round(runs?.responseEnd ?? -1) };
    });
  }

  it('draws the first rows early, keeps the DOM small and scrolls to the last run', async () => {
    const { w, ms } = await firstRows('experiment=sweep&children=true');
    const total = `${RUNS.toLocaleString('en-US')} runs`;
    const all = await w.page.waitForFunction((text) => (document.querySelector('.count')?.textContent?.startsWith(text) ? Math.round(performance.now()) : 0), total, { polling: 'raf' });
    console.log(`runs table, ${RUNS} runs: first rows after ${ms} ms, all loaded after ${String(await all.jsonValue())} ms`);
    expect(await w.page.locator('.vrows .grid-row').count()).toBeLessThan(100);
    await w.page.locator('.vrows').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await w.page.locator(`.vrows .grid-row[aria-rowindex="${RUNS + 1}"]`).waitFor();
    await screenshot(w.page, 'runs-10000');
    w.assertClean();
    await w.page.context().close();
  });

  it('times the first load against the same page with one run (recorded, not asserted)', async () => {
    const big: number[] = [];
    const small: number[] = [];
    const bigPhases: Array<Record<string, number>> = [];
    const load = loadavg()[0]!;
    for (let i = 0; i < REPEATS; i++) {
      for (const [query, into] of [['experiment=sweep&children=true', big], ['experiment=single', small]] as const) {
        const { w, ms, phases: p } = await firstRows(query);
        into.push(ms);
        if (into === big) bigPhases.push(p);
        w.assertClean();
        await w.page.context().close();
      }
    }
    const phaseMedians = Object.fromEntries(Object.keys(bigPhases[0]!).map((k) => [k, median(bigPhases.map((p) => p[k]!))]));
    const result = { runs: RUNS, repeats: REPEATS, firstRowsMs: { median: median(big), all: big }, oneRunMs: { median: median(small), all: small }, phasesMs: phaseMedians, loadAverage1m: load };
    console.log(`runs table first load (cold, median of ${REPEATS}): ${RUNS} runs ${result.firstRowsMs.median} ms; one run ${result.oneRunMs.median} ms; load average ${load.toFixed(2)}`);
    console.log(`  phases with ${RUNS} runs (ms after navigation start, medians): ${JSON.stringify(phaseMedians)}`);
    writeFileSync(join(SCREENSHOTS, 'runs-table-timing.json'), `${JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2)}\n`);
    expect(big).toHaveLength(REPEATS);
  });
});
