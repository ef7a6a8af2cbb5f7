/**
 * A submitted run in the studio: its log lines arrive live over Server-Sent Events while the script
 * runs (no reload), the page notices the end, shows the snapshot it ran and its configuration, and
 * Re-submit runs the same configuration again.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from '../../../server/src/execution/test-support/execution-fixture.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';

// The second line is printed only after the page has shown the first, so it can only arrive live.
// Its second loss point is logged after the gate opens too, so the chart can only get it by refreshing.
const SCRIPT = `import os, time
from azureml.core import Run
run = Run.get_context()
run.log("loss", 1.0, step=0)
print("starting", flush=True)
while not os.path.exists("go"):
    time.sleep(0.05)
run.log("loss", 0.5, step=1)
print("epoch 1 done", flush=True)
while not os.path.exists("go2"):
    time.sleep(0.05)
`;

describe('a submitted run in the studio', () => {
  let fx: ExecFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startExecServer();
    browser = await launch();
  });
  afterAll(async () => { await browser?.close(); await fx?.server.close(); });

  it('streams its log and metrics live, sees it end, and re-submits it', async () => {
    const gate = `${fx.server.dataDir}/go-${Date.now()}`;
    const run = await submitScript(fx, SCRIPT.replace('"go"', JSON.stringify(gate)).replace('"go2"', JSON.stringify(`${gate}2`)));
    const w = await watchedPage(browser);
    await signInWithToken(w.page, fx.server.url, fx.server.ownerToken);
    await w.page.goto(`${fx.server.url}/w/default/runs/${run.id}?tab=logs`);
    await w.page.getByRole('log').getByText('starting').waitFor({ timeout: 30_000 });
    await w.page.getByRole('link', { name: 'Metrics', exact: true }).click();
    await w.page.getByText('loss (1 points)').waitFor({ timeout: 30_000 });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(gate, '');
    await w.page.getByText('loss (2 points)').waitFor({ timeout: 30_000 });
    await w.page.getByRole('link', { name: 'Logs' }).click();
    await w.page.getByRole('log').getByText('epoch 1 done').waitFor({ timeout: 30_000 });
    writeFileSync(`${gate}2`, '');
    await w.page.getByText('the run has ended').waitFor({ timeout: 30_000 });
    await screenshot(w.page, 'run-logs-live');
    expect((await waitForRun(fx, run.id)).status).toBe('Completed');
    // The code it ran: the snapshot's files, previewed from their blobs.
    await w.page.getByRole('link', { name: 'Snapshot' }).click();
    await w.page.getByRole('button', { name: 'train.py' }).click();
    await w.page.locator('pre.file-text', { hasText: 'Run.get_context()' }).waitFor();
    expect(await w.page.getByRole('link', { name: /^Download/ }).getAttribute('href')).toContain('/blobs/');
    await screenshot(w.page, 'run-snapshot');
    await w.page.getByRole('link', { name: 'Overview' }).click();
    // Its configuration links where it ran and with what.
    await w.page.getByRole('heading', { name: 'Configuration' }).waitFor();
    expect(await w.page.getByRole('row', { name: /Script/ }).textContent()).toContain('train.py');
    await w.page.getByRole('button', { name: 'Re-submit' }).click();
    await w.page.waitForURL((url) => url.pathname.startsWith('/w/default/runs/') && !url.pathname.endsWith(run.id));
    const again = decodeURIComponent(new URL(w.page.url()).pathname.split('/').pop()!);
    expect(again).not.toBe(run.id);
    const second = await waitForRun(fx, again);
    expect(second.status).toBe('Completed');
    expect(second.experiment).toBe(run.experiment);
    w.assertClean();
  });
});
