/** The `tracking` suite: metric ingestion, the Python client, series reads and run search. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { openServerDb, seedRuns } from '../support/seed.js';
import { startBenchServer, type BenchServer } from '../support/server.js';
import { batchBody, batchPoints, firstPass, ingestion, ingestionCeiling, metricsUrl, sendBatches, type IngestCase, type Shape } from './ingest.js';
import { pythonClient } from './python-client.js';
import { readSeries } from './read-series.js';
import { runList } from './run-list.js';

export const trackingSuite: Suite = {
  name: 'tracking',
  description: 'metrics ingestion and reads, the Python client, run search — each beside its baseline',
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
    const server = await startBenchServer(dataDir);
    try {
      return await measureAll(server, join(dataDir, 'raw.db'), log);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

/** The ingestion cases: what the SDK sends for 1 and 10 metrics, then the older shapes. */
const CASES: IngestCase[] = [{ names: 1, shape: 'sdk' }, { names: 10, shape: 'sdk' }, { names: 1, shape: 'json-columns' }, { names: 1, shape: 'points' }];

async function measureAll(server: BenchServer, raw: string, log: (line: string) => void): Promise<BenchRow[]> {
  const metadata = await openServerDb(server.dbPath);
  const [warmUp, oneMetric, tenMetrics, python, perPoint, jsonColumns, ...firstRuns] = await seedRuns(metadata, 'bench-tracking', 'tracking', 6 + CASES.length);
  await metadata.close();
  // A server runs warm: let the JIT see the hot path (every shape) before the clock starts.
  const shapes: Shape[] = ['sdk', 'json-columns', 'points'];
  const warm = Array.from({ length: 300 }, (_, b) => batchBody(`warm-${b}`, batchPoints(b, 5), shapes[b % 3]!));
  await sendBatches(metricsUrl(server, warmUp!), server.token, warm);
  // Every case is sent once before any is measured: the server's CPU per point falls over its first
  // few million points (docs/benchmarks.md), which would otherwise favour whichever case runs later.
  const first: string[] = [];
  for (const [i, c] of CASES.entries()) first.push(await firstPass(server, firstRuns[i]!, c, log));
  const runs = [oneMetric!, tenMetrics!, jsonColumns!, perPoint!];
  const rows: BenchRow[] = [];
  for (const [i, c] of CASES.entries()) rows.push(await ingestion(server, runs[i]!, c, raw, log, first[i]!));
  rows.push(await ingestionCeiling(log));
  rows.push(await ingestionCeiling(log, 'json-columns'));
  // BENCH_TRACKING_CASES=ingest measures ingestion alone (a minute, not four).
  if (process.env.BENCH_TRACKING_CASES === 'ingest') return rows;
  rows.push(...(await pythonClient(server, python!, log)));
  rows.push(...(await readSeries(server, oneMetric!, 'metric-0', raw, log)));
  rows.push(await runList(server, log));
  return rows;
}
