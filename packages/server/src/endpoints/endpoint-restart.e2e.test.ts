/** A restarted server brings back every stored endpoint: same URL, same keys, same model. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnClient } from '@cairn/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { SKLEARN_SCORE, trainRidge } from '../../../serving/src/test-support/scripts.js';
import { fastExecution } from '../execution/test-support/execution-fixture.js';
import { startServerOn, type RestartableServer } from '../execution/test-support/server-process.js';

const ROW = JSON.stringify({ data: [[1, 0, 0, 0, 0, 0, 0, 0, 0, 1]] });

async function upload(client: CairnClient, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await client.workspace('default').blobs.upload(sha256, bytes);
  return sha256;
}

async function healthy(client: CairnClient, name: string) {
  for (;;) {
    // A keep-alive socket to the stopped server fails once; the next call opens a new one.
    const endpoint = await client.workspace('default').endpoints.get(name).catch(() => null);
    if (endpoint && endpoint.state !== 'Transitioning') return endpoint;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a server restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-endpoint-restart-'));
  let current: RestartableServer | null = null;
  afterAll(async () => {
    await current?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings every stored endpoint back up with its keys', async () => {
    const db = `sqlite:${join(dataDir, 'cairn.db')}`;
    current = await startServerOn(dataDir, db, 0, fastExecution);
    const port = Number(new URL(current.url).port);
    const client = new CairnClient({ url: current.url, token: current.ownerToken! });
    const ws = client.workspace('default');
    trainRidge(join(dataDir, 'trained'));
    const model = readFileSync(join(dataDir, 'trained', 'model.pkl'));
    await ws.models.register({ name: 'diabetes', framework: 'ScikitLearn', files: [{ path: 'model.pkl', sha256: await upload(client, model) }] });
    const script = Buffer.from(SKLEARN_SCORE);
    const snapshot = await ws.snapshots.create([{ path: 'score.py', sha256: await upload(client, script), size: script.length, mode: 0o644 }]);
    await ws.endpoints.create({ name: 'diabetes', models: ['diabetes:1'], entryScript: 'score.py', snapshotId: snapshot.id });
    const before = await healthy(client, 'diabetes');
    expect(before.state).toBe('Healthy');
    const { primaryKey } = await ws.endpoints.keys('diabetes');

    await current.stop();
    current = await startServerOn(dataDir, db, port, fastExecution);
    const after = await healthy(client, 'diabetes');
    expect(after).toMatchObject({ state: 'Healthy', scoringUrl: before.scoringUrl });
    const res = await fetch(after.scoringUrl, { method: 'POST', headers: { authorization: `Bearer ${primaryKey}` }, body: ROW });
    expect(res.status).toBe(200);
    expect(((await res.json()) as number[])[0]).toBeCloseTo(12, 3);
  });
});
