import { afterEach, describe, expect, it } from 'vitest';
import { monotonicSeconds } from './frames.js';
import { LocalReplicaLauncher } from './replica.js';
import { ReplicaPool, type PoolSettings } from './replica-pool.js';
import { scriptSpec } from './test-support/scripts.js';

const pools: ReplicaPool[] = [];
const base: PoolSettings = { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 10_000, scoringTimeoutMs: 20_000 };

// Fast for any body but "slow" and "die"; answers the body and how many run() calls it has seen.
const SCRIPT = `import os, time
calls = 0
def init():
    pass
def run(d):
    global calls
    calls += 1
    if d == "slow":
        time.sleep(0.5)
    if d == "die":
        os._exit(1)
    return [d, calls]
`;

async function warm(settings: Partial<PoolSettings>): Promise<ReplicaPool> {
  const p = new ReplicaPool('blue', scriptSpec(SCRIPT), { ...base, ...settings }, new LocalReplicaLauncher(), () => {});
  pools.push(p);
  expect(await p.start()).toBe('Healthy');
  // Short run() calls: from now on the pool sends a frame ahead while one runs.
  for (let i = 0; i < 5; i += 1) expect((await p.score(Buffer.from('"warm"'))).status).toBe(200);
  return p;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stopAll()));
});

const json = (outcome: { body: Buffer }) => JSON.parse(outcome.body.toString()) as unknown;

describe('the replica host and deadlines on frames', () => {
  it('runs a frame before its deadline and answers 503 unstarted after it', async () => {
    const replica = new LocalReplicaLauncher().start(scriptSpec(SCRIPT), 'r', () => {});
    try {
      await replica.ready;
      const late = await replica.score(Buffer.from('"late"'), monotonicSeconds() - 1);
      expect(late.status).toBe(503);
      const inTime = await replica.score(Buffer.from('"in time"'), monotonicSeconds() + 30);
      expect([inTime.status, JSON.parse(inTime.body.toString())]).toEqual([200, ['"in time"', 1]]);
    } finally {
      await replica.stop();
    }
  });
});

describe('frames sent ahead to a replica with short run() calls', () => {
  it('answers each request its own result, in order, under a burst', async () => {
    const p = await warm({ queueSize: 100 });
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => p.score(Buffer.from(JSON.stringify(`r${i}`)))));
    const answers = outcomes.map((o) => json(o) as [string, number]);
    expect(answers.map(([body]) => body)).toEqual(Array.from({ length: 50 }, (_, i) => JSON.stringify(`r${i}`)));
    // run() saw them in the order they came.
    expect(answers.map(([, calls]) => calls)).toEqual(Array.from({ length: 50 }, (_, i) => 6 + i));
  });

  it('answers 503 without calling run() when a frame sent ahead waited past the queue wait limit', async () => {
    const p = await warm({ maxQueueWaitMs: 100 });
    const slow = p.score(Buffer.from('slow'));
    const ahead = await p.score(Buffer.from('"late"'));
    expect(ahead.status).toBe(503);
    expect(ahead.retryAfter).toBe(1);
    expect((json(ahead) as { message: string }).message).toMatch(/over the 100 ms limit/);
    expect((await slow).status).toBe(200);
    // warm ×5, slow, then this one: "late" never reached run().
    expect(json(await p.score(Buffer.from('"next"')))).toEqual(['"next"', 7]);
  });

  it('sends a request waiting ahead on a replica that dies to its replacement', async () => {
    const p = await warm({});
    const dying = p.score(Buffer.from('die'));
    const ahead = p.score(Buffer.from('"after"'));
    expect((await dying).status).toBe(502);
    const after = await ahead;
    expect(after.status).toBe(200);
    expect(json(after)).toEqual(['"after"', 1]);
  });
});
