import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { caller, qs, type Call } from './test-support/http.js';
import { setCreatedAt, setMetric } from './test-support/seed.js';

let server: TestServer;
let call: Call;
const day = 86_400_000;
const may1 = Date.parse('2024-05-01T00:00:00Z');

/** id, experiment, display name, status, tags, properties, metrics, days after May 1st it was created. */
const seeds: [string, string, string, string, Record<string, string | null>, Record<string, string>, Record<string, number | null>, number][] = [
  ['r1', 'search', 'ridge-a', 'Completed', { model: 'ridge', team: 'Vision' }, { dataset: 'iris' }, { acc: 0.9, loss: 0.1 }, 0],
  ['r2', 'search', 'ridge-b', 'Failed', { model: 'ridge', note: null }, { dataset: 'digits' }, { acc: 0.7, loss: 0.3 }, 1],
  ['r3', 'search', 'lasso', 'Running', { model: 'lasso' }, {}, { acc: 0.95 }, 2],
  ['r4', 'other', 'forest', 'Queued', { model: 'forest_v2' }, { dataset: 'iris-v2' }, {}, 3],
  ['r5', 'search', 'plain', 'NotStarted', {}, {}, { acc: null }, 4],
];

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  call = caller(server);
  for (const [id, experiment, displayName, status, tags, properties, metrics, days] of seeds) {
    await call('POST', '/runs', { id, experiment, displayName, tags, properties });
    if (status !== 'NotStarted') await call('PATCH', `/runs/${id}`, { status });
    for (const [name, value] of Object.entries(metrics)) await setMetric(server, id, name, value);
    await setCreatedAt(server, id, may1 + days * day);
  }
});
afterAll(async () => { await server.close(); });

async function ids(query: Record<string, string | number | undefined>): Promise<string[]> {
  const res = await call('GET', `/runs${qs(query)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((run: { id: string }) => run.id);
}

describe('run search', () => {
  it('lists every top-level run of the workspace, newest first, by default', async () => {
    expect(await ids({})).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    expect(await ids({ experiment: 'search' })).toEqual(['r5', 'r3', 'r2', 'r1']);
  });

  it.each([
    ['metrics.acc > 0.8', ['r3', 'r1']],
    ['metrics.loss <= 0.2', ['r1']],
    ['not metrics.acc > 0.8', ['r5', 'r4', 'r2']],
    ['metrics.acc exists', ['r5', 'r3', 'r2', 'r1']],
    ['metrics.acc >= 0.7 and metrics.loss > 0.2', ['r2']],
    ["tags.model = 'ridge'", ['r2', 'r1']],
    ["tags.model in ('lasso', 'forest_v2')", ['r4', 'r3']],
    ["tags.model like 'forest%'", ['r4']],
    ["tags.team = 'vision'", []],
    ['tags.note exists', ['r2']],
    ['tags.note is null', ['r5', 'r4', 'r3', 'r2', 'r1']],
    ["properties.dataset = 'iris' or props.dataset = 'iris-v2'", ['r4', 'r1']],
    ["status = 'Completed'", ['r1']],
    ["status in ('Failed', 'Canceled', 'Queued')", ['r4', 'r2']],
    ["created >= '2024-05-03' and created < '2024-05-05T00:00:00Z'", ['r4', 'r3']],
    ["name like 'ridge%'", ['r2', 'r1']],
    ["experiment = 'other'", ['r4']],
    ["(tags.model = 'ridge' and metrics.acc > 0.8) or (status = 'Running' and not tags.team exists)", ['r3', 'r1']],
  ])('filters %s', async (filter, expected) => {
    expect(await ids({ filter })).toEqual(expected);
  });

  it.each([
    ['metrics.acc desc', ['r3', 'r1', 'r2', 'r5', 'r4']],
    ['metrics.acc', ['r2', 'r1', 'r3', 'r5', 'r4']],
    ['metrics.loss desc, name', ['r2', 'r1', 'r4', 'r3', 'r5']],
    ['tags.model', ['r4', 'r3', 'r2', 'r1', 'r5']],
    ['name desc', ['r2', 'r1', 'r5', 'r3', 'r4']],
    ['created', ['r1', 'r2', 'r3', 'r4', 'r5']],
    ['status', ['r1', 'r2', 'r5', 'r4', 'r3']],
  ])('sorts by %s, runs without a value last', async (orderBy, expected) => {
    expect(await ids({ orderBy })).toEqual(expected);
  });

  it('sorts and filters together', async () => {
    expect(await ids({ filter: 'metrics.acc > 0.5', orderBy: 'metrics.loss' })).toEqual(['r1', 'r2', 'r3']);
  });

  it('answers a malformed filter with INVALID_FILTER pointing at the offending token', async () => {
    const res = await call('GET', `/runs${qs({ filter: "tags.model = 'ridge' and metrics.acc >> 1" })}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_FILTER');
    expect(res.body.error.details).toMatchObject({ parameter: 'filter', position: 38, token: '>' });
    expect(res.body.error.message).toContain('position 38');
    expect(res.body.error.message).toContain("tags.model = 'ridge' and metrics.acc >> 1\n                                      ^");
    const unknown = await call('GET', `/runs${qs({ filter: 'colour = 1' })}`);
    expect(unknown.body.error).toMatchObject({ code: 'INVALID_FILTER', details: { position: 0, token: 'colour' } });
  });

  it('answers a malformed order-by with INVALID_FILTER too', async () => {
    const res = await call('GET', `/runs${qs({ orderBy: 'metrics.acc sideways' })}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_FILTER', details: { parameter: 'orderBy', position: 12, token: 'sideways' } });
  });

  it('answers EXPERIMENT_NOT_FOUND for an unknown experiment', async () => {
    const res = await call('GET', `/runs${qs({ experiment: 'nope' })}`);
    expect([res.status, res.body.error.code]).toEqual([404, 'EXPERIMENT_NOT_FOUND']);
  });
});
