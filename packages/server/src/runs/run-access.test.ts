import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type RouteDef } from '@cairn/api';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { caller } from './test-support/http.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ listen: false }); });
afterAll(async () => { await server.close(); });

const writes = [...Object.values(api.runs), ...Object.values(api.experiments)].filter((route: RouteDef) => route.action.endsWith('.write')) as RouteDef[];

describe('a Reader', () => {
  it('gets FORBIDDEN on every run and experiment write, and changes nothing', async () => {
    const run = (await caller(server)('POST', '/runs', { experiment: 'guarded', tags: { t: '1' } })).body;
    const reader = await server.tokenFor('Reader');
    expect(writes.map((route) => route.id).sort()).toEqual(['experiments.ensure', 'runs.addProperties', 'runs.cancel', 'runs.create',
      'runs.createChildren', 'runs.setTags', 'runs.update']);
    for (const route of writes) {
      const url = `/api/v1${route.path.replace('{workspace}', 'default').replace('{runId}', run.id).replace('{experiment}', 'new-one')}`;
      const res = await server.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${reader}` }, payload: validBody(route.id) });
      expect([route.id, res.statusCode, res.json().error.code]).toEqual([route.id, 403, 'FORBIDDEN']);
    }
    const after = (await caller(server)('GET', `/runs/${run.id}`)).body;
    expect(after).toMatchObject({ status: 'NotStarted', tags: { t: '1' }, properties: {} });
    expect((await caller(server)('GET', '/experiments')).body.items.map((e: any) => e.name)).toEqual(['guarded']);
  });

  it('can read runs and experiments', async () => {
    const reader = caller(server, await server.tokenFor('Reader'));
    expect((await reader('GET', '/runs')).status).toBe(200);
    expect((await reader('GET', '/experiments/guarded')).status).toBe(200);
  });
});

/** A body the route would accept, so only the role can be what refuses it. */
function validBody(routeId: string): object | undefined {
  const bodies: Record<string, object> = {
    'runs.create': { experiment: 'guarded' }, 'runs.update': { status: 'Running' }, 'runs.setTags': { set: { t: '2' } },
    'runs.addProperties': { properties: { p: '1' } }, 'runs.createChildren': { count: 1 },
  };
  return bodies[routeId];
}
