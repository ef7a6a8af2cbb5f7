/**
 * The serving suite: Cairn's gateway and Python replicas against gunicorn + Flask with the same
 * score.py, model and worker count; the gateway's added latency at a fixed rate; the ONNX no-code
 * rate; overload. Needs Debian's wrk, gunicorn and python3-flask: fails at once without them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { LocalReplicaLauncher, OnnxScorer, ReplicaPool, type PoolSettings } from '../../packages/serving/src/index.js';
import { linearOnnxModel } from '../../packages/serving/src/test-support/onnx-model.js';
import { SKLEARN_SCORE, scriptSpec, trainRidge } from '../../packages/serving/src/test-support/scripts.js';
import { KEY, bareNode, gateway, gunicorn } from './stacks.js';
import { overload } from './overload.js';
import { overhead } from './overhead.js';
import { requireServingTools } from './preflight.js';
import { wrk } from './wrk.js';

const WORKERS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ONNX_CONNECTIONS = 16;
const ROW = JSON.stringify({ data: [[0.038, 0.05, 0.061, 0.021, -0.044, -0.034, -0.043, -0.002, 0.019, -0.017]] });

function settings(over: Partial<PoolSettings> = {}): PoolSettings {
  return { minReplicas: WORKERS, maxReplicas: WORKERS, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 500, scoringTimeoutMs: 60_000, ...over };
}

async function sklearnRows(log: (line: string) => void): Promise<BenchRow[]> {
  const spec = scriptSpec(SKLEARN_SCORE);
  trainRidge(spec.modelDir);
  const pool = new ReplicaPool('bench', spec, settings(), new LocalReplicaLauncher(), () => {});
  await pool.start();
  const gw = await gateway((b) => pool.score(b));
  log(`cairn: ${WORKERS} replicas, wrk -c 4 for ${SECONDS}s`);
  const cairn = await wrk(`${gw.url}/score`, ROW, { seconds: SECONDS, connections: 4, key: KEY });
  await gw.close();
  await pool.stopAll();
  log(`gunicorn + Flask: ${WORKERS} workers`);
  const flask = await gunicorn(spec.sourceDir, spec.modelDir, WORKERS, 18000 + Math.floor(Math.random() * 1000));
  const base = await wrk(`${flask.url}/score`, ROW, { seconds: SECONDS, connections: 4 });
  await flask.close();
  const notes = `same score.py and Ridge, ${WORKERS} workers, wrk -c 4 -d ${SECONDS}s, non-2xx cairn ${cairn.non2xx} / flask ${base.non2xx}`;
  return [
    { name: 'sklearn endpoint, requests/s', measured: { value: cairn.rps, unit: 'req/s' }, baseline: { name: 'gunicorn + Flask', value: base.rps, unit: 'req/s' }, target: { op: '>=', value: 2 * base.rps, unit: 'req/s' }, notes },
    { name: 'sklearn endpoint, p99', measured: { value: cairn.p99Ms, unit: 'ms' }, baseline: { name: 'gunicorn + Flask', value: base.p99Ms, unit: 'ms' }, target: { op: '<', value: base.p99Ms, unit: 'ms' }, notes },
  ];
}

async function nodeAndOnnxRows(log: (line: string) => void): Promise<BenchRow[]> {
  const bare = await bareNode();
  const limit = await wrk(`${bare.url}/score`, ROW, { seconds: SECONDS, connections: ONNX_CONNECTIONS });
  await bare.close();
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-bench-onnx-')), 'model.onnx');
  writeFileSync(file, linearOnnxModel());
  const onnx = new OnnxScorer(file);
  await onnx.start();
  const gw = await gateway((b) => onnx.score(b));
  log(`onnx: wrk -c ${ONNX_CONNECTIONS}`);
  const scored = await wrk(`${gw.url}/score`, JSON.stringify({ data: [[1, 2]] }), { seconds: SECONDS, connections: ONNX_CONNECTIONS, key: KEY });
  await gw.close();
  await onnx.stopAll();
  const batch = onnx.batching.requests / Math.max(1, onnx.batching.runs);
  return [
    { name: 'ONNX no-code endpoint, requests/s', measured: { value: scored.rps, unit: 'req/s' }, baseline: { name: 'bare Node constant', value: limit.rps, unit: 'req/s' }, target: { op: '>=', value: 10_000, unit: 'req/s' }, notes: `MatMul+Add model, wrk -c ${ONNX_CONNECTIONS}, p99 ${scored.p99Ms} ms, non-2xx ${scored.non2xx}, ${batch.toFixed(1)} requests per session.run on average` },
  ];
}

export const servingSuite: Suite = {
  name: 'serving',
  description: 'Cairn endpoints vs gunicorn + Flask, gateway overhead, ONNX no-code rate, overload (wrk on loopback)',
  async run(log) {
    requireServingTools();
    return [...(await sklearnRows(log)), ...(await overhead(log, SECONDS, settings)), ...(await nodeAndOnnxRows(log)), ...(await overload(log, settings))];
  },
};
