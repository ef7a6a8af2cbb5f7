import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { metricsClient } from './test-support/metrics-client.js';
import { seedRun } from './test-support/seed.js';

let server: TestServer;
let client: ReturnType<typeof metricsClient>;

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  client = metricsClient(server.app, server.ownerToken);
});
afterAll(() => server.close());

/** Batch `b` of a run: 200 points over two metrics, each value naming its batch and position. */
function batchPoints(b: number) {
  return Array.from({ length: 200 }, (_, i) => ({ name: i % 2 === 0 ? 'loss' : 'acc', step: b * 100 + (i >> 1), value: b * 1_000 + i }));
}

describe('50 batches at once', () => {
  it('stores every point exactly once, acks each batch, and fails only the bad ones', async () => {
    const runs = [await seedRun(server.metadata.db, { id: `r1-${randomUUID()}` }), await seedRun(server.metadata.db, { id: `r2-${randomUUID()}` })];
    const keys = Array.from({ length: 40 }, () => randomUUID());
    const good = keys.map((key, b) => ({ run: runs[b % 2]!, key, points: batchPoints(b) }));
    // Retries of the first five batches race their originals; five bad batches (a kind clash) race the rest.
    const retries = good.slice(0, 5);
    const bad = Array.from({ length: 5 }, (_, i) => ({ run: runs[i % 2]!, key: randomUUID(), points: [{ name: 'acc', kind: 'list', value: 1 }] }));
    const all = [...good, ...retries, ...bad];
    expect(all).toHaveLength(50);
    const replies = await Promise.all(all.map((b) => client.log(b.run, b.points, b.key)));

    const acks = replies.slice(0, 45).map((r) => r.body);
    // Of each batch sent twice, exactly one copy is stored.
    for (let b = 0; b < 5; b++) {
      expect([acks[b], acks[40 + b]]).toEqual(expect.arrayContaining([{ accepted: 200, duplicate: false }, { accepted: 0, duplicate: true }]));
    }
    expect(acks.slice(5, 40)).toEqual(Array(35).fill({ accepted: 200, duplicate: false }));
    expect(replies.slice(45).map((r) => [r.status, r.body.error.code])).toEqual(Array(5).fill([409, 'METRIC_KIND_MISMATCH']));

    for (const [r, runId] of runs.entries()) {
      const sent = good.filter((_, b) => b % 2 === r).flatMap((b) => b.points);
      for (const name of ['loss', 'acc']) {
        const stored = (await client.series(runId, name)).body.points.value as number[];
        const expected = sent.filter((p) => p.name === name).map((p) => p.value);
        expect([...stored].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
        // Within each batch the points kept the order they were sent in.
        for (let b = 0; b < 40; b++) {
          const ofBatch = stored.filter((v) => Math.floor(v / 1_000) === b);
          expect(ofBatch).toEqual([...ofBatch].sort((x, y) => x - y));
        }
      }
    }
  });
});
