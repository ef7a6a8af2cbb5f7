/**
 * Runs a benchmark suite, prints its results as a table and writes them to `bench/results/<suite>.json`.
 *
 *   npm run build && npm run bench -- <suite>      (suites: see `suites` below)
 *
 * The server runs from source (tsx) but resolves `@cairn/api` to its build, hence the build first.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { machine, met, table, type Suite } from './harness.js';

// Loaded lazily: a suite's imports (the server, drivers) cost only when it runs.
const suites: Record<string, () => Promise<Suite>> = {
  tracking: async () => (await import('./tracking/suite.js')).trackingSuite,
  serving: async () => (await import('./serving/suite.js')).servingSuite,
  execution: async () => (await import('./execution/suite.js')).executionSuite,
  data: async () => (await import('./data/suite.js')).dataSuite,
  slurm: async () => (await import('./slurm/suite.js')).slurmSuite,
};

async function main(name: string | undefined): Promise<void> {
  const load = name ? suites[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: npm run bench -- <suite>\nsuites: ${Object.keys(suites).join(', ')}\n`);
    process.exit(2);
  }
  if (!existsSync(new URL('../packages/api/dist/index.js', import.meta.url))) {
    process.stderr.write('packages/api is not built: run `npm run build` first\n');
    process.exit(2);
  }
  const suite = await load();
  const log = (line: string) => process.stderr.write(`[${suite.name}] ${line}\n`);
  log(suite.description);
  // The machine may be shared: the load around the run says how much the numbers can be trusted.
  const loadBefore = loadavg()[0]!;
  const rows = await suite.run(log);
  const loadAverage = { before: round(loadBefore), after: round(loadavg()[0]!) };
  process.stdout.write(`\n${table(rows)}\n\n1-minute load average: ${loadAverage.before} before, ${loadAverage.after} after, on ${machine().cores} cores\n`);
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', `${suite.name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const results = rows.map((row) => ({ ...row, met: met(row) }));
  writeFileSync(file, `${JSON.stringify({ suite: suite.name, at: new Date().toISOString(), machine: machine(), loadAverage, results }, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
