/**
 * Overload: far more than a deployment can serve, for a minute (BENCH_OVERLOAD_SECONDS). The queue
 * must stay within its bound, rejections (503) must be fast, and the gateway must still answer.
 */
import type { BenchRow } from '../harness.js';
import { LocalReplicaLauncher, ReplicaPool, type PoolSettings } from '../../packages/serving/src/index.js';
import { scriptSpec } from '../../packages/serving/src/test-support/scripts.js';
import { KEY, gateway } from './stacks.js';
import { wrk } from './wrk.js';

const SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 60);
// 10 ms per request: 2 replicas serve about 200 requests/s.
const SLOW_SCORE = 'import time\ndef init():\n    pass\ndef run(d):\n    time.sleep(0.01)\n    return [1.0]\n';

/** Rows for the overload case. */
export async function overload(log: (line: string) => void, settings: (over?: Partial<PoolSettings>) => PoolSettings): Promise<BenchRow[]> {
  const pool = new ReplicaPool('overload', scriptSpec(SLOW_SCORE), settings(), new LocalReplicaLauncher(), () => {});
  await pool.start();
  const rejections: number[] = [];
  const gw = await gateway(async (body) => {
    const started = performance.now();
    const outcome = await pool.score(body);
    if (outcome.status === 503) rejections.push(performance.now() - started);
    return outcome;
  });
  let maxQueue = 0;
  const sampler = setInterval(() => (maxQueue = Math.max(maxQueue, pool.status().queued)), 5);
  // Capacity is 2 in flight + 4 queued: 18 connections is 3× what the deployment can hold.
  log(`overload: wrk -c 18 for ${SECONDS}s`);
  const load = await wrk(`${gw.url}/score`, '{"data": [[1]]}', { seconds: SECONDS, connections: 18, key: KEY });
  clearInterval(sampler);
  const alive = await fetch(`${gw.url}/score`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{}' }).then((r) => r.status === 200, () => false);
  await gw.close();
  await pool.stopAll();
  rejections.sort((a, b) => a - b);
  const p99 = rejections[Math.floor(rejections.length * 0.99)] ?? 0;
  const bound = 2 * 2 * 1;
  const notes = `${load.requests} requests, ${load.non2xx} rejected, ${(load.requests - load.non2xx) / SECONDS} served/s`;
  return [
    { name: 'overload 3×: largest queue', measured: { value: maxQueue, unit: 'requests' }, target: { op: '<', value: bound + 1, unit: 'requests' }, notes },
    { name: 'overload 3×: rejection time, p99', measured: { value: p99, unit: 'ms' }, target: { op: '<', value: 50, unit: 'ms' }, notes: 'in the gateway, request admitted to 503 answered' },
    { name: 'overload 3×: gateway answers afterwards', measured: { value: alive ? 1 : 0, unit: 'yes' }, target: { op: '>=', value: 1, unit: 'yes' } },
  ];
}
