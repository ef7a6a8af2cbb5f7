/**
 * Young-generation allocation of the server's scoring path: a `cairn server` with the sklearn
 * endpoint (2 replicas), `wrk -t 1 -c 4`, and the server's own V8 heap statistics around every GC
 * (`alloc-probe.mjs`). Prints bytes allocated and scavenges per request, per round.
 * Run: `flock /tmp/cairn-bench.lock node --import tsx bench/serving/alloc.ts [rounds] [seconds]`.
 * With BENCH_ALLOC_PATH=handler, the gateway handler alone in this process instead (run this file
 * with `--import ./bench/serving/alloc-probe.mjs` too): the same replicas without the server around them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SKLEARN_SCORE, trainRidge } from '../../packages/serving/src/test-support/scripts.js';
import { cairnServer } from './server-stack.js';
import { LocalReplicaLauncher, ReplicaPool } from '../../packages/serving/src/index.js';
import { scriptSpec } from '../../packages/serving/src/test-support/scripts.js';
import { KEY, gateway } from './stacks.js';
import { wrk } from './wrk.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const SECONDS = Number(process.argv[3] ?? 5);
const ROW = JSON.stringify({ data: [[0.038, 0.05, 0.061, 0.021, -0.044, -0.034, -0.043, -0.002, 0.019, -0.017]] });

const out = join(mkdtempSync(join(tmpdir(), 'cairn-alloc-')), 'probe.json');
process.env.CAIRN_ALLOC_PROBE_OUT = out;
process.env.BENCH_SERVER_NODE_FLAGS = `${process.env.BENCH_SERVER_NODE_FLAGS ?? ''} --import ${fileURLToPath(new URL('./alloc-probe.mjs', import.meta.url))}`;
const work = mkdtempSync(join(tmpdir(), 'cairn-alloc-model-'));
trainRidge(work);
const target = process.env.BENCH_ALLOC_PATH === 'handler' ? await handlerAlone(work) : await serverPath(join(work, 'model.pkl'));
try {
  const { url, key, pid } = target;
  await wrk(url, ROW, { seconds: 2, connections: 4, key });
  for (let round = 1; round <= ROUNDS; round += 1) {
    process.kill(pid, 'SIGUSR2');
    const result = await wrk(url, ROW, { seconds: SECONDS, connections: 4, key });
    process.kill(pid, 'SIGUSR2');
    // The probe writes its file once the signal is handled (later with a sampling profile to write too).
    for (let waited = 0; !existsSync(out) && waited < 60_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const probe = JSON.parse(readFileSync(out, 'utf8')) as { allocated: number; scavenges: number; scavengeMicros: number[] };
    rmSync(out);
    const perRequest = probe.allocated / result.requests;
    const meanMs = probe.scavengeMicros.reduce((n, c) => n + c, 0) / Math.max(1, probe.scavenges) / 1000;
    console.log(`round ${round}: ${result.requests} requests (${result.rps.toFixed(0)} req/s, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}); young allocation ${perRequest.toFixed(0)} B/request; ${((probe.scavenges / result.requests) * 10_000).toFixed(1)} scavenges per 10,000 (mean ${meanMs.toFixed(2)} ms); load ${loadavg()[0]!.toFixed(2)}`);
  }
} finally {
  await target.stop();
}

async function serverPath(ridge: string): Promise<{ url: string; key: string; pid: number; stop(): Promise<void> }> {
  const server = await cairnServer([{ name: 'sklearn', model: { file: ridge, framework: 'ScikitLearn' }, score: SKLEARN_SCORE, settings: { minReplicas: 2, maxReplicas: 2 } }], () => {});
  return { ...server.endpoints.sklearn!, pid: server.pid, stop: () => server.stop() };
}

async function handlerAlone(modelDir: string): Promise<{ url: string; key: string; pid: number; stop(): Promise<void> }> {
  const settings = { minReplicas: 2, maxReplicas: 2, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 500, scoringTimeoutMs: 60_000 };
  const pool = new ReplicaPool('alloc', scriptSpec(SKLEARN_SCORE, modelDir), settings, new LocalReplicaLauncher(), () => {});
  await pool.start();
  const gw = await gateway((body) => pool.score(body));
  return { url: `${gw.url}/score`, key: KEY, pid: process.pid, stop: async () => { await gw.close(); await pool.stopAll(); } };
}
