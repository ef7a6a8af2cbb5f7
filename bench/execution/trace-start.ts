/**
 * One traced start, to see where start latency goes: a bench server, the CLI and the runner all with
 * `CAIRN_TRACE=1`, printed as one timeline from the moment the CLI was spawned.
 *
 *   npm run build && node --import tsx bench/execution/trace-start.ts [SUBMITS]
 *
 * Submits come SETTLE_MS apart, as in the start bench.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from '../support/server.js';
import { cliEnv, ended, msToLine, startCli } from './cli-process.js';
import { FIRST_LINE, writeTree } from './source-tree.js';
import { SETTLE_MS } from './start-latency.js';

process.env.CAIRN_TRACE = '1';
const root = mkdtempSync(join(tmpdir(), 'cairn-trace-start-'));
const dir = join(root, 'src');
mkdirSync(dir);
await writeTree(dir, 1999, 1024);
await writeFile(join(dir, 'first.py'), FIRST_LINE);
const data = join(root, 'data');
mkdirSync(data);
const server = await startBenchServer(data);
const env = { ...cliEnv(data), CAIRN_TRACE: '1' };
try {
  for (let i = 0; i < Number(process.argv[2] ?? 3); i++) {
    // As the start bench does: the standby that took the last run is replaced and its spares copied meanwhile.
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const { ms, startedAt, child, stderr } = await msToLine(() => startCli(['run', 'submit-script', 'first.py', '-e', 'trace', '--source-dir', dir], env), (l) => l.includes('first line'));
    await ended(child);
    const runId = /Submitted run (\S+)/.exec(stderr())?.[1];
    const runnerLog = readdirSync(join(data, 'local-compute', 'runners')).find((f) => f.startsWith(runId ?? '?'));
    const lines = [...stderr().split('\n'), ...(runnerLog ? readFileSync(join(data, 'local-compute', 'runners', runnerLog), 'utf8').split('\n') : [])];
    const events = lines.flatMap((l) => {
      const m = /^\[trace (\w+)\] (\d+) \S+ ms (.*)$/.exec(l);
      return m ? [{ at: Number(m[2]) - startedAt, who: m[1]!, what: m[3]! }] : [];
    }).sort((a, b) => a.at - b.at);
    process.stdout.write(`\nsubmit ${i}: first line after ${ms.toFixed(0)} ms\n`);
    for (const e of events) process.stdout.write(`${String(e.at).padStart(6)} ms  ${e.who.padEnd(6)} ${e.what}\n`);
  }
} finally {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
