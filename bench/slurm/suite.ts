/**
 * The `slurm` suite: `cairn run submit-script --compute <slurm target>` until the script's first
 * line shows, beside `sbatch` of the same script directly until its first line is in the job's
 * output file, on the dev cluster of `scripts/slurm-dev-cluster` (started if it is not up).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow, Suite } from '../harness.js';
import { startBenchServer } from '../support/server.js';
import { cliEnv, ended, msToLine, runCli, startCli } from '../execution/cli-process.js';

const run = promisify(execFile);
const RUNS = 5;
const SCRIPT = 'print("first line", flush=True)\n';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Submits the script with sbatch; answers ms until its first line is in the output file. */
async function sbatchToLine(dir: string, i: number): Promise<number> {
  const out = join(dir, `direct-${i}.out`);
  const started = performance.now();
  await run('sbatch', ['--parsable', '-p', 'debug', '-o', out, '--wrap', `/usr/bin/python3 ${join(dir, 'src', 'first.py')}`]);
  while (!(existsSync(out) && readFileSync(out, 'utf8').includes('first line'))) await new Promise((r) => setTimeout(r, 5));
  return performance.now() - started;
}

export const slurmSuite: Suite = {
  name: 'slurm',
  description: 'submit-script to the first line on the dev Slurm cluster, beside sbatch of the same script',
  async run(log) {
    const script = fileURLToPath(new URL('../../scripts/slurm-dev-cluster', import.meta.url));
    const up = (await run(script, ['up'])).stdout;
    process.env.SLURM_CONF = /export SLURM_CONF=(\S+)/.exec(up)![1]!;
    const root = mkdtempSync(join(tmpdir(), 'cairn-bench-slurm-'));
    mkdirSync(join(root, 'data'));
    const src = join(root, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'first.py'), SCRIPT);
    const server = await startBenchServer(join(root, 'data'));
    const env = cliEnv(join(root, 'data'));
    try {
      await runCli(['compute', 'create', 'dev', '--type', 'slurm', '--partition', 'debug', '--max-nodes', '2'], env);
      const direct: number[] = [];
      for (let i = 0; i <= RUNS; i++) direct.push(await sbatchToLine(root, i));
      const submitted: number[] = [];
      // One run first, whose output says what went wrong if anything does.
      const probe = await runCli(['run', 'submit-script', 'first.py', '-e', 'bench-slurm', '--compute', 'dev', '--source-dir', src], env).catch((e: Error) => { throw new Error(`a run on the Slurm target failed: ${e.message}`); });
      log(`probe: ${probe.stdout.trim().split('\n').slice(-1)[0]}`);
      for (let i = 0; i <= RUNS; i++) {
        let errors = '';
        const { ms, child } = await msToLine(() => {
          const cli = startCli(['run', 'submit-script', 'first.py', '-e', 'bench-slurm', '--compute', 'dev', '--source-dir', src], env);
          cli.stderr.on('data', (c: Buffer) => (errors += c.toString()));
          return cli;
        }, (l) => l.includes('first line')).catch((e: Error) => { throw new Error(`${e.message}: ${errors}`); });
        if ((await ended(child)) !== 0) throw new Error(`the submitted run did not complete: ${errors}`);
        submitted.push(ms);
      }
      direct.shift();
      submitted.shift(); // warm-ups
      log(`direct sbatch ${direct.map((t) => t.toFixed(0)).join(', ')} ms; cairn ${submitted.map((t) => t.toFixed(0)).join(', ')} ms`);
      const baseline = median(direct);
      return [{
        name: 'slurm: submit-script → first line (dev cluster)', measured: { value: median(submitted), unit: 'ms' },
        baseline: { name: 'sbatch of the same script directly', value: baseline, unit: 'ms' }, target: { op: '<', value: baseline + 1000, unit: 'ms' },
        notes: `median of ${RUNS} after a warm-up; target: sbatch + 1 s`,
      }];
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
};
