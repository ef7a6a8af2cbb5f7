/**
 * An endpoint in the studio against a real one: a tiny score.py (real Python) deployed through the
 * API with a model registered from a run; the workspace home shows its health, its page shows the
 * deployment, masked keys (shown, copied, regenerated), live telemetry and the replica log, and the
 * test console scores a sample and shows the answer with its latency. Script payloads in the
 * description and in run()'s answer stay text.
 */
import { createHash } from 'node:crypto';
import { api } from '@cairn/api';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { implementedRoutes } from '../../../server/src/http/implement.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';
import { injected, IMG, SCRIPT } from './payloads.js';

// init() reads the model's one file wherever the layout puts it; run() scales the numbers it gets.
const SCORE = `import json, os
def init():
    global factor
    for root, _, files in os.walk(os.environ["AZUREML_MODEL_DIR"]):
        if "factor.txt" in files:
            with open(os.path.join(root, "factor.txt")) as f:
                factor = float(f.read())
    print("scaler ready", ${JSON.stringify(SCRIPT)}, flush=True)
def run(raw_data):
    data = json.loads(raw_data)["data"]
    return {"scaled": [x * factor for x in data], "note": ${JSON.stringify(IMG)}}
`;

async function deployScaler(client: CairnClient): Promise<void> {
  const ws = client.workspace('default');
  const run = await ws.runs.create({ experiment: 'scaling', displayName: 'train-scaler' });
  await ws.files.upload(run.id, 'outputs/factor.txt', Buffer.from('2'));
  await client.call(api.models.register, { params: { workspace: 'default' }, body: { name: 'scaler', runId: run.id, path: 'outputs/factor.txt' } });
  const bytes = Buffer.from(SCORE);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await ws.blobs.upload(sha256, bytes);
  const snapshot = await ws.snapshots.create([{ path: 'score.py', sha256, size: bytes.length, mode: 0o644 }]);
  await ws.endpoints.create({ name: 'scaler-ep', description: SCRIPT, models: ['scaler:1'], entryScript: 'score.py', snapshotId: snapshot.id,
    settings: { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 5000, scoringTimeoutMs: 30_000 } });
  const deadline = Date.now() + 60_000;
  let state = (await ws.endpoints.get('scaler-ep')).state;
  while (state === 'Transitioning' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    state = (await ws.endpoints.get('scaler-ep')).state;
  }
  expect(state).toBe('Healthy');
}

describe('an endpoint in the studio', () => {
  let server: TestServer;
  let browser: Browser;
  let client: CairnClient;
  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    client = new CairnClient({ url: server.url, token: server.ownerToken });
    if (implementedRoutes(server.app).has('endpoints.create')) await deployScaler(client);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('shows its health, deployment, keys and telemetry, and scores a sample from the test console', async (ctx) => {
    // The endpoint management API is another issue's; until the server implements it there is nothing to show.
    if (!implementedRoutes(server.app).has('endpoints.create')) ctx.skip();
    const w = await watchedPage(browser);
    const { page } = w;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signInWithToken(page, server.url, server.ownerToken);
    const health = page.getByRole('region', { name: "Endpoints' health" });
    await health.getByRole('row', { name: /scaler-ep/ }).getByText('Healthy').waitFor();
    await screenshot(page, 'home-endpoints');
    await health.getByRole('link', { name: 'scaler-ep' }).click();
    await page.getByRole('heading', { name: /Endpoint scaler-ep/ }).waitFor();
    await page.getByRole('table', { name: 'Deployments' }).getByRole('link', { name: 'scaler:1' }).waitFor();
    await page.getByRole('cell', { name: SCRIPT }).waitFor();

    const keys = await client.workspace('default').endpoints.keys('scaler-ep');
    expect(await page.locator('body').textContent()).not.toContain(keys.primaryKey);
    await page.getByRole('button', { name: 'Show primary key' }).click();
    await page.getByText(keys.primaryKey).waitFor();
    await page.getByRole('button', { name: 'Copy primary key' }).click();
    await page.getByText('Primary key copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(keys.primaryKey);
    await page.getByRole('button', { name: 'Regenerate secondary key' }).click();
    await page.getByText('Secondary key regenerated').waitFor();
    const after = await client.workspace('default').endpoints.keys('scaler-ep');
    expect(after.secondaryKey).not.toBe(keys.secondaryKey);
    expect(after.primaryKey).toBe(keys.primaryKey);

    // The console by keyboard: type the body, Tab to Send, Enter.
    await page.getByLabel('Request body').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('{"data": [1, 2, 3]}');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send request');
    await page.keyboard.press('Enter');
    const answer = page.getByRole('region', { name: 'Response' });
    await answer.getByText(/^HTTP 200 · scored in [\d.]+ ms · [\d.]+ ms round trip$/).waitFor({ timeout: 30_000 });
    console.log(`endpoint test console: ${await answer.locator('p').textContent()}`);
    expect(JSON.parse((await answer.locator('pre').textContent())!)).toEqual({ scaled: [2, 4, 6], note: IMG });
    // Telemetry is sampled every 2 s: the request shows in the counts and the charts draw.
    await page.getByText(/default: 1 requests/).waitFor({ timeout: 15_000 });
    await page.locator('figure.chart', { hasText: 'Requests per second' }).locator('canvas').first().waitFor();
    await page.getByRole('log', { name: 'Endpoint log' }).getByText('scaler ready').waitFor({ timeout: 15_000 });
    expect(await injected(page), 'endpoint page').toEqual({ xss: undefined, elements: 0 });
    await screenshot(page, 'endpoint');

    await page.goto(`${server.url}/w/default/models/scaler/1`);
    await page.getByRole('list', { name: /Lineage/ }).getByRole('link', { name: /scaler-ep/ }).click();
    await page.getByRole('heading', { name: /Endpoint scaler-ep/ }).waitFor();
    w.assertClean();
  });
});
