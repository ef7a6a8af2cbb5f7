/**
 * The `local` compute target: runners as detached processes on the server's machine. A runner is
 * its own process group, outlives a server restart, and shares nothing with the server but the
 * machine: it gets the URL and its token, and talks HTTP like any remote runner.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ActiveRun, BackendHandle, ComputeBackend, RunLaunch, RunPresence } from './compute-backend.js';

export interface LocalBackendOptions {
  /** Runs at once (default: the number of cores). */
  capacity: number;
  /** Command that starts the runner, e.g. `[process.execPath, '/path/runner/dist/main.js']`. */
  runnerCommand: string[];
  /** Where runner processes keep their own output and the blob cache. */
  workDir: string;
  /** How long a canceled runner gets before its process group is killed. */
  killAfterMs: number;
}

export class LocalBackend implements ComputeBackend {
  readonly type = 'local';
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: LocalBackendOptions) {}

  capacity(): number {
    return this.options.capacity;
  }

  async submit(run: RunLaunch): Promise<BackendHandle> {
    const dir = join(this.options.workDir, 'runners');
    mkdirSync(dir, { recursive: true });
    const out = openSync(join(dir, `${run.runId}.log`), 'a');
    const [command, ...prefix] = this.options.runnerCommand;
    const args = [...prefix, '--url', run.serverUrl, '--workspace', run.workspace, '--run-id', run.runId, '--cache-dir', join(this.options.workDir, 'cache')];
    try {
      const child = spawn(command!, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, CAIRN_RUN_TOKEN: run.token } });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      child.unref();
      return { pid: child.pid!, host: hostname() };
    } finally {
      closeSync(out);
    }
  }

  async cancel(run: ActiveRun): Promise<void> {
    const pid = Number(run.handle.pid);
    if (!Number.isInteger(pid) || pid <= 0 || run.handle.host !== hostname()) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      signalGroup(pid, 'SIGKILL');
    }, this.options.killAfterMs);
    timer.unref();
    this.timers.add(timer);
  }

  async reconcile(active: readonly ActiveRun[]): Promise<Map<string, RunPresence>> {
    return new Map(active.map((run) => [run.runId, presence(run.handle)]));
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function presence(handle: BackendHandle): RunPresence {
  if (handle.host !== hostname()) return 'unknown';
  try {
    process.kill(Number(handle.pid), 0);
    return 'alive';
  } catch {
    return 'gone';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}
