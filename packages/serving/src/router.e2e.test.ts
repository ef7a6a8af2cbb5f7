import { afterEach, describe, expect, it } from 'vitest';
import { LocalReplicaLauncher } from './replica.js';
import { ReplicaPool, type PoolSettings } from './replica-pool.js';
import { EndpointRouter } from './router.js';
import { scriptSpec } from './test-support/scripts.js';

const settings: PoolSettings = { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 5000, scoringTimeoutMs: 10_000 };
const routers: EndpointRouter[] = [];

function answering(word: string, initSeconds = 0): ReplicaPool {
  const script = `import time\ndef init():\n    time.sleep(${initSeconds})\ndef run(d):\n    return ${JSON.stringify(word)}\n`;
  return new ReplicaPool(word, scriptSpec(script), settings, new LocalReplicaLauncher(), () => {});
}

afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

async function router(): Promise<EndpointRouter> {
  const r = new EndpointRouter();
  routers.push(r);
  return r;
}

describe('endpoint router', () => {
  it('splits traffic between deployments by weight', async () => {
    const r = await router();
    await Promise.all([r.deploy('blue', answering('blue')), r.deploy('green', answering('green'))]);
    r.setTraffic({ blue: 90, green: 10 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i += 1) {
      const word = JSON.parse((await r.score(Buffer.from('x'))).body.toString()) as string;
      counts[word] = (counts[word] ?? 0) + 1;
    }
    expect(counts.green).toBeGreaterThan(50);
    expect(counts.green).toBeLessThan(150);
    expect(counts.blue! + counts.green!).toBe(1000);
  });

  it('updates a deployment with no failed request under load', async () => {
    const r = await router();
    await r.deploy('blue', answering('v1'));
    r.setTraffic({ blue: 100 });
    const statuses: number[] = [];
    const seen = new Set<string>();
    let load = true;
    // Two clients: one in flight and one queued stay within the default queue bound of one replica.
    const clients = Array.from({ length: 2 }, async () => {
      while (load) {
        await new Promise((resolve) => setImmediate(resolve));
        const outcome = await r.score(Buffer.from('x'));
        statuses.push(outcome.status);
        if (outcome.status === 200) seen.add(JSON.parse(outcome.body.toString()) as string);
      }
    });
    const update = await r.deploy('blue', answering('v2', 0.5));
    expect(update.state).toBe('Healthy');
    await expect.poll(() => seen.has('v2')).toBe(true);
    load = false;
    await Promise.all(clients);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(seen).toEqual(new Set(['v1', 'v2']));
  });

  it('keeps the running deployment when the new one fails init()', async () => {
    const r = await router();
    await r.deploy('blue', answering('v1'));
    r.setTraffic({ blue: 100 });
    const broken = new ReplicaPool('blue', scriptSpec('def init():\n    1/0\ndef run(d):\n    return d\n'), settings, new LocalReplicaLauncher(), () => {});
    const status = await r.deploy('blue', broken);
    expect(status.state).toBe('Failed');
    expect(status.error).toContain('ZeroDivisionError');
    expect(JSON.parse((await r.score(Buffer.from('x'))).body.toString())).toBe('v1');
  });
});
