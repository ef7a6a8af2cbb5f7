/**
 * Start latency: `cairn run submit-script` of an unchanged 2,000-file snapshot with the `system`
 * environment (nothing to build) until the script's first line shows, beside starting the same
 * Python script directly.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchRow } from '../harness.js';
import type { BenchServer } from '../support/server.js';
import { ended, msToLine, runCli, startCli } from './cli-process.js';
import { FIRST_LINE, writeTree } from './source-tree.js';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Between two submits the node settles as it does between a user's submits: the standby runner
 * that took the last run is replaced and the spare working directories are copied again (~0.5 s a
 * copy of 2,000 files). Back to back, a submit can find them still being made; that case is
 * measured too, as its own row.
 */
export const SETTLE_MS = 2000;

async function timed(runs: number, once: () => Promise<number>, settleMs = 0): Promise<number[]> {
  await once(); // warm-up: caches, JIT, the first upload
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    times.push(await once());
  }
  return times;
}

/** The start latency row; `dir` is created empty by the caller. */
export async function startLatency(server: BenchServer, dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BenchRow[]> {
  await writeTree(dir, 1999, 1024);
  await writeFile(join(dir, 'first.py'), FIRST_LINE);
  const isFirst = (line: string) => line.includes('first line');
  const direct = await timed(RUNS, async () => {
    const { ms, child } = await msToLine(() => spawn('/usr/bin/python3', [join(dir, 'first.py')], { stdio: 'pipe' }), isFirst);
    await ended(child);
    return ms;
  });
  await runCli(['run', 'submit-script', 'first.py', '-e', 'bench-start', '--source-dir', dir], env);
  const untilCreated: number[] = [];
  const submit = async () => {
    const { ms, startedAt, child, stderr } = await msToLine(() => startCli(['run', 'submit-script', 'first.py', '-e', 'bench-start', '--source-dir', dir], env), isFirst);
    if ((await ended(child)) !== 0) throw new Error('the submitted run did not complete');
    untilCreated.push((await createdAt(server, stderr())) - startedAt);
    return ms;
  };
  const submitted = await timed(RUNS, submit, SETTLE_MS);
  untilCreated.shift(); // the warm-up's
  const created = median(untilCreated.splice(0));
  const backToBack = await timed(RUNS, submit);
  log(`start: direct ${direct.map((t) => t.toFixed(0)).join(', ')} ms; submitted ${submitted.map((t) => t.toFixed(0)).join(', ')} ms; back to back ${backToBack.map((t) => t.toFixed(0)).join(', ')} ms`);
  const baseline = median(direct);
  return [{
    name: 'start: submit-script → first line (2,000 files, system env)', measured: { value: median(submitted), unit: 'ms' },
    baseline: { name: 'python3 script directly', value: baseline, unit: 'ms' }, target: { op: '<', value: baseline + 300, unit: 'ms' },
    notes: `median of ${RUNS} after a warm-up, ${SETTLE_MS / 1000} s apart; target: direct + 300 ms`,
  }, {
    name: 'start: the same, submits back to back', measured: { value: median(backToBack), unit: 'ms' },
    baseline: { name: 'python3 script directly', value: baseline, unit: 'ms' },
    notes: `median of ${RUNS}, each submitted as the last one's CLI exits: the standby and spare copies may still be in the making`,
  }, {
    name: 'start: of which the CLI until the run is created', measured: { value: created, unit: 'ms' },
    notes: 'node start, run configuration, hash cache, blobs/missing, snapshot, submit',
  }, {
    name: 'start: of which run created → first line shown', measured: { value: median(submitted) - created, unit: 'ms' },
    notes: 'queue, dispatcher, runner start, snapshot on the node, python start, log shipping',
  }];
}

/** When the server created the run the CLI announced (same machine, same clock). */
async function createdAt(server: BenchServer, stderr: string): Promise<number> {
  const id = /Submitted run (\S+)/.exec(stderr)?.[1];
  const res = await fetch(`${server.api}/workspaces/default/runs/${id}`, { headers: { authorization: `Bearer ${server.token}` } });
  return ((await res.json()) as { createdAt: number }).createdAt;
}
