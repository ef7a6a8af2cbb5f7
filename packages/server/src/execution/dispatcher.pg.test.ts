import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CairnClient } from '@cairn/sdk';
import { startTestPostgres, type TestPostgres } from '../test-support/postgres.js';
import { testBackends } from '../test-support/test-server.js';
import { SqlExecutionStore } from './sql-execution-store.js';
import { fastExecution, snapshotOf, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';
import { startServerOn, type RestartableServer } from './test-support/server-process.js';

describe.each(testBackends())('two dispatchers on one database (%s)', (backend) => {
  const dirs = [mkdtempSync(join(tmpdir(), 'cairn-d1-')), mkdtempSync(join(tmpdir(), 'cairn-d2-'))];
  const servers: RestartableServer[] = [];
  let pg: TestPostgres | null = null;
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await pg?.stop();
    if (!process.env.KEEP) for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('never start a run twice', async () => {
    pg = backend === 'postgres' ? await startTestPostgres() : null;
    const db = pg ? await pg.newDatabase() : `sqlite:${join(dirs[0]!, 'cairn.db')}`;
    // Eight runners on a small machine: generous heartbeat limits, so only a double start could fail this.
    const timings = { ...fastExecution, tickMs: 10, notRespondingMs: 10_000, failMs: 30_000 };
    // Replicas share one metadata database and one blob store.
    const blobs = `file:${join(dirs[0]!, 'blobs')}`;
    servers.push(await startServerOn(dirs[0]!, db, 0, timings, blobs));
    servers.push(await startServerOn(dirs[1]!, db, 0, timings, blobs));
    const client = new CairnClient({ url: servers[0]!.url, token: servers[0]!.ownerToken! });
    const fx = { client, ws: client.workspace('default') } as ExecFixture;
    const snapshotId = await snapshotOf(fx, { 'train.py': 'print("once")\n' });
    const runs = await Promise.all(Array.from({ length: 8 }, () => fx.ws.execution.submit({ experiment: 'race', snapshotId, runConfig: { script: 'train.py' } })));
    for (const run of runs) {
      const ended = await waitForRun(fx, run.id);
      expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    }
    const tokens = await servers[0]!.metadata.db.selectFrom('tokens').select(['run_id']).where('run_id', 'is not', null).execute();
    expect(tokens.map((t) => t.run_id).sort()).toEqual(runs.map((r) => r.id).sort());
    for (const run of runs) expect((await fx.ws.execution.logs(run.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual(['once']);
  });

  it('lease a queued run to exactly one of many concurrent claims', async () => {
    const stores = servers.map((s) => new SqlExecutionStore(s.metadata.db));
    const client = new CairnClient({ url: servers[0]!.url, token: servers[0]!.ownerToken! });
    const run = await client.workspace('default').runs.create({ experiment: 'race' });
    const workspace = await servers[0]!.server.workspaces.resolve('default');
    await stores[0]!.create({ runId: run.id, workspaceId: workspace.id, target: 'nowhere', runConfig: { script: 'x.py', arguments: [], compute: 'nowhere', environment: 'system', environment_variables: {}, secrets: [] }, snapshotId: 'x', environment: null, queuedAt: Date.now() });
    const now = Date.now();
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.claim(run.id, `owner-${i}`, now, now + 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const expired = await stores[1]!.claim(run.id, 'late', now + 120_000, now + 180_000);
    expect(expired).toBe(true);
  });
});
