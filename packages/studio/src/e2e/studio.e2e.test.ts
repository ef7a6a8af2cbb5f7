/**
 * The studio in a real Chromium against a real server seeded through the API: sign-in (token and
 * one-time link), every page, the filter box and its error, live logs, compare; screenshots saved
 * to test-results/studio/. Every test fails on a console error, failed request or dialog.
 */
import type { Browser } from 'playwright-core';
import { api } from '@cairn/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCairn } from '../../../cli/src/test-support/run-cairn.js';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { implementedRoutes } from '../../../server/src/http/implement.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, screenshot, signInWithToken, watchedPage, type WatchedPage } from './browser.js';
import { seed } from './seed.js';

describe('studio', () => {
  let server: TestServer;
  let browser: Browser;
  let runs: Awaited<ReturnType<typeof seed>>;
  let current: WatchedPage | undefined;
  const open = async () => (current = await watchedPage(browser));

  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    runs = await seed(new CairnClient({ url: server.url, token: server.ownerToken }));
  });
  afterEach(async () => {
    const page = current;
    current = undefined;
    await page?.page.context().close();
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('signs in with a token and shows the workspace home with recent and running runs', async () => {
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.getByRole('heading', { name: 'Running now' }).waitFor();
    await expect.poll(() => w.page.getByRole('link', { name: 'still-running' }).count()).toBeGreaterThan(0);
    await w.page.getByRole('link', { name: 'baseline' }).first().waitFor();
    await w.page.getByRole('region', { name: 'Compute usage' }).getByRole('cell', { name: 'local' }).first().waitFor();
    const stored = await w.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(server.ownerToken.slice(-20));
    await screenshot(w.page, 'home');
    await w.page.getByRole('button', { name: 'Sign out' }).click();
    await w.page.waitForURL(/\/signin$/);
    // The session is gone on the server too: the next page's API calls are refused and lead back to sign-in.
    w.expect(401, '/api/v1/');
    await w.page.goto(`${server.url}/w/default`);
    await w.page.waitForURL(/\/signin\?next=/);
    w.assertClean();
  });

  it('switches workspaces from the header', async () => {
    const client = new CairnClient({ url: server.url, token: server.ownerToken });
    await client.workspaces.create('team2');
    await client.workspace('team2').runs.create({ experiment: 'other', displayName: 'team2-run' });
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.getByLabel('Workspace', { exact: true }).selectOption('team2');
    await w.page.waitForURL(/\/w\/team2$/);
    await w.page.getByRole('link', { name: 'team2-run' }).waitFor();
    w.assertClean();
  });

  it('signs in with a one-time link, which then refuses a second use', async () => {
    const link = await new CairnClient({ url: server.url, token: server.ownerToken }).sessions.createLink();
    const w = await open();
    await w.page.goto(`${server.url}${link.path}`);
    await w.page.waitForURL(/\/w\/default$/);
    await w.page.getByRole('heading', { name: 'Workspace default' }).waitFor();
    const other = await browser.newContext();
    const again = await other.newPage();
    await again.goto(`${server.url}${link.path}`);
    await again.waitForURL(/\/signin\?link=invalid$/);
    await again.getByText('already used or has expired').waitFor();
    expect(await again.getByText('already used or has expired').count()).toBe(1);
    await other.close();
    w.assertClean();
  });

  it('signs in with the link `cairn studio` prints', async () => {
    const env = { CAIRN_URL: server.url, CAIRN_TOKEN: server.ownerToken, CAIRN_CONFIG: '/nonexistent/cairn.json' };
    const printed = await runCairn(['studio', '-o', 'json'], { env });
    expect(printed.code, printed.stderr).toBe(0);
    const { url } = JSON.parse(printed.stdout) as { url: string };
    expect(url).toMatch(new RegExp(`^${server.url}/studio/login\\?code=`));
    const w = await open();
    await w.page.goto(url);
    await w.page.getByRole('heading', { name: 'Workspace default' }).waitFor();
    w.assertClean();
  });

  it('lists experiments and filters the runs table, showing a filter error at the failing token', async () => {
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.getByRole('link', { name: 'Experiments' }).click();
    await w.page.getByRole('link', { name: 'mnist' }).click();
    await w.page.getByText('3 runs').waitFor();
    await w.page.getByLabel('Filter').fill('metrics.accuracy > 0.8');
    await w.page.getByRole('button', { name: 'Apply' }).click();
    await w.page.getByText('1 runs').waitFor();
    expect(await w.page.getByRole('link', { name: 'tuned' }).count()).toBe(1);
    w.expect(400, '/runs?');
    await w.page.getByLabel('Filter').fill("status = 'Completed' andd tags.team = 'x'");
    await w.page.getByRole('button', { name: 'Apply' }).click();
    const mark = w.page.locator('mark.failing-token');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('andd');
    expect(await w.page.getByRole('alert').textContent()).toContain('INVALID_FILTER');
    await screenshot(w.page, 'runs-filter-error');
    w.assertClean();
  });

  it('sorts by a chosen metric column and compares two selected runs', async () => {
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.goto(`${server.url}/w/default/runs`);
    await w.page.getByRole('checkbox', { name: 'accuracy' }).check();
    await w.page.getByRole('button', { name: 'accuracy' }).click();
    await w.page.getByRole('checkbox', { name: 'Select baseline' }).check();
    await w.page.getByRole('checkbox', { name: 'Select tuned' }).check();
    await screenshot(w.page, 'runs');
    await w.page.getByRole('button', { name: 'Compare selected (2)' }).click();
    await w.page.getByRole('heading', { name: 'Parameters and metrics' }).waitFor();
    const differs = w.page.locator('tr.differs th');
    await expect.poll(() => differs.allTextContents()).toEqual(expect.arrayContaining(['tags.lr', 'properties.optimizer', 'metrics.accuracy']));
    expect(await w.page.locator('tr:not(.differs) th', { hasText: 'tags.team' }).count()).toBe(1);
    await w.page.locator('figure.chart', { hasText: 'loss' }).waitFor();
    expect(await w.page.locator('svg.parallel polyline').count()).toBe(2);
    await screenshot(w.page, 'compare');
    w.assertClean();
  });

  it('shows a run: overview with editable tags, metric charts and tables, files with preview, children, system metrics', async () => {
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.goto(`${server.url}/w/default/runs/${runs.a.id}`);
    await w.page.getByRole('heading', { name: 'Details' }).waitFor();
    await w.page.getByLabel('Tag', { exact: true }).fill('stage');
    await w.page.getByLabel('Value').fill('review');
    await w.page.getByRole('button', { name: 'Set tag' }).click();
    await w.page.getByRole('button', { name: 'Remove tag stage' }).waitFor();
    expect((await server.workspaces.resolve('default')) && (await new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default').runs.get(runs.a.id)).tags['stage']).toBe('review');
    await screenshot(w.page, 'run-overview');
    await w.page.getByRole('link', { name: 'Metrics', exact: true }).click();
    await w.page.locator('figure.chart', { hasText: 'loss' }).locator('canvas').waitFor();
    await w.page.locator('figure.metric-table', { hasText: 'summary' }).getByRole('cell', { name: '0.95' }).waitFor();
    await w.page.getByRole('button', { name: 'Log scale' }).or(w.page.getByLabel('Log scale')).first().check();
    await screenshot(w.page, 'run-metrics');
    await w.page.getByRole('link', { name: 'Files' }).click();
    await w.page.getByRole('button', { name: 'notes.txt' }).click();
    await w.page.locator('pre.file-text', { hasText: 'hello from the run' }).waitFor();
    await screenshot(w.page, 'run-files');
    await w.page.getByRole('link', { name: 'Child runs' }).click();
    await w.page.getByRole('treeitem').first().waitFor();
    expect(await w.page.getByRole('treeitem').first().textContent()).toContain('Completed');
    await w.page.getByRole('link', { name: 'System metrics' }).click();
    await w.page.locator('figure.chart', { hasText: 'system.cpu_percent' }).waitFor();
    w.assertClean();
  });

  it('shows models with their lineage and files, environments with versions, and compute targets', async () => {
    const client = new CairnClient({ url: server.url, token: server.ownerToken });
    await client.call(api.models.register, { params: { workspace: 'default' }, body: { name: 'digits', runId: runs.a.id, path: 'outputs/notes.txt', framework: 'ScikitLearn', tags: { stage: 'dev' } } });
    const definition = { python: { version: '3.11' }, pip: ['numpy==1.26.4'], pipOptions: [], variables: {}, docker: null, systemSitePackages: true };
    const { environment } = await client.workspace('default').environments.create('sklearn', definition);
    await client.workspace('default').environments.reportBuild('sklearn', 1, { hash: environment.hash, status: 'Succeeded', node: 'node-1', runId: runs.a.id, durationMs: 1200, log: 'Collecting numpy==1.26.4\nSuccessfully installed numpy' });
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.getByRole('link', { name: 'Models' }).click();
    await w.page.getByRole('link', { name: 'digits' }).click();
    await w.page.getByRole('heading', { name: 'Lineage' }).waitFor();
    await w.page.getByRole('list', { name: /Lineage/ }).getByRole('link', { name: 'baseline' }).waitFor();
    expect(await w.page.getByRole('link', { name: 'notes.txt' }).getAttribute('href')).toContain('/models/digits/versions/1/files/');
    await screenshot(w.page, 'model');
    await w.page.getByRole('link', { name: 'Environments' }).click();
    await w.page.getByRole('link', { name: 'sklearn' }).click();
    await w.page.getByRole('heading', { name: 'Version 1' }).waitFor();
    expect(await w.page.locator('pre.file-text').first().textContent()).toContain('numpy==1.26.4');
    await w.page.getByRole('button', { name: 'Show log of build 1' }).click();
    await w.page.getByLabel('Log of build 1').getByText('Successfully installed numpy').waitFor();
    await w.page.getByRole('link', { name: runs.a.id }).waitFor();
    await screenshot(w.page, 'environment');
    await w.page.getByRole('link', { name: 'Compute' }).click();
    await w.page.getByRole('cell', { name: 'local' }).first().waitFor();
    await w.page.getByRole('region', { name: 'Target local' }).getByText('Runs on local now').waitFor();
    await screenshot(w.page, 'compute');
    w.assertClean();
  });

  it('follows a run log live: a line appended through the API appears without a reload', async (ctx) => {
    if (!implementedRoutes(server.app).has('execution.followLogs')) ctx.skip();
    const w = await open();
    await signInWithToken(w.page, server.url, server.ownerToken);
    await w.page.goto(`${server.url}/w/default/runs/${runs.live.id}?tab=logs`);
    await w.page.getByRole('status').filter({ hasText: /lines|Connecting/ }).first().waitFor();
    const client = new CairnClient({ url: server.url, token: server.ownerToken });
    await client.workspace('default').execution.appendLogs(runs.live.id, { stream: 'stdout', lines: ['epoch 1: loss 0.42'], batchKey: 'e2e-1' });
    await w.page.getByRole('log').getByText('epoch 1: loss 0.42').waitFor();
    await screenshot(w.page, 'run-logs');
    w.assertClean();
  });
});
