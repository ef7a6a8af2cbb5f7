/**
 * The gateway's added latency at a fixed 5,000 requests/s (open loop, `bench/support/fixed-rate`):
 * the same replica (a run() answering a constant) called directly over its frame socket, then
 * through the gateway handler alone over HTTP, then through a real `cairn server`'s endpoint (the
 * path users hit: Fastify, key check, telemetry); and a bare Node HTTP server answering a constant,
 * the floor of any HTTP hop on this machine.
 */
import type { BenchRow } from '../harness.js';
import { LocalReplicaLauncher, ReplicaPool, type PoolSettings } from '../../packages/serving/src/index.js';
import { scriptSpec } from '../../packages/serving/src/test-support/scripts.js';
import { fixedRate, type FixedRateResult } from '../support/fixed-rate.js';
import { processCpuMs } from '../tracking/server-cpu.js';
import type { ServerEndpoint } from './server-stack.js';
import { KEY, bareNode, gateway } from './stacks.js';
import { wrk } from './wrk.js';

const RATE = 5000;
/** The run() of every replica in this case; the server's endpoint serves it too. */
export const CONSTANT_SCORE = 'def init():\n    pass\ndef run(d):\n    return [1.0]\n';
const BODY = '{"data": [[1, 2]]}';
const HANDLER = 'gateway handler alone';
const SERVER = 'Cairn server endpoint';

/** One way through to the replica: its load at the fixed rate, the CPU per request of the serving process, and its closed-loop ceiling. */
interface Path {
  through: FixedRateResult;
  cpu: number;
  ceiling: Awaited<ReturnType<typeof wrk>>;
}

/** Rows for the overhead case: p50 and p99 added over the direct call, for the handler alone (one constant replica) and for the server's endpoint (two, see suite.ts; `pid` the server's). */
export async function overhead(log: (line: string) => void, seconds: number, settings: (over?: Partial<PoolSettings>) => PoolSettings, server: ServerEndpoint & { pid: number }): Promise<BenchRow[]> {
  const spec = scriptSpec(CONSTANT_SCORE);
  log(`overhead: ${RATE} req/s for ${seconds}s each: bare Node, one replica direct, the gateway handler alone, the Cairn server endpoint`);
  const bare = await bareNode();
  const [floor, floorCpu] = await withCpu(() => fixedRate({ url: `${bare.url}/score`, body: BODY, rate: RATE, seconds }), () => processCpuMs(process.pid));
  await bare.close();
  const direct = await fixedRate({ replica: { ...spec, concurrency: 1 }, body: BODY, rate: RATE, seconds });
  // One replica as in the direct call; a queue deep enough that bursts wait instead of being refused.
  const pool = new ReplicaPool('overhead', spec, settings({ minReplicas: 1, maxReplicas: 1, queueSize: 10_000 }), new LocalReplicaLauncher(), () => {});
  await pool.start();
  const gw = await gateway((b) => pool.score(b));
  const handler = await measure(`${gw.url}/score`, KEY, seconds, () => processCpuMs(process.pid));
  await gw.close();
  await pool.stopAll();
  const viaServer = await measure(server.url, server.key, seconds, () => processCpuMs(server.pid));
  return [
    ...pathRows(HANDLER, 'one constant replica', handler, direct, floor, floorCpu, seconds, 'queue bound raised to 10,000 so bursts wait'),
    ...pathRows(SERVER, 'two constant replicas', viaServer, direct, floor, floorCpu, seconds, '2 replicas, server defaults: queue bound 2 × 2 replicas × 1; latencies over the answered requests only'),
  ];
}

/** The fixed-rate load, its CPU, and the closed-loop ceiling through one URL. */
async function measure(url: string, key: string, seconds: number, cpuMs: () => number): Promise<Path> {
  const [through, cpu] = await withCpu(() => fixedRate({ url, headers: { Authorization: `Bearer ${key}` }, body: BODY, rate: RATE, seconds }), cpuMs);
  // How far 5,000 req/s is from what the replicas can take through this path at all.
  const ceiling = await wrk(url, BODY, { seconds, connections: 2, key });
  return { through, cpu, ceiling };
}

function pathRows(label: string, replicas: string, path: Path, direct: FixedRateResult, floor: FixedRateResult, floorCpu: number, seconds: number, queue: string): BenchRow[] {
  const { through, cpu, ceiling } = path;
  const notes = `${RATE} req/s offered; achieved: ${label} ${through.achieved.toFixed(0)}, direct ${direct.achieved.toFixed(0)}, bare ${floor.achieved.toFixed(0)}; ${label}: ${through.rejected.count} rejected (503), ${through.other} other non-2xx (${queue}); bare Node p50/p99 ${floor.ok.p50.toFixed(2)}/${floor.ok.p99.toFixed(2)} ms`;
  return [
    row(label, 'p50', through, direct, floor, 1, notes),
    row(label, 'p99', through, direct, floor, 5, `${label} p99 ${through.ok.p99.toFixed(2)} ms, direct ${direct.ok.p99.toFixed(2)} ms, bare Node ${floor.ok.p99.toFixed(2)} ms`),
    {
      name: `gateway CPU per request at ${RATE} req/s (${label})`,
      measured: { value: cpu, unit: 'µs' },
      baseline: { name: 'bare Node HTTP server', value: floorCpu, unit: 'µs' },
      notes: 'user + system CPU of the serving process (not the replica, not the load generator) over the run and its warm-up, per request sent: unlike latency, barely moved by other load on the machine',
    },
    { name: `gateway + ${replicas}, most requests/s (${label})`, measured: { value: ceiling.rps, unit: 'req/s' }, notes: `closed loop, wrk -c 2 -d ${seconds}s, p50 ${ceiling.p50Ms} ms, p99 ${ceiling.p99Ms} ms, non-2xx ${ceiling.non2xx}` },
  ];
}

/** The result of `run` and the CPU (user + system, read by `cpuMs`) the serving process spent per request meanwhile, in µs. */
async function withCpu(run: () => Promise<FixedRateResult>, cpuMs: () => number): Promise<[FixedRateResult, number]> {
  const before = cpuMs();
  const result = await run();
  const used = cpuMs() - before;
  // The one-second warm-up (fixed-rate's default) was served too.
  const requests = result.sent + result.rate;
  return [result, (used * 1000) / requests];
}

function row(label: string, p: 'p50' | 'p99', through: FixedRateResult, direct: FixedRateResult, floor: FixedRateResult, target: number, notes: string): BenchRow {
  return {
    name: `gateway added latency at ${RATE} req/s, ${p} (${label})`,
    measured: { value: through.ok[p] - direct.ok[p], unit: 'ms' },
    baseline: { name: `one replica called directly; bare Node ${floor.ok[p].toFixed(2)} ms`, value: direct.ok[p], unit: 'ms' },
    target: { op: '<', value: target, unit: 'ms' },
    notes,
  };
}
