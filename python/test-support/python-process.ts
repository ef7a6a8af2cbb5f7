/**
 * Runs Python scripts as processes, with `python/` on PYTHONPATH, for the end-to-end tests.
 * Debian's /usr/bin/python3 is preferred when present (it is the interpreter CI installs).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pythonDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(pythonDir, '..');
export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables that would make a script find some other server or run. */
const inherited = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('CAIRN_') && !name.startsWith('AZUREML_')));

/** Runs `python args...` from `cwd` (the repository root by default) and collects its output. */
export function runPython(args: string[], env: Record<string, string> = {}, options: { cwd?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...inherited(process.env), PYTHONPATH: pythonDir, PYTHONUNBUFFERED: '1', CAIRN_CONFIG: join(pythonDir, 'no-such-config.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 55_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The script's path under python/e2e. */
export const script = (name: string) => join(pythonDir, 'e2e', name);

/** The last stdout line parsed as JSON (scripts print their findings last). */
export function lastJson<T = Record<string, unknown>>(result: ProcessResult): T {
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
