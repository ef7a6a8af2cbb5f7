import { describe, expect } from 'vitest';
import { callTest as it } from '../test-support/call-test.js';
import { caller } from '../runs/test-support/http.js';

describe('experiments', () => {
  it('are created by PUT once, then returned as they are', async ({ call }) => {
    const first = await call('PUT', '/experiments/churn');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: 'churn', runCount: 0, lastRunAt: null });
    const second = await call('PUT', '/experiments/churn');
    expect(second.body).toEqual(first.body);
    expect((await call('GET', '/experiments/churn')).body).toEqual(first.body);
  });

  it('answer EXPERIMENT_NOT_FOUND and INVALID_NAME', async ({ call }) => {
    const missing = await call('GET', '/experiments/never-made');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'EXPERIMENT_NOT_FOUND']);
    expect(missing.body.error.message).toContain('never-made');
    const bad = await call('PUT', '/experiments/a b');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_NAME']);
  });

  it('are listed by name with run counts (children included) and the last run time', async ({ call }) => {
    await call('PUT', '/experiments/a-empty');
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await call('POST', '/runs', { experiment: 'b-busy' })).body);
    await call('POST', `/runs/${runs[0].id}/children`, { count: 2 });
    const last = (await call('POST', '/runs', { experiment: 'b-busy' })).body;
    const items = (await call('GET', '/experiments')).body.items;
    expect(items.map((e: any) => e.name)).toEqual(['a-empty', 'b-busy', 'churn']);
    expect(items[0]).toMatchObject({ runCount: 0, lastRunAt: null });
    expect(items[1]).toMatchObject({ runCount: 6, lastRunAt: last.createdAt });
  });

  it('belong to one workspace', async ({ server }) => {
    await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { authorization: `Bearer ${server.ownerToken}` }, payload: { name: 'team-b' } });
    const other = caller(server, server.ownerToken, 'team-b');
    expect((await other('GET', '/experiments')).body.items).toEqual([]);
    expect((await other('GET', '/experiments/churn')).body.error.code).toBe('EXPERIMENT_NOT_FOUND');
  });
});
