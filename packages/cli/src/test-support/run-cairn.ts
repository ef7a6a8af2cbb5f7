/** Runs the built `cairn` as a real process, the way a user would. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

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

/** Where a bound `cairn` runs: the server, the token, a working directory (holding the CLI config) and extra variables. */
export interface CairnTarget {
  url: string;
  token: string;
  dir: string;
  env?: Record<string, string>;
}

/**
 * `cairn` bound to a server and a directory, read when called (tests assign them in beforeAll): `run`
 * runs a command; `json` runs it with `-o json`, expects success and parses its output.
 */
export function boundCairn(target: () => CairnTarget) {
  const run = (args: string[]): Promise<CairnResult> => {
    const { url, token, dir, env } = target();
    return runCairn([...args, '--url', url, '--token', token], { env: { CAIRN_CONFIG: join(dir, 'config.json'), ...env }, cwd: dir });
  };
  const json = async (args: string[]): Promise<any> => {
    const result = await run([...args, '-o', 'json']);
    expect(result.stderr).not.toContain('error ');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  };
  return { run, json };
}
