/** The `tracking` suite: metric ingestion, the Python client, series reads and run search. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { openServerDb, seedRuns } from '../support/seed.js';
import { startBenchServer, type BenchServer } from '../support/server.js';
import { batchBody, batchPoints, ingestion, ingestionCeiling, metricsUrl, sendBatches } from './ingest.js';
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
  const [warmUp, oneMetric, tenMetrics, python, perPoint] = await seedRuns(metadata, 'bench-tracking', 'tracking', 5);
  await metadata.close();
  // A server runs warm: let the JIT see the hot path (both shapes) before the clock starts.
  const warm = Array.from({ length: 200 }, (_, b) => batchBody(`warm-${b}`, batchPoints(b, 5), b % 2 === 0 ? 'columns' : 'points'));
  await sendBatches(metricsUrl(server, warmUp!), server.token, warm);
  const rows: BenchRow[] = [];
  rows.push(await ingestion(server, oneMetric!, 1, raw, log));
  rows.push(await ingestion(server, tenMetrics!, 10, raw, log));
  rows.push(await ingestion(server, perPoint!, 1, raw, log, 'points'));
  rows.push(await ingestionCeiling(log));
  rows.push(...(await pythonClient(server, python!, log)));
  rows.push(...(await readSeries(server, oneMetric!, 'metric-0', raw, log)));
  rows.push(await runList(server, log));
  return rows;
}
