import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '@cairn/api';
import { insertRun } from '../files/test-support/run-rows.js';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { SqlExecutionStore } from './sql-execution-store.js';
import { SqlLogStore } from './sql-log-store.js';

const config: RunConfig = { script: 'train.py', arguments: [], compute: 'local', environment: 'system', environment_variables: {}, secrets: [] };

describe.each(testBackends())('execution stores on %s', (backend) => {
  let server: TestServer;
  let logs: SqlLogStore;
  let executions: SqlExecutionStore;
  let workspaceId: number;

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    logs = new SqlLogStore(server.metadata.db);
    executions = new SqlExecutionStore(server.metadata.db);
    workspaceId = (await server.workspaces.resolve('default')).id;
    for (const run of ['l1', 'e1', 'e2', 'e3']) await insertRun(server.metadata.db, 'default', run);
    await server.metadata.db.updateTable('runs').set({ status: 'Queued' }).where('id', 'in', ['e1', 'e2', 'e3']).execute();
  });
  afterAll(async () => server.close());

  it('stores a log batch once per key, in order, and reads it by rank, stream and cursor', async () => {
    const line = (rank: number, stream: 'stdout' | 'stderr', text: string) => ({ rank, stream, text, time: 1_700_000_000_000 });
    expect(await logs.append('l1', 'k1', [line(0, 'stdout', 'a'), line(0, 'stdout', 'b')])).toBe(2);
    expect(await logs.append('l1', 'k1', [line(0, 'stdout', 'a'), line(0, 'stdout', 'b')])).toBe(0);
    expect(await logs.append('l1', 'k2', [line(1, 'stderr', 'c')])).toBe(1);
    const all = await logs.read('l1', { limit: 100 });
    expect(all.map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(all.map((l) => l.cursor)).toEqual([...all.map((l) => l.cursor)].sort((x, y) => x - y));
    expect((await logs.read('l1', { rank: 1, limit: 100 })).map((l) => l.text)).toEqual(['c']);
    expect((await logs.read('l1', { stream: 'stdout', limit: 100 })).map((l) => l.text)).toEqual(['a', 'b']);
    expect((await logs.read('l1', { after: all[0]!.cursor, limit: 1 })).map((l) => l.text)).toEqual(['b']);
  });

  it('stores a large batch whole', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ rank: 0, stream: 'stdout' as const, text: `line ${i}`, time: 1 }));
    expect(await logs.append('l1', 'big', many)).toBe(5000);
    expect((await logs.read('l1', { limit: 10_000 })).filter((l) => l.text.startsWith('line '))).toHaveLength(5000);
  });

  it('queues executions oldest first, leases each once, and moves them through their phases', async () => {
    for (const [index, runId] of ['e2', 'e1', 'e3'].entries()) {
      await executions.create({ runId, workspaceId, target: 'local', runConfig: config, snapshotId: 's', environment: index === 0 ? { name: 'x' } : null, queuedAt: 1000 + index });
    }
    expect((await executions.queued('local')).map((e) => e.runId)).toEqual(['e2', 'e1', 'e3']);
    expect((await executions.get('e2'))).toMatchObject({ workspace: 'default', phase: 'queued', environment: { name: 'x' }, runConfig: config });
    expect(await executions.claim('e2', 'a', 10, 100)).toBe(true);
    expect(await executions.claim('e2', 'b', 20, 200)).toBe(false);
    expect(await executions.markStarted('e2', 'b', { pid: 1 }, 't', 30)).toBe(false);
    expect(await executions.markStarted('e2', 'a', { pid: 1 }, 't', 30)).toBe(true);
    expect(await executions.claim('e2', 'b', 10_000, 20_000)).toBe(false);
    expect((await executions.active('local')).map((e) => e.runId)).toEqual(['e2']);
    expect((await executions.queued('local')).map((e) => e.runId)).toEqual(['e1', 'e3']);
    expect(await executions.claim('e1', 'a', 10, 100)).toBe(true);
    await executions.release('e1', 'a');
    expect((await executions.get('e1'))!.phase).toBe('queued');
  });

  it('finds silent started executions, cancel requests and ended runs', async () => {
    await executions.heartbeat('e2', 500);
    expect((await executions.silentSince(400)).map((e) => e.runId)).toEqual([]);
    expect((await executions.silentSince(600)).map((e) => e.runId)).toEqual(['e2']);
    await executions.requestCancel('e2');
    expect((await executions.get('e2'))!.cancelRequested).toBe(true);
    expect(await executions.ended()).toEqual([]);
    await server.metadata.db.updateTable('runs').set({ status: 'Completed' }).where('id', '=', 'e2').execute();
    expect((await executions.ended()).map((e) => e.runId)).toEqual(['e2']);
    expect(await executions.active('local')).toEqual([]);
    await executions.setPhase('e2', 'ended');
    expect(await executions.ended()).toEqual([]);
  });
});
