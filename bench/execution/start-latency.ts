/**
 * Start latency: `cairn run submit-script` of an unchanged 2,000-file snapshot with the `system`
 * environment (nothing to build) until the script's first line shows, beside starting the same
 * Python script directly.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchRow } from '../harness.js';
import { ended, msToLine, runCli, startCli } from './cli-process.js';
import { FIRST_LINE, writeTree } from './source-tree.js';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(runs: number, once: () => Promise<number>): Promise<number[]> {
  await once(); // warm-up: caches, JIT, the first upload
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return times;
}

/** The start latency row; `dir` is created empty by the caller. */
export async function startLatency(dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BenchRow[]> {
  await writeTree(dir, 1999, 1024);
  await writeFile(join(dir, 'first.py'), FIRST_LINE);
  const isFirst = (line: string) => line.includes('first line');
  const direct = await timed(RUNS, async () => {
    const { ms, child } = await msToLine(() => spawn('/usr/bin/python3', [join(dir, 'first.py')], { stdio: 'pipe' }), isFirst);
    await ended(child);
    return ms;
  });
  await runCli(['run', 'submit-script', 'first.py', '-e', 'bench-start', '--source-dir', dir], env);
  const submitted = await timed(RUNS, async () => {
    const { ms, child } = await msToLine(() => startCli(['run', 'submit-script', 'first.py', '-e', 'bench-start', '--source-dir', dir], env), isFirst);
    if ((await ended(child)) !== 0) throw new Error('the submitted run did not complete');
    return ms;
  });
  log(`start: direct ${direct.map((t) => t.toFixed(0)).join(', ')} ms; submitted ${submitted.map((t) => t.toFixed(0)).join(', ')} ms`);
  const baseline = median(direct);
  return [{
    name: 'start: submit-script → first line (2,000 files, system env)', measured: { value: median(submitted), unit: 'ms' },
    baseline: { name: 'python3 script directly', value: baseline, unit: 'ms' }, target: { op: '<', value: baseline + 300, unit: 'ms' },
    notes: `median of ${RUNS} after a warm-up; target: direct + 300 ms`,
  }];
}
