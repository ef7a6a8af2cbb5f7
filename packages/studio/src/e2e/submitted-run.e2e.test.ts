/**
 * A submitted run in the studio: its log lines arrive live over Server-Sent Events while the script
 * runs (no reload), the page notices the end, and Re-submit runs the same configuration again.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from '../../../server/src/execution/test-support/execution-fixture.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';

// The second line is printed only after the page has shown the first, so it can only arrive live.
const SCRIPT = `import os, time
print("starting", flush=True)
while not os.path.exists("go"):
    time.sleep(0.05)
print("epoch 1 done", flush=True)
`;

describe('a submitted run in the studio', () => {
  let fx: ExecFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startExecServer();
    browser = await launch();
  });
  afterAll(async () => { await browser?.close(); await fx?.server.close(); });

  it('streams its log live, sees it end, and re-submits it', async () => {
    const gate = `${fx.server.dataDir}/go-${Date.now()}`;
    const run = await submitScript(fx, SCRIPT.replace('"go"', JSON.stringify(gate)));
    const w = await watchedPage(browser);
    await signInWithToken(w.page, fx.server.url, fx.server.ownerToken);
    await w.page.goto(`${fx.server.url}/w/default/runs/${run.id}?tab=logs`);
    await w.page.getByRole('log').getByText('starting').waitFor({ timeout: 30_000 });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(gate, '');
    await w.page.getByRole('log').getByText('epoch 1 done').waitFor({ timeout: 30_000 });
    await w.page.getByText('the run has ended').waitFor({ timeout: 30_000 });
    await screenshot(w.page, 'run-logs-live');
    expect((await waitForRun(fx, run.id)).status).toBe('Completed');
    await w.page.getByRole('link', { name: 'Overview' }).click();
    await w.page.getByRole('button', { name: 'Re-submit' }).click();
    await w.page.waitForURL((url) => url.pathname.startsWith('/w/default/runs/') && !url.pathname.endsWith(run.id));
    const again = decodeURIComponent(new URL(w.page.url()).pathname.split('/').pop()!);
    expect(again).not.toBe(run.id);
    writeFileSync(gate, '');
    const second = await waitForRun(fx, again);
    expect(second.status).toBe('Completed');
    expect(second.experiment).toBe(run.experiment);
    w.assertClean();
  });
});
