/**
 * The serving suite: Cairn's gateway and Python replicas against gunicorn + Flask with the same
 * score.py, model and worker count; the gateway's added latency at a fixed rate; the ONNX no-code
 * rate; overload. The sklearn, overhead and ONNX cases run twice: through the gateway handler alone
 * in this process, and through a real `cairn server` process's endpoints (what users hit).
 * Needs Debian's wrk, gunicorn and python3-flask: fails at once without them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { LocalReplicaLauncher, OnnxScorer, ReplicaPool, type PoolSettings } from '../../packages/serving/src/index.js';
import { linearOnnxModel } from '../../packages/serving/src/test-support/onnx-model.js';
import { SKLEARN_SCORE, scriptSpec, trainRidge } from '../../packages/serving/src/test-support/scripts.js';
import { cairnServer, type CairnServerStack, type ServerEndpoint } from './server-stack.js';
import { KEY, bareNode, gateway, gunicorn } from './stacks.js';
import { overload } from './overload.js';
import { CONSTANT_SCORE, overhead } from './overhead.js';
import { requireServingTools } from './preflight.js';
import { wrk, type WrkResult } from './wrk.js';
import { withSchedWait } from './sched-wait.js';

const WORKERS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ONNX_CONNECTIONS = 16;
const ONNX_BODY = JSON.stringify({ data: [[1, 2]] });
const ROW = JSON.stringify({ data: [[0.038, 0.05, 0.061, 0.021, -0.044, -0.034, -0.043, -0.002, 0.019, -0.017]] });

function settings(over: Partial<PoolSettings> = {}): PoolSettings {
  return { minReplicas: WORKERS, maxReplicas: WORKERS, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 500, scoringTimeoutMs: 60_000, ...over };
}

/** Which cases run (`BENCH_SERVING_CASES=sklearn` for quick iterations); all by default. */
const CASES = new Set((process.env.BENCH_SERVING_CASES ?? 'sklearn,overhead,onnx,overload').split(','));

const HANDLER = 'gateway handler alone';
const SERVER = 'Cairn server endpoint';

/** The endpoints the server path needs: the sklearn model and the constant run() on 2 replicas each, the ONNX model with no script. */
function serverEndpoints(ridge: string, onnx: string): Parameters<typeof cairnServer>[0] {
  const constantModel = join(mkdtempSync(join(tmpdir(), 'cairn-bench-constant-')), 'unused.txt');
  writeFileSync(constantModel, 'the constant run() reads no model\n');
  const all = [
    { name: 'sklearn', model: { file: ridge, framework: 'ScikitLearn' as const }, score: SKLEARN_SCORE, settings: { minReplicas: WORKERS, maxReplicas: WORKERS } },
    // Two replicas, not one as in the direct call: the server's queue bound (2 × replicas ×
    // concurrency, not settable) would refuse most of fixed-rate's 5-request bursts on one.
    { name: 'constant', model: { file: constantModel, framework: 'Custom' as const }, score: CONSTANT_SCORE, settings: { minReplicas: WORKERS, maxReplicas: WORKERS } },
    { name: 'onnx', model: { file: onnx, framework: 'Onnx' as const }, settings: {} },
  ];
  const needed = { sklearn: 'sklearn', constant: 'overhead', onnx: 'onnx' } as const;
  return all.filter((recipe) => CASES.has(needed[recipe.name as keyof typeof needed]));
}

async function sklearnRows(log: (line: string) => void, spec: ReturnType<typeof scriptSpec>, server: ServerEndpoint & { pid: number }): Promise<BenchRow[]> {
  const pool = new ReplicaPool('bench', spec, settings(), new LocalReplicaLauncher(), () => {});
  await pool.start();
  const gw = await gateway((b) => pool.score(b));
  log(`cairn (${HANDLER}): ${WORKERS} replicas, wrk -c 4 for ${SECONDS}s`);
  const alone = await wrk(`${gw.url}/score`, ROW, { seconds: SECONDS, connections: 4, key: KEY });
  await gw.close();
  await pool.stopAll();
  log(`cairn (${SERVER}): ${WORKERS} replicas, wrk -c 4 for ${SECONDS}s`);
  const [viaServer, serverWaits] = await withSchedWait(server.pid, () => wrk(server.url, ROW, { seconds: SECONDS, connections: 4, key: server.key }));
  log(`gunicorn + Flask: ${WORKERS} workers`);
  const flask = await gunicorn(spec.sourceDir, spec.modelDir, WORKERS, 18000 + Math.floor(Math.random() * 1000));
  const levels: BenchRow[] = [];
  let base: WrkResult, flaskWaits: string;
  try {
    [base, flaskWaits] = await withSchedWait(flask.pid, () => wrk(`${flask.url}/score`, ROW, { seconds: SECONDS, connections: 4 }));
    for (const connections of OTHER_LOADS) levels.push(await loadLevelRow(log, connections, server, flask));
  } finally {
    await flask.close();
  }
  const waits = `cairn server: ${serverWaits}; gunicorn: ${flaskWaits}`;
  return [...sklearnPair(HANDLER, alone, base), ...sklearnPair(SERVER, viaServer, base, waits), ...levels];
}

/**
 * Connection counts besides the target's 4, for the server path against gunicorn: at 2 each worker
 * has one connection, so neither stack queues and the p99 is the path's own tail. Not 8: the
 * server's default queue bound (2 × 2 replicas × 1) would answer the surplus 503 by design.
 */
const OTHER_LOADS = [2];

/** One informational row: p99 (and requests/s in the notes) of the server endpoint and gunicorn at `connections`. */
async function loadLevelRow(log: (line: string) => void, connections: number, server: ServerEndpoint & { pid: number }, gunicornStack: { url: string; pid: number }): Promise<BenchRow> {
  log(`sklearn at wrk -c ${connections}: ${SERVER}, then gunicorn + Flask`);
  const [cairn, cairnWaits] = await withSchedWait(server.pid, () => wrk(server.url, ROW, { seconds: SECONDS, connections, key: server.key }));
  const [flask, flaskWaits] = await withSchedWait(gunicornStack.pid, () => wrk(`${gunicornStack.url}/score`, ROW, { seconds: SECONDS, connections }));
  const notes = `not a target row; wrk -c ${connections} -d ${SECONDS}s: ${cairn.rps.toFixed(0)} vs ${flask.rps.toFixed(0)} req/s, p50 ${cairn.p50Ms.toFixed(2)} vs ${flask.p50Ms.toFixed(2)} ms, non-2xx ${cairn.non2xx} / ${flask.non2xx}; cairn server: ${cairnWaits}; gunicorn: ${flaskWaits}`;
  return { name: `sklearn endpoint at wrk -c ${connections}, p99 (${SERVER})`, measured: { value: cairn.p99Ms, unit: 'ms' }, baseline: { name: 'gunicorn + Flask', value: flask.p99Ms, unit: 'ms' }, notes };
}

function sklearnPair(label: string, cairn: WrkResult, base: WrkResult, waits?: string): BenchRow[] {
  const notes = `same score.py and Ridge, ${WORKERS} workers, wrk -c 4 -d ${SECONDS}s, non-2xx cairn ${cairn.non2xx} / flask ${base.non2xx}${waits ? `; ${waits}` : ''}`;
  return [
    { name: `sklearn endpoint, requests/s (${label})`, measured: { value: cairn.rps, unit: 'req/s' }, baseline: { name: 'gunicorn + Flask', value: base.rps, unit: 'req/s' }, target: { op: '>=', value: 2 * base.rps, unit: 'req/s' }, notes },
    { name: `sklearn endpoint, p99 (${label})`, measured: { value: cairn.p99Ms, unit: 'ms' }, baseline: { name: 'gunicorn + Flask', value: base.p99Ms, unit: 'ms' }, target: { op: '<', value: base.p99Ms, unit: 'ms' }, notes },
  ];
}

async function nodeAndOnnxRows(log: (line: string) => void, file: string, server: ServerEndpoint): Promise<BenchRow[]> {
  const bare = await bareNode();
  const limit = await wrk(`${bare.url}/score`, ROW, { seconds: SECONDS, connections: ONNX_CONNECTIONS });
  await bare.close();
  const onnx = new OnnxScorer(file);
  await onnx.start();
  const gw = await gateway((b) => onnx.score(b));
  log(`onnx (${HANDLER}): wrk -c ${ONNX_CONNECTIONS}`);
  const alone = await wrk(`${gw.url}/score`, ONNX_BODY, { seconds: SECONDS, connections: ONNX_CONNECTIONS, key: KEY });
  await gw.close();
  await onnx.stopAll();
  const batch = onnx.batching.requests / Math.max(1, onnx.batching.runs);
  log(`onnx (${SERVER}): wrk -c ${ONNX_CONNECTIONS}`);
  const viaServer = await wrk(server.url, ONNX_BODY, { seconds: SECONDS, connections: ONNX_CONNECTIONS, key: server.key });
  return [
    onnxRow(HANDLER, alone, limit, `${batch.toFixed(1)} requests per session.run on average`),
    onnxRow(SERVER, viaServer, limit, 'scored by the server process'),
  ];
}

function onnxRow(label: string, scored: WrkResult, limit: WrkResult, more: string): BenchRow {
  return { name: `ONNX no-code endpoint, requests/s (${label})`, measured: { value: scored.rps, unit: 'req/s' }, baseline: { name: 'bare Node constant', value: limit.rps, unit: 'req/s' }, target: { op: '>=', value: 10_000, unit: 'req/s' }, notes: `MatMul+Add model, wrk -c ${ONNX_CONNECTIONS}, p99 ${scored.p99Ms} ms, non-2xx ${scored.non2xx}, ${more}` };
}

async function measureAll(log: (line: string) => void, spec: ReturnType<typeof scriptSpec>, onnxFile: string, server: CairnServerStack): Promise<BenchRow[]> {
  const { sklearn, constant, onnx } = server.endpoints as Partial<Record<'sklearn' | 'constant' | 'onnx', ServerEndpoint>>;
  return [
    ...(CASES.has('sklearn') ? await sklearnRows(log, spec, { ...sklearn!, pid: server.pid }) : []),
    ...(CASES.has('overhead') ? await overhead(log, SECONDS, settings, { ...constant!, pid: server.pid }) : []),
    ...(CASES.has('onnx') ? await nodeAndOnnxRows(log, onnxFile, onnx!) : []),
  ];
}

export const servingSuite: Suite = {
  name: 'serving',
  description: 'Cairn endpoints (the gateway handler alone, and a real cairn server) vs gunicorn + Flask, gateway overhead, ONNX no-code rate, overload (wrk on loopback)',
  async run(log) {
    requireServingTools();
    const spec = scriptSpec(SKLEARN_SCORE);
    trainRidge(spec.modelDir);
    const onnxFile = join(mkdtempSync(join(tmpdir(), 'cairn-bench-onnx-')), 'model.onnx');
    writeFileSync(onnxFile, linearOnnxModel());
    const server = await cairnServer(serverEndpoints(join(spec.modelDir, 'model.pkl'), onnxFile), log);
    let rows: BenchRow[];
    try {
      rows = await measureAll(log, spec, onnxFile, server);
    } finally {
      await server.stop();
    }
    return [...rows, ...(CASES.has('overload') ? await overload(log, settings) : [])];
  },
};
