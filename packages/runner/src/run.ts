/** Runs one run on this node, from its spec to its final status. */
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentSpec, RunSpec } from '@cairn/api';
import { prepareRunData, RunDataError } from './data/run-data.js';
import { READY_FILE, environmentDir, prepareEnvironment } from './environment/prepare.js';
import { LogShipper } from './log-shipper.js';
import type { RunnerOptions } from './options.js';
import { outcomeOf, StderrTails, type Outcome, type RunError, type StopReason } from './outcome.js';
import { Ranks } from './ranks.js';
import { SrunRanks, srunLayoutOf } from './srun-ranks.js';
import { RunFiles } from './run-files.js';
import { ServerClient } from './server-client.js';
import { materializeSnapshot, SnapshotError } from './snapshot.js';
import type { WaitingLauncher } from './rank-launcher.js';
import type { SpareCopy } from './spare-copy.js';
import { trace } from './trace.js';
import { Watchers } from './watchers.js';

/** A platform failure with its run error code. */
export class PlatformError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class RunnerRun {
  readonly client: ServerClient;
  readonly logs: LogShipper;
  private stopReason: StopReason = null;
  private ranks: Ranks | SrunRanks | null = null;
  private readonly abort = new AbortController();
  private statuses: Promise<void> = Promise.resolve();

  /** `standby`: what a standby runner prepared for its run (a spare working directory, a waiting rank launcher). */
  constructor(readonly options: RunnerOptions, private readonly standby: { spare: SpareCopy | null; launcher: WaitingLauncher | null } = { spare: null, launcher: null }) {
    this.client = new ServerClient(options.url, options.token, options.workspace, options.retryForMs);
    this.logs = new LogShipper(this.client, options.runId, 50, (error) => process.stderr.write(`log batch lost: ${(error as Error).message}\n`));
  }

  private runPath(rest = ''): string {
    return `/runs/${encodeURIComponent(this.options.runId)}${rest}`;
  }

  /** Writes a line to the run's system log. */
  say(text: string): void {
    this.logs.line('system', 0, text);
  }

  /**
   * Moves the run's status; moves are sent one after another in the order asked, so a caller need not
   * wait for one before going on. A refused move (the run moved on meanwhile) is only noted.
   */
  status(status: string, extra: { statusReason?: string; error?: RunError } = {}): Promise<void> {
    this.statuses = this.statuses.then(() => this.sendStatus(status, extra));
    return this.statuses;
  }

  private async sendStatus(status: string, extra: { statusReason?: string; error?: RunError }): Promise<void> {
    try {
      await this.client.json('PATCH', this.runPath(), { status, ...extra });
    } catch (error) {
      process.stderr.write(`status ${status} not recorded: ${(error as Error).message}\n`);
    }
  }

  /** Stops the script: SIGTERM to every rank's process group, SIGKILL after the grace period. */
  stop(reason: Exclude<StopReason, null>): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.abort.abort();
    this.say(reason === 'cancel' ? 'cancel requested: stopping the script' : 'time limit reached: stopping the script');
    if (!this.ranks) return;
    this.ranks.signal('SIGTERM');
    setTimeout(() => this.ranks?.signal('SIGKILL'), this.options.graceMs).unref();
  }

  /** Runs the run; always reports a final status when the server can be reached. */
  async execute(): Promise<Outcome> {
    trace('started');
    const spec = await this.client.json<RunSpec>('GET', this.runPath('/spec'));
    trace('spec read');
    const watchers = new Watchers(this, spec);
    watchers.startHeartbeats();
    let outcome: Outcome;
    try {
      outcome = await this.prepareAndRun(spec, watchers);
    } catch (error) {
      outcome = { status: 'Failed', error: platformError(error) };
      this.say(`${outcome.error.code}: ${outcome.error.message}`);
    }
    await watchers.stop();
    await this.logs.flush();
    await this.status(outcome.status, outcome.status === 'Failed' ? { error: outcome.error } : { statusReason: outcome.statusReason });
    return outcome;
  }

  private async prepareAndRun(spec: RunSpec, watchers: Watchers): Promise<Outcome> {
    void this.status('Preparing', { statusReason: `downloading snapshot ${spec.snapshotId.slice(0, 12)}` });
    const workDir = join(this.options.cacheDir, 'work', `${spec.runId}-${randomBytes(4).toString('hex')}`);
    const count = await materializeSnapshot(this.client, spec.snapshotId, workDir, this.options.cacheDir, this.standby.spare);
    trace(`snapshot materialized: ${count} files`);
    this.say(`snapshot ${spec.snapshotId.slice(0, 12)}: ${count} files in ${workDir}`);
    const prepared = await this.prepareEnvironment(spec);
    if (this.stopReason) return outcomeOf([], this.stopReason, new StderrTails(), spec.runConfig.max_run_duration_seconds);
    await Promise.all([mkdir(join(workDir, 'outputs'), { recursive: true }), mkdir(join(workDir, 'logs'), { recursive: true })]);
    trace('environment prepared');
    const data = await prepareRunData(this.client, spec, workDir, (line) => this.say(line));
    // Recorded while the script starts: nothing the script does waits on it.
    void this.status('Running', { statusReason: `running ${spec.runConfig.script}` });
    trace('starting the script');
    const tails = new StderrTails();
    let seenLine = false;
    const processCount = spec.runConfig.distribution?.process_count_per_node ?? 1;
    const layout = srunLayoutOf(spec.runConfig.distribution?.node_count ?? 1, processCount, process.env);
    const startRanks = (o: ConstructorParameters<typeof Ranks>[0]) => (layout ? new SrunRanks(o, layout) : new Ranks(o));
    this.ranks = startRanks({
      python: prepared.python, args: ['-u', spec.runConfig.script, ...data.args(spec.runConfig.arguments)], cwd: workDir,
      env: { ...this.scriptEnv(spec, prepared.env, workDir), ...data.env }, count: processCount, masterPort: 29500 + Math.floor(Math.random() * 1000), waiting: this.standby.launcher,
      onLine: (stream, rank, text) => {
        if (!seenLine) trace('first script line read');
        seenLine = true;
        if (stream === 'stderr') tails.add(rank, text);
        this.logs.line(stream, rank, text);
      },
    });
    // Srun ranks, or a platform failure before this point, leave it unused: it exits on the end of its stdin.
    this.standby.launcher?.close();
    watchers.startWhileRunning(new RunFiles(this.client, spec.runId, workDir, (line) => this.say(line)), (reason) => this.stop(reason));
    const exits = await this.ranks.exits;
    await this.status('Finalizing', { statusReason: 'uploading outputs' });
    await watchers.finish();
    const outcome = outcomeOf(exits, this.stopReason, tails, spec.runConfig.max_run_duration_seconds);
    // Outputs of a failed or stopped script are not published: a half-written output is no dataset version.
    if (outcome.status === 'Completed') await data.finish();
    return outcome;
  }

  private async prepareEnvironment(spec: RunSpec) {
    const env = spec.environment.spec as EnvironmentSpec | null;
    if (env && !(await stat(join(environmentDir(this.options.cacheDir, env.hash), READY_FILE)).then(() => true, () => false))) {
      await this.status('Preparing', { statusReason: `building environment ${env.name}:${env.version}` });
    }
    const log: string[] = [];
    const started = Date.now();
    const say = (line: string) => {
      log.push(line);
      this.say(line);
    };
    try {
      const prepared = await prepareEnvironment(env, { cacheDir: this.options.cacheDir, log: say, signal: this.abort.signal });
      if (env && prepared.built) await this.reportBuild(env, 'Succeeded', log, Date.now() - started);
      return prepared;
    } catch (error) {
      if (this.stopReason) return { python: 'none', env: {}, built: false };
      if (env) await this.reportBuild(env, 'Failed', log, Date.now() - started);
      throw new PlatformError('ENVIRONMENT_BUILD_FAILED', `environment ${spec.environment.ref} could not be built: ${(error as Error).message}`);
    }
  }

  /** Records the build on the environment version, so `cairn environment show` has its log. */
  private async reportBuild(env: EnvironmentSpec, status: 'Succeeded' | 'Failed', log: string[], durationMs: number): Promise<void> {
    const text = log.join('\n').slice(-1_000_000);
    const body = { hash: env.hash, status, node: hostname(), runId: this.options.runId, durationMs, reused: false, log: text };
    await this.client.json('POST', `/environments/${encodeURIComponent(env.name)}/versions/${env.version}/builds`, body)
      .catch((error: Error) => this.say(`could not record the environment build: ${error.message}`));
  }

  private scriptEnv(spec: RunSpec, prepared: Record<string, string>, workDir: string): NodeJS.ProcessEnv {
    const { url, token, pythonDir } = this.options;
    const pythonPath = [pythonDir, process.env.PYTHONPATH].filter(Boolean).join(':');
    return {
      ...process.env, ...spec.variables, ...spec.runConfig.environment_variables, ...prepared,
      CAIRN_URL: url, CAIRN_RUN_TOKEN: token, AZUREML_RUN_TOKEN: token, AZUREML_SERVICE_ENDPOINT: url,
      AZUREML_OUTPUT_DIRECTORY: join(workDir, 'outputs'), AZUREML_LOGDIRECTORY_PATH: join(workDir, 'logs'), AZUREML_SCRIPT_DIRECTORY_NAME: workDir,
      PYTHONUNBUFFERED: '1', ...(pythonPath ? { PYTHONPATH: pythonPath } : {}),
    };
  }
}

function platformError(error: unknown): RunError {
  if (error instanceof PlatformError || error instanceof RunDataError) return { code: error.code, message: error.message };
  if (error instanceof SnapshotError) return { code: 'SNAPSHOT_MISSING', message: error.message };
  return { code: 'RUNNER_CRASHED', message: `the runner failed: ${(error as Error).message ?? String(error)}` };
}
