/** The runner's options: flags first, then `CAIRN_*` environment variables. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunnerOptions {
  /** Server base URL (no `/api/v1`). */
  url: string;
  workspace: string;
  runId: string;
  /** Run-scoped token: from `CAIRN_RUN_TOKEN` (a flag would show in `ps`). */
  token: string;
  /** Node-local cache: blobs by hash, environments, working directories. */
  cacheDir: string;
  /** Where the Python client (`cairn`, `azureml`) lives, for the script's PYTHONPATH. */
  pythonDir: string | null;
  /** Time between SIGTERM and SIGKILL when stopping the script. */
  graceMs: number;
  /** How long calls to the server are retried before the runner gives up (server restarts). */
  retryForMs: number;
}

const flagNames: Record<string, keyof RunnerOptions> = {
  '--url': 'url', '--workspace': 'workspace', '--run-id': 'runId', '--cache-dir': 'cacheDir', '--python-dir': 'pythonDir',
};

/** Parses argv and the environment; throws naming what is missing. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): RunnerOptions {
  const flags: Partial<Record<keyof RunnerOptions, string>> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = flagNames[argv[i]!];
    if (!key || argv[i + 1] === undefined) throw new Error(`unknown or incomplete flag ${argv[i]}; usage: cairn-runner --url URL --workspace WS --run-id ID [--cache-dir DIR] [--python-dir DIR]`);
    flags[key] = argv[i + 1]!;
  }
  const pick = (key: keyof RunnerOptions, name: string) => flags[key] ?? env[name];
  const url = pick('url', 'CAIRN_URL');
  const runId = pick('runId', 'CAIRN_RUN_ID');
  const token = env.CAIRN_RUN_TOKEN;
  if (!url || !runId || !token) throw new Error('the runner needs --url (CAIRN_URL), --run-id (CAIRN_RUN_ID) and CAIRN_RUN_TOKEN in its environment');
  return {
    url: url.replace(/\/+$/, ''), runId, token, workspace: pick('workspace', 'CAIRN_WORKSPACE') ?? 'default',
    cacheDir: resolve(pick('cacheDir', 'CAIRN_RUNNER_CACHE') ?? join(env.HOME ?? '/tmp', '.cairn', 'runner-cache')),
    pythonDir: pick('pythonDir', 'CAIRN_RUNNER_PYTHON_DIR') ?? findPythonDir(),
    graceMs: Number(env.CAIRN_RUNNER_GRACE_SECONDS ?? '10') * 1000,
    retryForMs: Number(env.CAIRN_RUNNER_RETRY_SECONDS ?? '600') * 1000,
  };
}

/** `python/` beside the bundled runner, else the repository's `python/` dir. */
function findPythonDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'python'), join(here, '..', '..', '..', 'python')];
  return candidates.find((dir) => existsSync(join(dir, 'azureml'))) ?? null;
}
