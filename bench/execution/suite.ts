/** The `execution` suite: submit-to-first-line latency, snapshot re-submits, and live log latency. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, Suite } from '../harness.js';
import { startBenchServer } from '../support/server.js';
import { cliEnv } from './cli-process.js';
import { logLatency } from './log-latency.js';
import { snapshotResubmit } from './snapshot-resubmit.js';
import { startLatency } from './start-latency.js';

/** BENCH_EXECUTION_CASES=start,logs runs only those cases (default: all). */
function wanted(name: string): boolean {
  const only = process.env.BENCH_EXECUTION_CASES;
  return !only || only.split(',').includes(name);
}

export const executionSuite: Suite = {
  name: 'execution',
  description: 'submit-script start latency beside python directly, snapshot re-submits of 2,000 files / 300 MB, live log latency',
  async run(log) {
    const root = mkdtempSync(join(tmpdir(), 'cairn-bench-exec-'));
    const dir = (name: string) => {
      mkdirSync(join(root, name));
      return join(root, name);
    };
    const server = await startBenchServer(dir('data'));
    const env = cliEnv(join(root, 'data'));
    try {
      const rows: BenchRow[] = [];
      if (wanted('start')) rows.push(...(await startLatency(server, dir('start'), env, log)));
      if (wanted('snapshot')) rows.push(...(await snapshotResubmit(server, dir('big'), env, log)));
      if (wanted('logs')) rows.push(...(await logLatency(dir('logs'), env, log)));
      return rows;
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
};
