/**
 * Overload: three times what a deployment can serve, at a fixed rate, for a minute
 * (BENCH_OVERLOAD_SECONDS). The queue must stay within its bound, rejections (503) must be fast,
 * and the gateway must still answer afterwards.
 */
import type { BenchRow } from '../harness.js';
import { LocalReplicaLauncher, ReplicaPool, type PoolSettings } from '../../packages/serving/src/index.js';
import { scriptSpec } from '../../packages/serving/src/test-support/scripts.js';
import { fixedRate } from '../support/fixed-rate.js';
import { KEY, gateway } from './stacks.js';

const SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 60);
// 10 ms per request: 2 replicas serve at most 200 requests/s.
const SLOW_SCORE = 'import time\ndef init():\n    pass\ndef run(d):\n    time.sleep(0.01)\n    return [1.0]\n';
const CAPACITY = 200;

/** Rows for the overload case. */
export async function overload(log: (line: string) => void, settings: (over?: Partial<PoolSettings>) => PoolSettings): Promise<BenchRow[]> {
  const pool = new ReplicaPool('overload', scriptSpec(SLOW_SCORE), settings(), new LocalReplicaLauncher(), () => {});
  await pool.start();
  const bound = 2 * pool.status().replicas * settings().maxConcurrentRequestsPerReplica;
  const rejections: number[] = [];
  let maxQueue = 0;
  const gw = await gateway(async (body) => {
    const started = performance.now();
    const answer = pool.score(body);
    // The queue only grows on admission: reading it here sees every peak.
    maxQueue = Math.max(maxQueue, pool.status().queued);
    const outcome = await answer;
    if (outcome.status === 503) rejections.push(performance.now() - started);
    return outcome;
  });
  log(`overload: ${3 * CAPACITY} req/s (3× the ${CAPACITY} req/s 2 replicas of a 10 ms run() serve) for ${SECONDS}s`);
  const load = await fixedRate({ url: `${gw.url}/score`, headers: { Authorization: `Bearer ${KEY}` }, body: '{"data": [[1]]}', rate: 3 * CAPACITY, seconds: SECONDS, connections: 128 });
  const alive = await fetch(`${gw.url}/score`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{}' }).then((r) => r.status === 200, () => false);
  await gw.close();
  await pool.stopAll();
  rejections.sort((a, b) => a - b);
  const p99 = rejections[Math.floor(rejections.length * 0.99)] ?? 0;
  const notes = `${load.sent} sent, ${load.ok.count} served (${(load.ok.count / SECONDS).toFixed(0)}/s, p99 ${load.ok.p99.toFixed(1)} ms), ${load.rejected.count} rejected, ${load.other} other`;
  return [
    { name: 'overload 3×: largest queue', measured: { value: maxQueue, unit: 'requests' }, target: { op: '<', value: bound + 1, unit: 'requests' }, notes: `bound ${bound} (2 × 2 replicas × 1); ${notes}` },
    { name: 'overload 3×: rejection time, p99, client', measured: { value: load.rejected.p99, unit: 'ms' }, target: { op: '<', value: 50, unit: 'ms' }, notes: `503 answers as the load generator saw them (HTTP included); max ${load.rejected.max.toFixed(1)} ms` },
    { name: 'overload 3×: rejection time, p99, in the gateway', measured: { value: p99, unit: 'ms' }, target: { op: '<', value: 50, unit: 'ms' }, notes: 'request admitted to 503 decided (queue full, or the 500 ms queue wait passed)' },
    { name: 'overload 3×: gateway answers afterwards', measured: { value: alive ? 1 : 0, unit: 'yes' }, target: { op: '>=', value: 1, unit: 'yes' } },
  ];
}
