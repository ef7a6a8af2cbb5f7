// The SDK against a real server: every facade method once, errors raised again with the server's code.
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { allRoutes, CairnError } from '@cairn/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server.js';
import { CairnClient, type WorkspaceClient } from './cairn-client.js';
import { CairnClientError } from './errors.js';
import { matchRoute } from './test-support/match-route.js';

let server: TestServer;
let client: CairnClient;
let ws: WorkspaceClient;
const reached = new Set<string>();

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  // Record which route every request reached, to check at the end that no route went untried.
  const recording: typeof fetch = async (input, init) => {
    const route = matchRoute(init?.method ?? 'GET', String(input));
    if (route) reached.add(route.id);
    return fetch(input, init);
  };
  client = new CairnClient({ url: server.url, token: server.ownerToken, fetch: recording });
  ws = client.workspace('sdk-e2e');
});

afterAll(async () => {
  await server?.close();
});

describe('CairnClient against a real server', () => {
  it('knows who it is and reads the API description', async () => {
    expect((await client.whoami()).roles).toContainEqual({ workspace: null, role: 'Owner' });
    expect((await client.openapi()).openapi).toMatch(/^3\.1/);
  });

  it('creates, lists and shows workspaces', async () => {
    expect(await client.workspaces.create('sdk-e2e', 'for the SDK test')).toMatchObject({ name: 'sdk-e2e', description: 'for the SDK test' });
    expect((await client.workspaces.list()).map((w) => w.name)).toContain('sdk-e2e');
    expect((await client.workspaces.get('sdk-e2e')).name).toBe('sdk-e2e');
  });

  it('ensures, shows and lists experiments', async () => {
    expect((await ws.experiments.ensure('mnist')).name).toBe('mnist');
    expect((await ws.experiments.get('mnist')).runCount).toBe(0);
    expect((await ws.experiments.list()).map((e) => e.name)).toEqual(['mnist']);
  });

  it('creates, finds, updates, tags and cancels runs, with children', async () => {
    const run = await ws.runs.create({ experiment: 'mnist', id: 'run-a', displayName: 'first', tags: { team: 'vision' } });
    expect(run).toMatchObject({ id: 'run-a', status: 'NotStarted', tags: { team: 'vision' } });
    expect((await ws.runs.get('run-a')).displayName).toBe('first');
    expect((await ws.runs.update('run-a', { status: 'Running' })).status).toBe('Running');
    expect((await ws.runs.setTags('run-a', { stage: 'dev' }, ['team'])).tags).toEqual({ stage: 'dev' });
    expect((await ws.runs.addProperties('run-a', { seed: '42' })).properties).toEqual({ seed: '42' });
    expect(await ws.runs.createChildren('run-a', { count: 2 })).toHaveLength(2);
    expect((await ws.runs.children('run-a')).map((r) => r.parentRunId)).toEqual(['run-a', 'run-a']);
    expect((await ws.runs.list({ filter: "tags.stage = 'dev'" })).items.map((r) => r.id)).toEqual(['run-a']);
    expect(['CancelRequested', 'Canceled']).toContain((await ws.runs.cancel('run-a')).status);
  });

  it('logs metrics and reads them back whole, downsampled, streamed and latest', async () => {
    await ws.runs.create({ experiment: 'mnist', id: 'run-m', status: 'Running' });
    const points = Array.from({ length: 50 }, (_, step) => ({ name: 'loss', step, value: 1 / (step + 1) }));
    expect(await ws.metrics.log('run-m', points)).toMatchObject({ accepted: 50 });
    expect((await ws.metrics.list('run-m'))[0]).toMatchObject({ name: 'loss', count: 50, latest: { step: 49 } });
    const series = await ws.metrics.series('run-m', 'loss', { maxPoints: 10 });
    expect(series.count).toBe(50);
    expect(series.points.step.length).toBeLessThanOrEqual(10);
    const streamed: number[] = [];
    for await (const block of ws.metrics.points('run-m', 'loss')) streamed.push(...block.step.map(Number));
    expect(streamed).toEqual(points.map((p) => p.step));
    expect((await ws.metrics.latest(['run-m']))['run-m']).toMatchObject({ loss: 1 / 50 });
  });

  it('uploads, lists and downloads files, one or as a zip', async () => {
    const progress: number[] = [];
    const file = await ws.files.upload('run-m', 'outputs/model.txt', Readable.from([Buffer.from('weights')]), { onProgress: (sent) => progress.push(sent) });
    expect(file).toMatchObject({ path: 'outputs/model.txt', size: 7 });
    expect(progress.at(-1)).toBe(7);
    expect((await ws.files.list('run-m', 'outputs/')).map((f) => f.path)).toEqual(['outputs/model.txt']);
    const download = await ws.files.download('run-m', 'outputs/model.txt');
    expect(Buffer.concat(await download.toArray()).toString()).toBe('weights');
    const zip = Buffer.concat(await (await ws.files.archive('run-m', 'outputs/')).toArray());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
  });

  it('sets, lists and deletes secrets without ever returning a value', async () => {
    await ws.secrets.set('db-password', 'hunter2');
    const listed = await ws.secrets.list();
    expect(listed.map((s) => s.name)).toEqual(['db-password']);
    expect(JSON.stringify(listed)).not.toContain('hunter2');
    await ws.secrets.delete('db-password');
    expect(await ws.secrets.list()).toEqual([]);
  });

  it('creates, lists and revokes tokens', async () => {
    const created = await client.tokens.create({ user: 'ci-bot', role: 'Reader', workspace: 'sdk-e2e', name: 'ci' });
    expect(created.token).toBeTruthy();
    expect((await client.tokens.list()).map((t) => t.id)).toContain(created.id);
    await client.tokens.revoke(created.id);
    const revoked = new CairnClient({ url: server.url, token: created.token });
    await expect(revoked.whoami()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('registers, finds, downloads, changes, aliases and deletes models', async () => {
    const model = await ws.models.register({ name: 'mnist-net', runId: 'run-m', path: 'outputs/model.txt', framework: 'PyTorch', tags: { stage: 'dev' } });
    expect(model).toMatchObject({ id: 'mnist-net:1', runId: 'run-m', fileCount: 1, size: 7 });
    expect((await ws.models.list({ tags: ['stage=dev'], latest: true })).items.map((m) => m.id)).toEqual(['mnist-net:1']);
    expect((await ws.models.get('mnist-net')).files).toEqual([expect.objectContaining({ path: 'model.txt', size: 7 })]);
    expect(Buffer.concat(await (await ws.models.download('mnist-net', 1, 'model.txt')).toArray()).toString()).toBe('weights');
    expect((await ws.models.update('mnist-net', 1, { setTags: { stage: 'prod' }, addProperties: { acc: '0.9' } })).tags).toEqual({ stage: 'prod' });
    expect(await ws.models.setAlias('mnist-net', 'production', 1)).toMatchObject({ alias: 'production', version: 1 });
    expect((await ws.models.aliases('mnist-net')).map((a) => a.alias)).toEqual(['production']);
    expect((await ws.models.get('mnist-net@production')).version).toBe(1);
    await ws.models.deleteAlias('mnist-net', 'production');
    await ws.models.delete('mnist-net', 1);
    const events = await ws.models.events('mnist-net');
    expect(events.map((e) => e.kind)).toEqual(['registered', 'updated', 'aliased', 'unaliased', 'deleted']);
    expect((await ws.models.allEvents(events[2]!.id)).map((e) => `${e.name} ${e.kind}`)).toEqual(['mnist-net unaliased', 'mnist-net deleted']);
    await expect(ws.models.get('mnist-net:1')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', status: 404 });
  });

  it('raises the server error code again: RUN_NOT_FOUND, FORBIDDEN', async () => {
    const error = await ws.runs.get('no-such-run').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'RUN_NOT_FOUND', status: 404 });
    const reader = new CairnClient({ url: server.url, token: await server.tokenFor('Reader', 'sdk-e2e') });
    await expect(reader.workspace('sdk-e2e').runs.create({ experiment: 'mnist' })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('deletes a workspace that holds experiments only with force', async () => {
    await expect(client.workspaces.delete('sdk-e2e')).rejects.toMatchObject({ code: 'WORKSPACE_NOT_EMPTY' });
    await client.workspaces.delete('sdk-e2e', { force: true });
    await expect(client.workspaces.get('sdk-e2e')).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
  });

  // Every route is mapped to a facade method and called by route-table.test.ts; this test drives the
  // workspace-service groups against a real server. The other groups have end-to-end tests of their own:
  // sessions (studio), blobs/snapshots/execution/compute (run submission), environments, datastores/datasets.
  const exercised = ['meta', 'tokens', 'workspaces', 'experiments', 'runs', 'metrics', 'files', 'secrets', 'models'];

  it('reached every route of the groups it exercises', () => {
    const routes = allRoutes.map((r) => r.id).filter((id) => exercised.includes(id.split('.')[0]!));
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('reports a server that is not there as CONNECTION_FAILED naming its URL', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const error = await new CairnClient({ url, token: 't' }).whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnClientError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', url });
    expect((error as Error).message).toContain(url);
  });
});
