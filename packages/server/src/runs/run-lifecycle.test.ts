import { describe, expect } from 'vitest';
import { canTransition, runStatuses, type RunStatus } from '@cairn/api';
import { callTest as it } from '../test-support/call-test.js';
import { defaultDisplayName } from './run-names.js';
import { caller, type Call } from './test-support/http.js';

async function newRun(call: Call, body: Record<string, unknown> = {}) {
  const res = await call('POST', '/runs', { experiment: 'lifecycle', ...body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('creating runs', () => {
  it('gives a submitted run a v1-style id, the next number and a readable name, and creates its experiment', async ({ call }) => {
    const before = Math.floor(Date.now() / 1000);
    const run = await newRun(call, { experiment: 'first-use' });
    expect(run.id).toMatch(/^first-use_(\d+)_[0-9a-f]{8}$/);
    expect(Number(run.id.split('_')[1])).toBeGreaterThanOrEqual(before);
    expect(run).toMatchObject({ workspace: 'default', experiment: 'first-use', number: 1, status: 'NotStarted', parentRunId: null, rootRunId: run.id,
      type: 'cairn.run', computeTarget: 'local', createdBy: 'owner', startedAt: null, endedAt: null, durationSeconds: null, error: null });
    expect(run.displayName).toMatch(/^[a-z]+_[a-z]+_[0-9a-f]{8}$/);
    expect(run.displayName).toBe(defaultDisplayName(run.id));
    expect((await call('GET', '/experiments/first-use')).body).toMatchObject({ name: 'first-use', runCount: 1 });
    expect((await newRun(call, { experiment: 'first-use' })).number).toBe(2);
  });

  it('keeps a client id, and answers RUN_EXISTS for a taken one without using up a run number', async ({ call }) => {
    const run = await newRun(call, { experiment: 'ids', id: 'my-run.1', displayName: 'mine', description: 'why', tags: { a: 'b' }, properties: { p: null } });
    expect(run).toMatchObject({ id: 'my-run.1', displayName: 'mine', description: 'why', number: 1, tags: { a: 'b' }, properties: { p: null } });
    const again = await call('POST', '/runs', { experiment: 'ids', id: 'my-run.1' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RUN_EXISTS');
    expect(again.body.error.message).toContain('my-run.1');
    expect((await newRun(call, { experiment: 'ids' })).number).toBe(2);
    expect((await call('GET', '/runs/my-run.1')).body.tags).toEqual({ a: 'b' });
  });

  it('starts an interactive run at once', async ({ call }) => {
    const run = await newRun(call, { status: 'Running' });
    expect(run.startedAt).toBe(run.createdAt);
    expect(run.durationSeconds).toBeGreaterThanOrEqual(0);
  });

  it('hands out every number exactly once under 20 concurrent creates', async ({ call }) => {
    const created = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/runs', { experiment: 'concurrent' })));
    expect(created.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(created.map((r) => r.body.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await call('GET', '/experiments/concurrent')).body.runCount).toBe(20);
  });

  it('rejects bad input with the rule broken', async ({ call }) => {
    const badName = await call('POST', '/runs', { experiment: '-nope' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.code).toBe('INVALID_NAME');
    const badId = await call('POST', '/runs', { experiment: 'ok-name', id: 'has space' });
    expect(badId.body.error.code).toBe('INVALID_NAME');
    const badStatus = await call('POST', '/runs', { experiment: 'ok-name', status: 'Completed' });
    expect(badStatus.body.error.code).toBe('INVALID_INPUT');
  });

  it('answers RUN_NOT_FOUND for a run that does not exist', async ({ call }) => {
    const res = await call('GET', '/runs/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('RUN_NOT_FOUND');
  });

  it('keeps runs inside their workspace', async ({ server, call }) => {
    const run = await newRun(call);
    await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { authorization: `Bearer ${server.ownerToken}` }, payload: { name: 'other' } });
    const elsewhere = caller(server, server.ownerToken, 'other');
    expect((await elsewhere('GET', `/runs/${run.id}`)).body.error.code).toBe('RUN_NOT_FOUND');
    expect((await elsewhere('PATCH', `/runs/${run.id}`, { status: 'Running' })).body.error.code).toBe('RUN_NOT_FOUND');
    expect((await elsewhere('GET', '/runs')).body.items).toEqual([]);
  });
});

describe('status moves', () => {
  async function runIn(call: Call, status: RunStatus) {
    const run = await newRun(call);
    if (status === 'NotStarted') return run;
    const moved = await call('PATCH', `/runs/${run.id}`, { status });
    expect(moved.status).toBe(200);
    return moved.body;
  }

  it.for(runStatuses)('follow the forward-only table from %s to every status, answering 409 with the current status', async (from, { call }) => {
    for (const to of runStatuses) {
      const run = await runIn(call, from);
      const res = await call('PATCH', `/runs/${run.id}`, { status: to });
      const allowed = from === to || canTransition(from, to);
      expect([from, to, res.status]).toEqual([from, to, allowed ? 200 : 409]);
      if (allowed) continue;
      expect(res.body.error.code).toBe('INVALID_STATUS_TRANSITION');
      expect(res.body.error.details).toMatchObject({ currentStatus: from, requestedStatus: to });
      expect(res.body.error.message).toContain(`is ${from} and cannot move to ${to}`);
      expect((await call('GET', `/runs/${run.id}`)).body.status).toBe(from);
    }
  });

  it.for([
    ['Completed', 'Running', 409], ['Failed', 'Completed', 409], ['Running', 'Queued', 409], ['Finalizing', 'Running', 409],
    ['CancelRequested', 'Running', 409], ['CancelRequested', 'Canceled', 200], ['NotResponding', 'Running', 200],
    ['Queued', 'Completed', 200], ['NotStarted', 'Running', 200], ['Preparing', 'Queued', 409],
  ] as const)('%s → %s answers %i', async ([from, to, status], { call }) => {
    const run = await runIn(call, from);
    expect((await call('PATCH', `/runs/${run.id}`, { status: to })).status).toBe(status);
  });

  it('set startedAt on first reaching Running and endedAt on ending, and count the duration between them', async ({ call }) => {
    const run = await newRun(call);
    const queued = (await call('PATCH', `/runs/${run.id}`, { status: 'Queued', statusReason: 'waiting for 2 nodes' })).body;
    expect(queued).toMatchObject({ status: 'Queued', statusReason: 'waiting for 2 nodes', startedAt: null, durationSeconds: null });
    const running = (await call('PATCH', `/runs/${run.id}`, { status: 'Running' })).body;
    expect(running.statusReason).toBeNull();
    expect(running.startedAt).toBeGreaterThanOrEqual(queued.createdAt);
    const notResponding = (await call('PATCH', `/runs/${run.id}`, { status: 'NotResponding' })).body;
    const again = (await call('PATCH', `/runs/${run.id}`, { status: 'Running' })).body;
    expect([notResponding.startedAt, again.startedAt]).toEqual([running.startedAt, running.startedAt]);
    const done = (await call('PATCH', `/runs/${run.id}`, { status: 'Completed' })).body;
    expect(done.endedAt).toBeGreaterThanOrEqual(done.startedAt);
    expect(done.durationSeconds).toBe((done.endedAt - done.startedAt) / 1000);
  });

  it('store the error with Failed, keep the first one, and refuse an error without Failed', async ({ call }) => {
    const run = await runIn(call, 'Running');
    const error = { code: 'UserError', message: 'exit code 2', details: { tail: 'Traceback…' } };
    expect((await call('PATCH', `/runs/${run.id}`, { error })).body.error.code).toBe('INVALID_INPUT');
    const failed = (await call('PATCH', `/runs/${run.id}`, { status: 'Failed', error })).body;
    expect(failed).toMatchObject({ status: 'Failed', error });
    const retried = (await call('PATCH', `/runs/${run.id}`, { status: 'Failed', error: { code: 'Other', message: 'later' } })).body;
    expect(retried.error).toEqual(error);
    expect(retried.endedAt).toBe(failed.endedAt);
  });

  it('change display name and description, even after the run ended', async ({ call }) => {
    const run = await runIn(call, 'Completed');
    const renamed = (await call('PATCH', `/runs/${run.id}`, { displayName: 'better name', description: '## notes' })).body;
    expect(renamed).toMatchObject({ displayName: 'better name', description: '## notes', status: 'Completed' });
  });
});

describe('cancel', () => {
  it.for(['NotStarted', 'Queued', 'Running', 'Preparing'] as const)('ends a %s run Canceled', async (status, { call }) => {
    const run = await newRun(call);
    if (status !== 'NotStarted') await call('PATCH', `/runs/${run.id}`, { status });
    const canceled = await call('POST', `/runs/${run.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('Canceled');
    expect(canceled.body.endedAt).not.toBeNull();
    expect((await call('GET', `/runs/${run.id}`)).body.status).toBe('Canceled');
  });

  it.for(['Completed', 'Failed', 'Canceled'] as const)('of a %s run is RUN_ENDED', async (status, { call }) => {
    const run = await newRun(call);
    await call('PATCH', `/runs/${run.id}`, { status });
    const res = await call('POST', `/runs/${run.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'RUN_ENDED', details: { status } });
    expect(res.body.error.message).toContain(status);
  });

  it('answers a run already CancelRequested as it is', async ({ call }) => {
    const run = await newRun(call);
    await call('PATCH', `/runs/${run.id}`, { status: 'CancelRequested' });
    const res = await call('POST', `/runs/${run.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CancelRequested');
  });
});
