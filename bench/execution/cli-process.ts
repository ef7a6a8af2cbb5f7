/** The built `cairn` CLI as a process, as a user runs it, pointed at the bench server. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** BENCH_CAIRN_BIN runs another build of the CLI (an A/B against an earlier commit's bundle). */
const bin = process.env.BENCH_CAIRN_BIN ?? fileURLToPath(new URL('../../packages/cli/bin/cairn.js', import.meta.url));

/**
 * Environment for the CLI: the bench server's config file and a hash cache of its own. Without
 * NODE_EXTRA_CA_CERTS: the sandbox these machines run in sets it for its TLS proxy, and it makes
 * every Node process parse ~140 certificates before any code runs (a bare `node -e 0` takes ~130 ms
 * with it, ~40 ms without), a cost of the machine, not of Cairn, that a user's shell does not have.
 */
export function cliEnv(dataDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CAIRN_') && k !== 'NODE_EXTRA_CA_CERTS'));
  return { ...env, CAIRN_CONFIG: join(dataDir, 'cli.json'), CAIRN_CACHE_DIR: join(dataDir, 'cli-cache') };
}

/** Starts `cairn args…`. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [bin, ...args], { env, cwd, stdio: 'pipe' });
}

/** Runs `cairn args…` to the end; throws with its stderr unless it exits 0. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ stdout: string; stderr: string }> {
  const child = startCli(args, env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`cairn ${args.join(' ')} exited ${code}:\n${stderr}`);
  return { stdout, stderr };
}

/** Milliseconds from starting a process to its first stdout line that `matches`; the process is then left to end. */
export async function msToLine(start: () => ChildProcessWithoutNullStreams, matches: (line: string) => boolean): Promise<{ ms: number; startedAt: number; child: ChildProcessWithoutNullStreams; stderr: () => string }> {
  const t0 = performance.now();
  const startedAt = Date.now();
  const child = start();
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout });
  const ms = await new Promise<number>((resolve, reject) => {
    lines.on('line', (line) => matches(line) && resolve(performance.now() - t0));
    child.once('close', (code) => reject(new Error(`process ended (${code}) before the line came`)));
  });
  return { ms, startedAt, child, stderr: () => stderr };
}

/** Waits for a process to end. */
export function ended(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('close', resolve));
}
