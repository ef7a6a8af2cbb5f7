/**
 * The `ssh` compute target: an attached machine (a GPU workstation, a VM) where runs start over SSH
 * with the same runner as everywhere, fetched from the server into the runner cache by version. The
 * runner leads its own process group (`setsid`); its pid file under the cache lets cancel stop the
 * group and a restarted server ask whether the run's runner is still alive.
 */
import { fetchRunnerScript, quotedCache, shellQuote as quote } from '../../compute/runner-fetch.js';
import type { RunnerBundle } from '../../compute/runner-bundle.js';
import { SchedulerUnreachableError, type ActiveRun, type BackendHandle, type ComputeBackend, type RunLaunch, type RunPresence, type SilenceReason } from '../compute-backend.js';
import { SshConnectError, sshExec, type SshEndpoint } from './ssh-connection.js';

/** An SSH target's settings as stored (`hostKey` pinned at create). */
export interface SshSettings {
  host: string;
  port: number;
  user: string;
  maxRuns: number;
  hostKey: string;
  runnerCache?: string | null;
}

export interface SshBackendOptions {
  settings: SshSettings;
  /** The private key, read from the vault at each connection (so a rotated secret takes effect). */
  privateKey: () => Promise<string>;
  bundle: () => Promise<RunnerBundle>;
  /** How long a canceled runner gets before its process group is killed. */
  killAfterSeconds: number;
}

const RUN_ID = /^[\w.-]+$/;

export class SshBackend implements ComputeBackend {
  readonly type = 'ssh';

  constructor(private readonly options: SshBackendOptions) {}

  /** Runs at once on the machine (`--max-runs`). */
  capacity(): number {
    return this.options.settings.maxRuns;
  }

  /** Starts the runner detached on the host; an unreachable host leaves the run queued for a retry, a wrong host key fails it. */
  async submit(run: RunLaunch): Promise<BackendHandle> {
    if (!RUN_ID.test(run.runId)) throw new Error(`run id ${run.runId} cannot name files on the host`);
    const { version } = await this.options.bundle();
    const result = await this.exec('sh -s', this.startScript(run, version));
    const pid = /^pid (\d+)$/m.exec(result.stdout)?.[1];
    if (result.code !== 0 || !pid) throw new Error(`starting the runner on ${this.options.settings.host} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    return { host: this.options.settings.host, pid: Number(pid) };
  }

  /** The start script, read by `sh` from stdin: the token is in it, so it never shows on a command line. */
  startScript(run: RunLaunch, version: string): string {
    const cache = this.cache();
    const args = ['--url', run.serverUrl, '--workspace', run.workspace, '--run-id', run.runId].map(quote).join(' ');
    return [
      `CAIRN_RUN_TOKEN=${quote(run.token)}`, 'export CAIRN_RUN_TOKEN',
      fetchRunnerScript(run, version, cache),
      `mkdir -p ${cache}/ssh-runs || exit 1`,
      `setsid node "$runner" ${args} --cache-dir ${cache} </dev/null >${cache}/ssh-runs/${run.runId}.out 2>&1 &`,
      `echo $! >${cache}/ssh-runs/${run.runId}.pid`,
      'echo "pid $!"', '',
    ].join('\n');
  }

  /** SIGTERM to the runner's process group (it stops the script), SIGKILL after the grace period. */
  async cancel(run: ActiveRun): Promise<void> {
    const pid = Number(run.handle.pid);
    if (!Number.isInteger(pid) || pid <= 1) return;
    const later = `sleep ${this.options.killAfterSeconds}; kill -KILL -- -${pid}`;
    await this.exec(`kill -TERM -- -${pid}; nohup sh -c '${later}' >/dev/null 2>&1 &`);
  }

  /** Asks the host which runs' runners live: the pid file's process, still running that run. */
  async reconcile(active: readonly ActiveRun[]): Promise<Map<string, RunPresence>> {
    const result = new Map<string, RunPresence>(active.map((r) => [r.runId, 'unknown']));
    const ids = active.map((r) => r.runId).filter((id) => RUN_ID.test(id));
    if (ids.length === 0) return result;
    const check = `for id in ${ids.join(' ')}; do p=$(cat ${this.cache()}/ssh-runs/$id.pid 2>/dev/null); `
      + 'if [ -n "$p" ] && tr "\\0" " " </proc/$p/cmdline 2>/dev/null | grep -q -- "--run-id $id "; then echo "$id alive"; else echo "$id gone"; fi; done';
    try {
      const { stdout } = await this.exec(check);
      for (const line of stdout.split('\n')) {
        const [id, state] = line.trim().split(' ');
        if (id && (state === 'alive' || state === 'gone')) result.set(id, state);
      }
    } catch {
      // The host does not answer: nothing is known, nothing is declared lost.
    }
    return result;
  }

  /** A silent runner whose process is gone from the host (killed, host rebooted) ends its run now rather than at the watchdog's limit. */
  async explainSilence(run: ActiveRun): Promise<SilenceReason> {
    if ((await this.reconcile([run])).get(run.runId) !== 'gone') return null;
    const message = `the runner of run ${run.runId} on ${this.options.settings.host} (pid ${run.handle.pid ?? 'unknown'}) is gone: its process ended without reporting`;
    return { ended: { status: 'Failed', message } };
  }

  async close(): Promise<void> {}

  private cache(): string {
    return quotedCache(this.options.settings.runnerCache);
  }

  private async exec(command: string, input = '') {
    const s = this.options.settings;
    const endpoint: SshEndpoint = { host: s.host, port: s.port, user: s.user, hostKey: s.hostKey, privateKey: await this.options.privateKey() };
    try {
      return await sshExec(endpoint, command, input);
    } catch (error) {
      if (error instanceof SshConnectError) throw new SchedulerUnreachableError(error.message);
      throw error;
    }
  }
}
