/**
 * The datasets pages against a real server seeded through the API: a tabular dataset on a local
 * datastore with two versions, its profile and schema, its files, and lineage to the run that read
 * it; and the same pages with script payloads in column names, values, paths and descriptions.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../../sdk/src/cairn-client.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { launch, screenshot, signInWithToken, watchedPage } from './browser.js';
import { injected, IMG, SCRIPT } from './payloads.js';

describe('studio datasets', () => {
  let server: TestServer;
  let browser: Browser;
  let dir: string;
  let runId: string;
  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'warn' });
    browser = await launch();
    dir = await mkdtemp(join(tmpdir(), 'cairn-studio-ds-'));
    await writeFile(join(dir, 'iris.csv'), 'length,kind\n5.1,setosa\n4.9,setosa\n7.0,versicolor\n');
    await writeFile(join(dir, 'evil.csv'), `"${IMG.replaceAll('"', '""')}",label\n1,"${SCRIPT}"\n2,"${SCRIPT}"\n`);
    const ws = new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default');
    await ws.datastores.register({ type: 'local', name: 'lake', path: dir });
    await ws.datasets.create({ name: 'iris', kind: 'tabular', datastore: 'lake', path: 'iris.csv', description: 'three flowers' });
    await writeFile(join(dir, 'iris.csv'), 'length,kind\n5.1,setosa\n4.9,setosa\n7.0,versicolor\n6.3,virginica\n');
    await ws.datasets.create({ name: 'iris', kind: 'tabular', datastore: 'lake', path: 'iris.csv', description: 'four flowers' });
    await ws.datasets.create({ name: 'evil', kind: 'tabular', datastore: 'lake', path: 'evil.csv', description: SCRIPT });
    const run = await ws.runs.create({ experiment: 'flowers', displayName: 'reads-iris' });
    runId = run.id;
    await ws.datasets.linkRun(run.id, 'iris:2', 'input', 'training');
    await ws.datasets.linkRun(run.id, 'evil:1', 'input', IMG);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); await rm(dir, { recursive: true, force: true }); });

  it('lists datasets, shows a version with its profile, files, other versions and the run that read it', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await signInWithToken(page, server.url, server.ownerToken);
    await page.getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('link', { name: 'evil', exact: true }).waitFor();
    await screenshot(page, 'datasets');
    await page.getByRole('link', { name: 'iris', exact: true }).click();
    await page.getByRole('heading', { name: 'Dataset iris:2' }).waitFor();
    await page.getByRole('cell', { name: 'four flowers' }).waitFor();
    // The profile is computed by a background job; the page re-reads the version until it is done.
    await page.getByText('Profile Completed · 4 rows').waitFor({ timeout: 20_000 });
    const columns = page.getByRole('table', { name: 'Columns' });
    expect(await columns.getByRole('rowheader').allTextContents()).toEqual(['length', 'kind']);
    expect(await columns.getByRole('row', { name: /length/ }).getByRole('cell').first().textContent()).toBe('number');
    await page.getByRole('table', { name: 'Runs that read or wrote this version' }).getByRole('link', { name: runId }).waitFor();
    await page.getByRole('button', { name: 'Show all 1 files' }).click();
    await page.getByRole('table', { name: 'Files of this version' }).getByRole('cell', { name: 'iris.csv' }).waitFor();
    await screenshot(page, 'dataset');
    await page.getByRole('link', { name: 'Version 1' }).click();
    await page.getByRole('cell', { name: 'three flowers' }).waitFor();
    expect(await page.getByText('No run has read or written this version yet.').count()).toBe(1);
    await page.getByRole('link', { name: '← Datasets' }).click();
    await page.getByRole('link', { name: 'Versions of iris' }).click();
    await page.getByRole('heading', { name: 'Dataset iris' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'iris', exact: true }).count()).toBe(2);
    w.assertClean();
  });

  it('shows script payloads in a dataset as text and runs none of them', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await signInWithToken(page, server.url, server.ownerToken);
    await page.goto(`${server.url}/w/default/datasets`);
    await page.getByRole('link', { name: 'evil', exact: true }).click();
    await page.getByRole('cell', { name: SCRIPT }).first().waitFor();
    await page.getByRole('rowheader', { name: IMG }).waitFor({ timeout: 20_000 });
    await page.getByText(`${SCRIPT} (2)`).waitFor();
    expect(await injected(page), 'dataset page').toEqual({ xss: undefined, elements: 0 });
    await page.goto(`${server.url}/w/default/runs/${runId}`);
    await page.getByRole('heading', { name: 'Details' }).waitFor();
    expect(await injected(page), 'run page').toEqual({ xss: undefined, elements: 0 });
    w.assertClean();
  });
});
