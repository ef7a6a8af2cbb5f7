import { afterEach, describe, expect, it } from 'vitest';
import { LocalReplicaLauncher } from './replica.js';
import { ReplicaPool, type PoolSettings } from './replica-pool.js';
import { SKLEARN_SCORE, scriptSpec, trainRidge } from './test-support/scripts.js';

const pools: ReplicaPool[] = [];
const logs: string[] = [];
const base: PoolSettings = { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 2000, scoringTimeoutMs: 10_000 };

function pool(script: string, settings: Partial<PoolSettings> = {}, modelDir?: string): ReplicaPool {
  const p = new ReplicaPool('blue', scriptSpec(script, modelDir), { ...base, ...settings }, new LocalReplicaLauncher(), (id, line) => logs.push(`${id} ${line}`));
  pools.push(p);
  return p;
}

const json = (outcome: { body: Buffer }) => JSON.parse(outcome.body.toString());
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stopAll()));
  logs.length = 0;
});

describe('replica pool with real Python replicas', () => {
  it('serves a v1 score.py with a real sklearn Ridge from AZUREML_MODEL_DIR', async () => {
    const spec = scriptSpec('');
    trainRidge(spec.modelDir);
    const p = pool(SKLEARN_SCORE, {}, spec.modelDir);
    expect(await p.start()).toBe('Healthy');
    const row = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const outcome = await p.score(body({ data: [row] }));
    expect(outcome.status).toBe(200);
    expect(json(outcome)[0]).toBeCloseTo(3 + 0 + 9, 3);
    expect(outcome.runMicros).toBeGreaterThan(0);
    expect(p.telemetry.snapshot().statusCodes).toEqual({ '200': 1 });
  });

  it('fails the deployment with the traceback when init() raises', async () => {
    const p = pool('def init():\n    raise ValueError("no model here")\ndef run(d):\n    return d\n');
    expect(await p.start()).toBe('Failed');
    expect(p.status().error).toContain('ValueError: no model here');
    expect(p.status().error).toContain('Traceback');
  });

  it("answers 500 with v1's message when run() raises, the traceback only in the log", async () => {
    const p = pool('def init():\n    pass\ndef run(d):\n    raise KeyError("secret detail")\n');
    await p.start();
    const outcome = await p.score(body({}));
    expect(outcome.status).toBe(500);
    expect(json(outcome)).toEqual({ message: 'An unexpected error occurred in scoring script. Check the logs for more info.' });
    expect(outcome.body.toString()).not.toContain('secret detail');
    await expect.poll(() => logs.join('\n')).toContain("KeyError: 'secret detail'");
  });

  it('answers 504 when scoring passes the timeout and restarts the replica', async () => {
    const p = pool('import time\ndef init():\n    pass\ndef run(d):\n    if d == "slow":\n        time.sleep(30)\n    return d\n', { scoringTimeoutMs: 300 });
    await p.start();
    const slow = await p.score(Buffer.from('slow'));
    expect(slow.status).toBe(504);
    expect(json(slow).message).toBe('Scoring timeout after 300 ms');
    await expect.poll(() => p.status().ready, { timeout: 10_000 }).toBe(1);
    expect((await p.score(Buffer.from('"fast"'))).status).toBe(200);
  });

  it('gives 502 to the request on a replica that dies, serves queued ones on its replacement', async () => {
    const p = pool('import os\ndef init():\n    pass\ndef run(d):\n    if d == "die":\n        os._exit(1)\n    return d\n', { maxQueueWaitMs: 10_000 });
    await p.start();
    const dying = p.score(Buffer.from('die'));
    const queued = p.score(Buffer.from('"after"'));
    expect((await dying).status).toBe(502);
    const after = await queued;
    expect(after.status).toBe(200);
    expect(json(after)).toBe('"after"');
  });

  it('answers 503 with Retry-After when the queue is full or the wait passes the limit', async () => {
    const p = pool('import time\ndef init():\n    pass\ndef run(d):\n    time.sleep(0.5)\n    return d\n', { maxQueueWaitMs: 200, queueSize: 1 });
    await p.start();
    const inFlight = p.score(Buffer.from('1'));
    const waiting = p.score(Buffer.from('2'));
    const started = Date.now();
    const full = await p.score(Buffer.from('3'));
    expect(full.status).toBe(503);
    expect(full.retryAfter).toBe(1);
    expect(Date.now() - started).toBeLessThan(50);
    const waited = await waiting;
    expect(waited.status).toBe(503);
    expect(json(waited).message).toMatch(/over the 200 ms limit/);
    expect((await inFlight).status).toBe(200);
  });

  it('scales out under load within about a second and back in after a quiet period', async () => {
    const p = pool('import time\ndef init():\n    pass\ndef run(d):\n    time.sleep(0.05)\n    return d\n', { maxReplicas: 3, scaleInAfterMs: 800, tickMs: 50, scaleOutAfterMs: 300, maxQueueWaitMs: 10_000, queueSize: 100 });
    await p.start();
    let load = true;
    const clients = Array.from({ length: 3 }, async () => {
      while (load) await p.score(Buffer.from('1'));
    });
    await expect.poll(() => p.status().ready, { timeout: 10_000 }).toBe(3);
    load = false;
    await Promise.all(clients);
    await expect.poll(() => p.status().replicas, { timeout: 10_000 }).toBe(1);
    const history = p.telemetry.snapshot().replicas.map((r) => r.count);
    expect(Math.max(...history)).toBe(3);
  });
});

