/**
 * The `local` compute target: runners as detached processes on the server's machine. A runner is
 * its own process group, outlives a server restart, and shares nothing with the server but the
 * machine: it gets the URL and its token, and talks HTTP like any remote runner. After its first run
 * the target keeps one standby runner started (the same program, waiting on stdin), so the next run
 * starts without waiting for a Node start; a handle records the runner's pid and process start time,
 * so that after a server restart a live runner is told from a reused pid. The next standby starts a
 * moment after the run it follows (`standbyDelayMs`): its own start (Node, an HTTP warm-up, a waiting
 * Python launcher, spare working directories) costs more CPU than that run's whole start, and on a
 * small machine the two would share the cores just when the run's script is starting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ActiveRun, BackendHandle, ComputeBackend, RunLaunch, RunPresence } from './compute-backend.js';
import { processStartTime } from './process-start.js';

export interface LocalBackendOptions {
  /** Runs at once (default: the number of cores). */
  capacity: number;
  /** Command that starts the runner, e.g. `[process.execPath, '/path/runner/dist/main.js']`. */
  runnerCommand: string[];
  /** Where runner processes keep their own output and the blob cache. */
  workDir: string;
  /** How long a canceled runner gets before its process group is killed. */
  killAfterMs: number;
  /** Keep a standby runner ready after the first run (default true). */
  standby?: boolean;
  /** How long after a run starts the next standby is started (default 400 ms; see the file comment). */
  standbyDelayMs?: number;
}

interface Standby {
  child: ChildProcess;
  log: string;
}

export class LocalBackend implements ComputeBackend {
  readonly type = 'local';
  private readonly timers = new Set<NodeJS.Timeout>();
  private standby: Standby | null = null;
  private preparing = false;
  private closed = false;

  constructor(private readonly options: LocalBackendOptions) {}

  capacity(): number {
    return this.options.capacity;
  }

  async submit(run: RunLaunch): Promise<BackendHandle> {
    const args = ['--url', run.serverUrl, '--workspace', run.workspace, '--run-id', run.runId, '--cache-dir', this.cacheDir()];
    const pid = this.handOver(run, args) ?? (await this.spawnRunner(`${run.runId}.log`, args, { CAIRN_RUN_TOKEN: run.token }, 'ignore')).pid!;
    if (this.options.standby !== false) this.later(this.options.standbyDelayMs ?? 400, () => void this.prepareStandby(run.serverUrl));
    return { pid, host: hostname(), startTime: processStartTime(pid) };
  }

  /** Gives the run to the standby runner; its pid, or null when there is none alive. */
  private handOver(run: RunLaunch, args: string[]): number | null {
    const standby = this.standby;
    this.standby = null;
    if (!standby || standby.child.exitCode !== null || standby.child.signalCode !== null || !standby.child.stdin?.writable) return null;
    standby.child.stdin.end(`${JSON.stringify({ args, token: run.token })}\n`);
    standby.child.unref();
    renameSync(standby.log, join(this.runnersDir(), `${run.runId}.log`));
    return standby.child.pid!;
  }

  /** Starts the next standby; it warms its HTTP client on `serverUrl` while it waits. */
  private async prepareStandby(serverUrl: string): Promise<void> {
    // One at a time: two runs submitted together must not start two standbys, one of them lost.
    if (this.standby || this.preparing || this.closed) return;
    this.preparing = true;
    const log = `standby-${randomBytes(6).toString('hex')}.log`;
    const child = await this.spawnRunner(log, ['--standby', '--cache-dir', this.cacheDir(), '--url', serverUrl], {}, 'pipe').catch(() => null);
    this.preparing = false;
    if (!child) return;
    // A broken pipe (the standby died) is found when handing over; it must not crash the server.
    child.stdin?.on('error', () => undefined);
    if (this.closed) return void stopStandby({ child, log: join(this.runnersDir(), log) });
    this.standby = { child, log: join(this.runnersDir(), log) };
  }

  private cacheDir(): string {
    return join(this.options.workDir, 'cache');
  }

  private runnersDir(): string {
    const dir = join(this.options.workDir, 'runners');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private async spawnRunner(logName: string, args: string[], env: Record<string, string>, stdin: 'ignore' | 'pipe'): Promise<ChildProcess> {
    const out = openSync(join(this.runnersDir(), logName), 'a');
    const [command, ...prefix] = this.options.runnerCommand;
    const { CAIRN_RUN_TOKEN: _ignored, ...inherited } = process.env;
    try {
      const child = spawn(command!, [...prefix, ...args], { detached: true, stdio: [stdin, out, out], env: { ...inherited, ...env } });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      if (stdin === 'ignore') child.unref();
      return child;
    } finally {
      closeSync(out);
    }
  }

  async cancel(run: ActiveRun): Promise<void> {
    const pid = Number(run.handle.pid);
    if (!Number.isInteger(pid) || pid <= 0 || run.handle.host !== hostname()) return;
    signalGroup(pid, 'SIGTERM');
    this.later(this.options.killAfterMs, () => signalGroup(pid, 'SIGKILL'));
  }

  /** Runs `task` after `ms` unless the backend closes first; the timer keeps no process alive. */
  private later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  async reconcile(active: readonly ActiveRun[]): Promise<Map<string, RunPresence>> {
    return new Map(active.map((run) => [run.runId, presence(run.handle)]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.standby) stopStandby(this.standby);
    this.standby = null;
  }
}

function stopStandby(standby: Standby): void {
  standby.child.stdin?.destroy();
  standby.child.kill('SIGTERM');
  standby.child.unref();
  rmSync(standby.log, { force: true });
}

/** Whether the runner of a handle is still there: same host, a process with its pid, started when it was. */
function presence(handle: BackendHandle): RunPresence {
  if (handle.host !== hostname()) return 'unknown';
  const pid = Number(handle.pid);
  try {
    process.kill(pid, 0);
  } catch {
    return 'gone';
  }
  // A pid reused by another process since the runner ended: the runner is gone.
  const recorded = handle.startTime;
  return typeof recorded === 'string' && processStartTime(pid) !== recorded ? 'gone' : 'alive';
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}
