/**
 * Untrusted text on every page: run names, tags, properties, metric names, file names, file contents
 * (HTML, SVG, text) and log lines carry script payloads. No dialog may open, no injected element may
 * exist, and the payloads must show as the literal text they are.
 */
import type { Browser } from 'playwright-core';
import { api } from '@cairn/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';
import { injected, IMG, SCRIPT } from './payloads.js';

async function seedPayloads(client: CairnClient) {
  const ws = client.workspace('default');
  const run = await ws.runs.create({ experiment: 'xss', displayName: IMG, status: 'Running', tags: { [SCRIPT]: IMG, team: SCRIPT }, properties: { [IMG]: SCRIPT } });
  const other = await ws.runs.create({ experiment: 'xss', displayName: SCRIPT, status: 'Running', tags: { team: 'x' } });
  for (const r of [run, other]) await ws.metrics.log(r.id, [{ name: IMG, step: 0, value: 1 }, { name: IMG, step: 1, value: 2 }, { name: 'score', value: r === run ? 1 : 2 }]);
  await ws.metrics.log(run.id, [{ name: `table ${IMG}`, kind: 'table', row: { [IMG]: SCRIPT } }]);
  await ws.files.upload(run.id, `outputs/${IMG}.txt`, Buffer.from(SCRIPT));
  await ws.files.upload(run.id, 'outputs/page.html', Buffer.from(`<html><body>${SCRIPT}${IMG}</body></html>`));
  await ws.files.upload(run.id, 'outputs/picture.svg', Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=3;alert('svg')"><script>alert('svg2')</script></svg>`));
  await ws.runs.createChildren(run.id, { tagKey: 'child', tagValues: [IMG] });
  await client.workspace('default').execution.appendLogs(run.id, { stream: 'stdout', lines: [SCRIPT, IMG], batchKey: 'xss' }).catch(() => undefined);
  await client.call(api.models.register, { params: { workspace: 'default' }, body: { name: 'evil', runId: run.id, path: `outputs/${IMG}.txt`, description: SCRIPT, tags: { [IMG]: SCRIPT }, datasets: [IMG] } });
  return { run, other };
}

describe('studio against script payloads', () => {
  let server: TestServer;
  let browser: Browser;
  let ids: { run: { id: string }; other: { id: string } };
  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    ids = await seedPayloads(new CairnClient({ url: server.url, token: server.ownerToken }));
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('shows every payload as text on every page and runs none of them', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await signInWithToken(page, server.url, server.ownerToken);
    const check = async (what: string) => {
      expect(await injected(page), what).toEqual({ xss: undefined, elements: 0 });
    };
    await page.getByText(IMG).first().waitFor();
    await check('home');
    await page.goto(`${server.url}/w/default/experiments`);
    await page.getByRole('link', { name: 'xss' }).click();
    await page.getByRole('checkbox', { name: IMG, exact: true }).check();
    await page.getByText(SCRIPT).first().waitFor();
    await check('runs table');
    const base = `${server.url}/w/default/runs/${ids.run.id}`;
    await page.goto(base);
    await page.getByRole('cell', { name: SCRIPT }).first().waitFor();
    await check('overview');
    await page.goto(`${base}?tab=metrics`);
    await page.locator('figure', { hasText: `table ${IMG}` }).getByRole('cell', { name: SCRIPT }).waitFor();
    await check('metrics');
    await page.goto(`${base}?tab=files`);
    for (const name of [`${IMG}.txt`, 'page.html', 'picture.svg']) {
      await page.getByRole('button', { name }).click();
      await page.locator('pre.file-text').waitFor();
      expect(await page.locator('pre.file-text').textContent()).toContain('alert(');
      await check(`file ${name}`);
    }
    await page.goto(`${base}?tab=children`);
    await page.getByRole('treeitem').first().waitFor();
    await check('children');
    await page.goto(`${base}?tab=logs`);
    await page.getByRole('status').filter({ hasText: /lines|Connecting/ }).first().waitFor();
    await check('logs');
    await page.goto(`${server.url}/w/default/compare?runs=${ids.run.id},${ids.other.id}`);
    await page.getByRole('heading', { name: 'Parallel coordinates' }).waitFor();
    await page.locator('figure.chart').first().waitFor();
    await check('compare');
    await page.goto(`${server.url}/w/default/models`);
    await page.getByRole('cell', { name: `${IMG}=${SCRIPT}` }).waitFor();
    await check('models');
    await page.getByRole('link', { name: 'evil' }).click();
    await page.getByRole('heading', { name: 'Lineage' }).waitFor();
    await page.getByText(SCRIPT).first().waitFor();
    await check('model');
    await screenshot(page, 'xss-compare');
    w.assertClean();
  });

  it('serves an HTML run file as an attachment with nosniff and a sandboxing CSP, never as a page', async () => {
    const res = await fetch(`${server.url}/api/v1/workspaces/default/runs/${ids.run.id}/files/outputs/page.html`, { headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });
});
