/** The `tracking` suite: metric ingestion, the Python client, series reads and run search. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { openServerDb, seedRuns } from '../support/seed.js';
import { startBenchServer, type BenchServer } from '../support/server.js';
import { batchBody, batchPoints, ingestion, ingestionCeiling, metricsUrl, sendBatches, type Shape } from './ingest.js';
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

async function measureAll(server: BenchServer, raw: string, log: (line: string) => void): Promise<BenchRow[]> {
  const metadata = await openServerDb(server.dbPath);
  const [warmUp, oneMetric, tenMetrics, python, perPoint, jsonColumns] = await seedRuns(metadata, 'bench-tracking', 'tracking', 6);
  await metadata.close();
  // A server runs warm: let the JIT see the hot path (every shape) before the clock starts.
  const shapes: Shape[] = ['sdk', 'json-columns', 'points'];
  const warm = Array.from({ length: 300 }, (_, b) => batchBody(`warm-${b}`, batchPoints(b, 5), shapes[b % 3]!));
  await sendBatches(metricsUrl(server, warmUp!), server.token, warm);
  const rows: BenchRow[] = [];
  rows.push(await ingestion(server, oneMetric!, 1, raw, log));
  rows.push(await ingestion(server, tenMetrics!, 10, raw, log));
  rows.push(await ingestion(server, jsonColumns!, 1, raw, log, 'json-columns'));
  rows.push(await ingestion(server, perPoint!, 1, raw, log, 'points'));
  rows.push(await ingestionCeiling(log));
  rows.push(await ingestionCeiling(log, 'json-columns'));
  // BENCH_TRACKING_CASES=ingest measures ingestion alone (a minute, not four).
  if (process.env.BENCH_TRACKING_CASES === 'ingest') return rows;
  rows.push(...(await pythonClient(server, python!, log)));
  rows.push(...(await readSeries(server, oneMetric!, 'metric-0', raw, log)));
  rows.push(await runList(server, log));
  return rows;
}
