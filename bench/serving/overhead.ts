/**
 * The gateway's added latency at a fixed 5,000 requests/s (open loop, `bench/support/fixed-rate`):
 * the same replica (a run() answering a constant) called directly over its frame socket, then
 * through the gateway over HTTP; and a bare Node HTTP server answering a constant, the floor of
 * any HTTP hop on this machine.
 */
import type { BenchRow } from '../harness.js';
import { LocalReplicaLauncher, ReplicaPool, type PoolSettings } from '../../packages/serving/src/index.js';
import { scriptSpec } from '../../packages/serving/src/test-support/scripts.js';
import { fixedRate, type FixedRateResult } from '../support/fixed-rate.js';
import { KEY, bareNode, gateway } from './stacks.js';
import { wrk } from './wrk.js';

const RATE = 5000;
const CONSTANT = 'def init():\n    pass\ndef run(d):\n    return [1.0]\n';
const BODY = '{"data": [[1, 2]]}';

/** Rows for the overhead case: p50 and p99 added over the direct call. */
export async function overhead(log: (line: string) => void, seconds: number, settings: (over?: Partial<PoolSettings>) => PoolSettings): Promise<BenchRow[]> {
  const spec = scriptSpec(CONSTANT);
  log(`overhead: ${RATE} req/s for ${seconds}s each: bare Node, one replica direct, through the gateway`);
  const bare = await bareNode();
  const [floor, floorCpu] = await withCpu(() => fixedRate({ url: `${bare.url}/score`, body: BODY, rate: RATE, seconds }));
  await bare.close();
  const direct = await fixedRate({ replica: { ...spec, concurrency: 1 }, body: BODY, rate: RATE, seconds });
  // One replica as in the direct call; a queue deep enough that bursts wait instead of being refused.
  const pool = new ReplicaPool('overhead', spec, settings({ minReplicas: 1, maxReplicas: 1, queueSize: 10_000 }), new LocalReplicaLauncher(), () => {});
  await pool.start();
  const gw = await gateway((b) => pool.score(b));
  const [through, gatewayCpu] = await withCpu(() => fixedRate({ url: `${gw.url}/score`, headers: { Authorization: `Bearer ${KEY}` }, body: BODY, rate: RATE, seconds }));
  // How far 5,000 req/s is from what this one replica can take through the gateway at all.
  const ceiling = await wrk(`${gw.url}/score`, BODY, { seconds, connections: 2, key: KEY });
  await gw.close();
  await pool.stopAll();
  const notes = `${RATE} req/s offered; achieved: gateway ${through.achieved.toFixed(0)}, direct ${direct.achieved.toFixed(0)}, bare ${floor.achieved.toFixed(0)}; non-2xx gateway ${failures(through)}; bare Node p50/p99 ${floor.ok.p50.toFixed(2)}/${floor.ok.p99.toFixed(2)} ms`;
  return [
    row('p50', through, direct, floor, 1, notes),
    row('p99', through, direct, floor, 5, `gateway p99 ${through.ok.p99.toFixed(2)} ms, direct ${direct.ok.p99.toFixed(2)} ms, bare Node ${floor.ok.p99.toFixed(2)} ms`),
    {
      name: 'gateway CPU per request at 5000 req/s',
      measured: { value: gatewayCpu, unit: 'µs' },
      baseline: { name: 'bare Node HTTP server', value: floorCpu, unit: 'µs' },
      notes: 'user + system CPU of the serving process (not the replica, not the load generator) over the run and its warm-up, per request sent: unlike latency, barely moved by other load on the machine',
    },
    { name: 'gateway + one constant replica, most requests/s', measured: { value: ceiling.rps, unit: 'req/s' }, notes: `closed loop, wrk -c 2 -d ${seconds}s, p50 ${ceiling.p50Ms} ms, p99 ${ceiling.p99Ms} ms` },
  ];
}

/** The result of `run` and the CPU (user + system) this process spent per request meanwhile, in µs. */
async function withCpu(run: () => Promise<FixedRateResult>): Promise<[FixedRateResult, number]> {
  const before = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(before);
  // The one-second warm-up (fixed-rate's default) was served too.
  const requests = result.sent + result.rate;
  return [result, (used.user + used.system) / requests];
}

function failures(result: FixedRateResult): number {
  return result.rejected.count + result.other;
}

function row(p: 'p50' | 'p99', through: FixedRateResult, direct: FixedRateResult, floor: FixedRateResult, target: number, notes: string): BenchRow {
  return {
    name: `gateway added latency at ${RATE} req/s, ${p}`,
    measured: { value: through.ok[p] - direct.ok[p], unit: 'ms' },
    baseline: { name: `one replica called directly; bare Node ${floor.ok[p].toFixed(2)} ms`, value: direct.ok[p], unit: 'ms' },
    target: { op: '<', value: target, unit: 'ms' },
    notes,
  };
}
