/**
 * Ingestion: 1,000,000 points in batches of 1,000 over HTTP, several requests in flight on keep-alive
 * connections, each acknowledged only once durable; beside one-row-per-point inserts into raw SQLite.
 */
import type { BenchRow } from '../harness.js';
import { keepAlive, request } from '../support/http.js';
import { startJsonSink, type BenchServer } from '../support/server.js';
import { toColumnarBatch } from '../../packages/sdk/src/metric-columns.js';
import { insertRawPoints, type RawPoint } from './raw-sqlite.js';
import { processCpuMs } from './server-cpu.js';

export const BATCH = 1_000;
export const BATCHES = 1_000;
/** Requests in flight at once, each on its own keep-alive connection. */
export const CONNECTIONS = 16;

/** Batch `b` of a training loop logging `names` metrics per step; values look like real losses. */
export function batchPoints(b: number, names: number): RawPoint[] {
  const steps = BATCH / names;
  return Array.from({ length: BATCH }, (_, i) => {
    const step = b * steps + Math.floor(i / names);
    return { name: `metric-${i % names}`, step, timestamp: 1_700_000_000_000 + step * 10, value: Math.exp(-step / 1e5) + Math.sin(step + i) * 0.01 };
  });
}

/**
 * Sends every body, `CONNECTIONS` at a time on keep-alive connections, and checks each ack; returns
 * the elapsed ms. Bodies are serialized before the clock starts: on this 2-core machine the client
 * shares the CPU with the server, while in use clients run (and serialize) on other machines.
 */
export async function sendBatches(url: string, token: string, bodies: string[]): Promise<number> {
  const agent = keepAlive(CONNECTIONS);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const { status, body } = await request(agent, 'POST', url, token, bodies[next++]!);
      const ack = JSON.parse(body) as { accepted?: number };
      if (status !== 200 || ack.accepted !== BATCH) throw new Error(`batch refused: ${status} ${body}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = performance.now() - start;
  agent.destroy();
  return elapsed;
}

/** The metrics URL of a run. */
export function metricsUrl(server: BenchServer, runId: string): string {
  return `${server.api}/workspaces/default/runs/${runId}/metrics`;
}

/**
 * How a batch travels: what the SDK and the Python client send (numeric metrics in base64 float64
 * columns), columns as JSON arrays (the shape before that), or one object per point (older clients).
 */
export type Shape = 'sdk' | 'json-columns' | 'points';

/** What each shape is called in the results. */
export const SHAPE_NAMES: Record<Shape, string> = {
  sdk: 'base64 float64 columns, as the SDK sends',
  'json-columns': 'columns as JSON arrays',
  points: 'one object per point, as older clients send',
};

/** The body of one batch in any shape. */
export function batchBody(batchKey: string, points: RawPoint[], shape: Shape): string {
  if (shape === 'points') return JSON.stringify({ batchKey, points });
  return JSON.stringify({ batchKey, ...(shape === 'sdk' ? toColumnarBatch(points) : { series: jsonColumns(points) }) });
}

/** The points as one object per metric with parallel JSON arrays. */
function jsonColumns(points: RawPoint[]) {
  const byName = new Map<string, RawPoint[]>();
  for (const point of points) (byName.get(point.name) ?? byName.set(point.name, []).get(point.name)!).push(point);
  return [...byName].map(([name, group]) => ({
    name, kind: 'scalar', steps: group.map((p) => p.step), timestamps: group.map((p) => p.timestamp), values: group.map((p) => p.value),
  }));
}

/** The bodies of 1,000 batches of 1,000 points of `names` metrics, and the points themselves. */
export function ingestBodies(names: number, shape: Shape = 'sdk'): { batches: RawPoint[][]; bodies: string[] } {
  const batches = Array.from({ length: BATCHES }, (_, b) => batchPoints(b, names));
  return { batches, bodies: batches.map((points, b) => batchBody(`batch-${b}`, points, shape)) };
}

/** One ingestion case: how many metrics, in which shape. */
export interface IngestCase {
  names: number;
  shape: Shape;
}

/** Sends a case's 1,000,000 points to `runId`; returns the rate (points/s), the elapsed ms and the server's CPU ms. */
export async function sendCase(server: BenchServer, runId: string, bodies: string[]): Promise<{ rate: number; httpMs: number; cpuMs: number }> {
  const cpuBefore = processCpuMs(server.pid);
  const httpMs = await sendBatches(metricsUrl(server, runId), server.token, bodies);
  return { rate: (BATCH * BATCHES) / (httpMs / 1000), httpMs, cpuMs: processCpuMs(server.pid) - cpuBefore };
}

/**
 * Logs 1,000,000 points of a case to `runId` over HTTP, and the same points into raw SQLite. `firstPass`
 * is the same case's rate and CPU when the server met it first (sent to another run before every case's measured pass).
 */
export async function ingestion(server: BenchServer, runId: string, { names, shape }: IngestCase, rawPath: string, log: (line: string) => void, firstPass: string): Promise<BenchRow> {
  const { batches, bodies } = ingestBodies(names, shape);
  log(`ingestion, ${names} metric(s), ${shape}: sending ${BATCHES} batches of ${BATCH} over ${CONNECTIONS} connections`);
  const { rate, httpMs, cpuMs } = await sendCase(server, runId, bodies);
  const rawMs = insertRawPoints(rawPath, runId, batches);
  return {
    name: `ingest 1M points over HTTP, ${names} metric${names > 1 ? 's' : ''} (${SHAPE_NAMES[shape]}; batches of 1,000, ${CONNECTIONS} connections, durable acks)`,
    measured: { value: rate, unit: 'points/s' },
    baseline: { name: 'raw SQLite, 1 row/point, txn of 1,000, NORMAL', value: (BATCH * BATCHES) / (rawMs / 1000), unit: 'rows/s' },
    target: { op: '>=', value: 1_000_000, unit: 'points/s' },
    notes: `HTTP ${httpMs.toFixed(0)} ms, server CPU ${cpuMs.toFixed(0)} ms, raw SQLite ${rawMs.toFixed(0)} ms; first pass ${firstPass}`,
  };
}

/** A case sent once to a run of its own, before the measured pass; what the notes say of it. */
export async function firstPass(server: BenchServer, runId: string, { names, shape }: IngestCase, log: (line: string) => void): Promise<string> {
  log(`ingestion, first pass, ${names} metric(s), ${shape}`);
  const { rate, cpuMs } = await sendCase(server, runId, ingestBodies(names, shape).bodies);
  return `${Math.round(rate).toLocaleString('en-US')} points/s, server CPU ${cpuMs.toFixed(0)} ms`;
}

/** The same bodies to a route that only parses JSON: what HTTP and JSON alone allow on this machine. */
export async function ingestionCeiling(log: (line: string) => void, shape: Shape = 'sdk'): Promise<BenchRow> {
  const sink = await startJsonSink();
  try {
    const { bodies } = ingestBodies(1, shape);
    log(`ingestion ceiling: the same bodies (${SHAPE_NAMES[shape]}) to a route that parses JSON and stores nothing`);
    await sendBatches(sink.url, '', bodies.slice(0, 100));
    const ms = await sendBatches(sink.url, '', bodies);
    return {
      name: `ceiling: same 1M points (${SHAPE_NAMES[shape]}) to a Fastify route that parses the JSON and stores nothing`,
      measured: { value: (BATCH * BATCHES) / (ms / 1000), unit: 'points/s' },
      notes: 'no validation, no storage: the most the HTTP + JSON path allows here',
    };
  } finally {
    await sink.stop();
  }
}
