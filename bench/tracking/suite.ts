/** The `tracking` suite: metric ingestion, the Python client, series reads and run search. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { openServerDb, seedRuns } from '../support/seed.js';
import { startBenchServer, type BenchServer } from '../support/server.js';
import { batchPoints, ingestion, ingestionCeiling, metricsUrl, sendBatches } from './ingest.js';
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
  const [warmUp, oneMetric, tenMetrics, python] = await seedRuns(metadata, 'bench-tracking', 'tracking', 4);
  await metadata.close();
  // A server runs warm: let the JIT see the hot path before the clock starts.
  await sendBatches(metricsUrl(server, warmUp!), server.token, Array.from({ length: 100 }, (_, b) => JSON.stringify({ batchKey: `warm-${b}`, points: batchPoints(b, 5) })));
  const rows: BenchRow[] = [];
  rows.push(await ingestion(server, oneMetric!, 1, raw, log));
  rows.push(await ingestion(server, tenMetrics!, 10, raw, log));
  rows.push(await ingestionCeiling(log));
  rows.push(...(await pythonClient(server, python!, log)));
  rows.push(...(await readSeries(server, oneMetric!, 'metric-0', raw, log)));
  rows.push(await runList(server, log));
  return rows;
}
