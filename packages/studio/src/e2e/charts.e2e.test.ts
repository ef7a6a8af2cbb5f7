/**
 * A 1,000,000-point series in the studio: the chart draws it from the downsampled API, and zooming
 * (buttons, or a drag on the plot) reads it again with more points for the narrower window; Reset
 * goes back to the base density. Log scale and smoothing redraw without errors.
 */
import { api } from '@cairn/api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';

const POINTS = 1_000_000;
const BATCH = 10_000;

async function logWave(client: CairnClient, runId: string): Promise<void> {
  const batch = async (from: number) => {
    const steps = Array.from({ length: BATCH }, (_, i) => from + i);
    await client.call(api.metrics.logBatch, { params: { workspace: 'default', runId }, body: { batchKey: `wave-${from}`, series: [{ name: 'wave', steps, values: steps.map((s) => 2 + Math.sin(s / 5000)) }] } });
  };
  for (let from = 0; from < POINTS; from += BATCH * 4) await Promise.all([0, 1, 2, 3].map((k) => batch(from + k * BATCH)));
}

// The points drawn, from the legend's "wave (N of 1000000 points)".
async function drawn(page: Page): Promise<number> {
  const text = await page.locator('figure.chart', { hasText: 'wave' }).locator('.legend').textContent();
  return Number(/wave \((\d+) of 1000000 points\)/.exec(text ?? '')?.[1] ?? NaN);
}

describe('a 1,000,000-point series in the studio', () => {
  let server: TestServer;
  let browser: Browser;
  let runId: string;
  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    const client = new CairnClient({ url: server.url, token: server.ownerToken });
    const run = await client.workspace('default').runs.create({ experiment: 'big', displayName: 'million', status: 'Running' });
    runId = run.id;
    await logWave(client, run.id);
    await client.workspace('default').runs.update(run.id, { status: 'Completed' });
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('draws it downsampled and refines it on zoom', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await signInWithToken(page, server.url, server.ownerToken);
    await page.goto(`${server.url}/w/default/runs/${runId}?tab=metrics`);
    const figure = page.locator('figure.chart', { hasText: 'wave' });
    await figure.getByText(/wave \(\d+ of 1000000 points\)/).waitFor();
    const base = await drawn(page);
    expect(base).toBeLessThanOrEqual(1000);
    for (let i = 0; i < 3; i++) await figure.getByRole('button', { name: 'Zoom in' }).click();
    // An eighth of the series in view: about eight times the points are read (8,192, a power of two).
    await expect.poll(() => drawn(page)).toBeGreaterThan(4 * base);
    await figure.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => drawn(page)).toBe(base);
    // A drag over a tenth of the plot's width zooms the same way.
    const plot = await figure.locator('.u-over').boundingBox();
    await page.mouse.move(plot!.x + plot!.width * 0.4, plot!.y + plot!.height / 2);
    await page.mouse.down();
    await page.mouse.move(plot!.x + plot!.width * 0.5, plot!.y + plot!.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => drawn(page)).toBeGreaterThan(4 * base);
    await figure.getByLabel('Log scale').check();
    await figure.getByLabel('Smoothing').fill('0.9');
    await figure.locator('canvas').waitFor();
    await screenshot(page, 'run-metrics-million');
    w.assertClean();
  });
});
