/**
 * Log latency: from a line printed by a running script to the same line shown by
 * `cairn run logs ID --follow`, on one machine (one clock).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchRow } from '../harness.js';
import { ended, runCli, startCli } from './cli-process.js';
import { timedLines } from './source-tree.js';

const LINES = 50;

/** The log latency row; `dir` is created empty by the caller. */
export async function logLatency(dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BenchRow[]> {
  await writeFile(join(dir, 'lines.py'), timedLines(LINES, 100, 3000));
  const { stdout } = await runCli(['run', 'submit-script', 'lines.py', '-e', 'bench-logs', '--source-dir', dir, '--detach', '-o', 'json'], env);
  const runId = (JSON.parse(stdout) as { id: string }).id;
  const follower = startCli(['run', 'logs', runId, '--follow'], env);
  follower.stderr.resume();
  const delays: number[] = [];
  createInterface({ input: follower.stdout }).on('line', (line) => {
    const printed = /^t=(\d+(?:\.\d+)?)$/.exec(line);
    if (printed) delays.push(Date.now() - Number(printed[1]));
  });
  if ((await ended(follower)) !== 0) throw new Error('cairn run logs --follow did not exit 0');
  if (delays.length !== LINES) throw new Error(`saw ${delays.length} of ${LINES} lines`);
  const sorted = [...delays].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  log(`logs: median ${p(0.5)} ms, p90 ${p(0.9)} ms, max ${sorted.at(-1)} ms over ${LINES} lines`);
  return [
    { name: 'logs: printed → shown by run logs --follow (median)', measured: { value: p(0.5), unit: 'ms' }, target: { op: '<', value: 200, unit: 'ms' }, notes: `${LINES} lines, 100 ms apart` },
    { name: 'logs: printed → shown (p90)', measured: { value: p(0.9), unit: 'ms' } },
  ];
}
