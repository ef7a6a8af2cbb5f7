import { afterEach, describe, expect, it } from 'vitest';
import { LocalReplicaLauncher } from './replica.js';
import { ReplicaPool, type PoolSettings } from './replica-pool.js';
import { scriptSpec } from './test-support/scripts.js';

const pools: ReplicaPool[] = [];
const base: PoolSettings = { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 10_000, scoringTimeoutMs: 20_000 };

async function started(script: string, settings: Partial<PoolSettings>): Promise<ReplicaPool> {
  const p = new ReplicaPool('blue', scriptSpec(script), { ...base, ...settings }, new LocalReplicaLauncher(), () => {});
  pools.push(p);
  expect(await p.start()).toBe('Healthy');
  return p;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stopAll()));
});

// run() returns the most calls it saw in progress at once (itself included).
const COUNTING = `import threading, time
lock = threading.Lock()
active = 0
def init():
    pass
def run(d):
    global active
    with lock:
        active += 1
        seen = active
    time.sleep(0.05)
    with lock:
        active -= 1
    return seen
`;

// Three calls must meet inside run(): a replica that serves them one by one breaks the barrier.
const BARRIER = `import threading
barrier = threading.Barrier(3, timeout=5)
def init():
    pass
def run(d):
    barrier.wait()
    return "met"
`;

const json = (outcome: { body: Buffer }) => JSON.parse(outcome.body.toString()) as unknown;

describe('concurrent requests per replica (real Python replicas)', () => {
  it('runs up to N requests at once on one replica when N > 1', async () => {
    const p = await started(BARRIER, { maxConcurrentRequestsPerReplica: 3 });
    const outcomes = await Promise.all([1, 2, 3].map(() => p.score(Buffer.from('{}'))));
    expect(outcomes.map((o) => [o.status, json(o)])).toEqual([[200, 'met'], [200, 'met'], [200, 'met']]);
  });

  it('keeps one replica strictly serial at the default of 1', async () => {
    const p = await started(COUNTING, {});
    // One on the replica and two queued: all its default queue (2 × 1 × 1) holds.
    const outcomes = await Promise.all([1, 2, 3].map(() => p.score(Buffer.from('{}'))));
    expect(outcomes.map((o) => json(o))).toEqual([1, 1, 1]);
  });

  it('never gives a replica more than N at once, and queues the rest', async () => {
    const p = await started(COUNTING, { maxConcurrentRequestsPerReplica: 2 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => p.score(Buffer.from('{}'))));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    expect(Math.max(...outcomes.map((o) => json(o) as number))).toBe(2);
  });

  it('bounds the queue at 2 × replicas × concurrency and counts busy requests per replica', async () => {
    const p = await started('import time\ndef init():\n    pass\ndef run(d):\n    time.sleep(0.3)\n    return d\n', { maxConcurrentRequestsPerReplica: 2 });
    const admitted = Array.from({ length: 6 }, () => p.score(Buffer.from('1')));
    expect(p.status()).toMatchObject({ busy: 2, queued: 4 });
    const rejected = await p.score(Buffer.from('1'));
    expect(rejected.status).toBe(503);
    expect(json(rejected)).toEqual({ message: 'The service is busy: the request queue is full' });
    expect((await Promise.all(admitted)).map((o) => o.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
