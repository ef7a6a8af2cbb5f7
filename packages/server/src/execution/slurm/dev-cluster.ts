/** Test helper: the dev Slurm cluster of `scripts/slurm-dev-cluster`, started once and shared by test files. */
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Path of `scripts/slurm-dev-cluster`. */
export const devClusterScript = fileURLToPath(new URL('../../../../../scripts/slurm-dev-cluster', import.meta.url));

/** Runs the script with an action; `dir` and `port` pick a separate cluster (default: the shared one). */
export async function devCluster(action: 'up' | 'down' | 'status', at: { dir?: string; port?: number } = {}): Promise<{ stdout: string; slurmConf: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(at.dir ? { CAIRN_SLURM_DIR: at.dir } : {}), ...(at.port ? { CAIRN_SLURM_PORT: String(at.port) } : {}) };
  delete env.SLURM_CONF;
  const { stdout } = await run(devClusterScript, [action], { env, timeout: 60_000 });
  const slurmConf = /export SLURM_CONF=(\S+)/.exec(stdout)?.[1] ?? '';
  return { stdout, slurmConf };
}

/**
 * Brings the shared cluster (or the one at `at`, for a test file that takes nodes down) up, idempotent and
 * serialized by the script's lock, and points this process's Slurm commands at it. It stays up for the other test files; `scripts/slurm-dev-cluster down` ends it.
 */
export async function sharedCluster(at: { dir?: string; port?: number } = {}): Promise<string> {
  const { slurmConf } = await devCluster('up', at);
  if (!slurmConf) throw new Error('slurm-dev-cluster up printed no SLURM_CONF');
  process.env.SLURM_CONF = slurmConf;
  return slurmConf;
}

/**
 * A cluster of this test process alone (its own directory and ports), for test files that hold or take
 * nodes down: several runs of the suite may share this machine. `down` stops it.
 */
export async function privateCluster(): Promise<{ slurmConf: string; down(): Promise<void> }> {
  const at = { dir: `/tmp/cairn-slurm-${process.pid}-${randomBytes(3).toString('hex')}`, port: 20_000 + 3 * randomInt(0, 5000) };
  const slurmConf = await sharedCluster(at);
  return { slurmConf, down: async () => { await devCluster('down', at); } };
}
