/** Runs the built `cairn` as a real process, the way a user would. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));

/** What a `cairn` process did. */
export interface CairnResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one `cairn` run: stdin text and environment additions. */
export interface CairnRunOptions {
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
}

/** An environment without the caller's CAIRN_* variables, so tests see only what they set. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CAIRN_')));
  return { ...env, ...extra };
}

/** Runs `cairn args…` to completion. */
export function runCairn(args: string[], options: CairnRunOptions = {}): Promise<CairnResult> {
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv(options.env ?? {}), cwd: options.cwd, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts `cairn args…` and leaves it running (for `cairn server`). */
export function startCairn(args: string[], options: CairnRunOptions = {}) {
  return spawn(process.execPath, [bin, ...args], { env: cleanEnv(options.env ?? {}), cwd: options.cwd, stdio: 'pipe' });
}
