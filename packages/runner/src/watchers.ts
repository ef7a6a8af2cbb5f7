/** What runs beside the script: heartbeats (which also carry cancels), `./logs` syncing, system metrics and the time limit. */
import { randomUUID } from 'node:crypto';
import type { RunSpec } from '@cairn/api';
import type { RunFiles } from './run-files.js';
import type { RunnerRun } from './run.js';
import { SystemSampler } from './system-metrics.js';

const LOGS_SYNC_MS = 1000;

export class Watchers {
  private readonly timers: NodeJS.Timeout[] = [];
  private files: RunFiles | null = null;
  private sampler: SystemSampler | null = null;
  private syncing: Promise<unknown> = Promise.resolve();
  private metricSeq = 0;
  private readonly metricPrefix = randomUUID();

  constructor(
    private readonly run: RunnerRun,
    private readonly spec: RunSpec,
  ) {}

  private every(ms: number, work: () => Promise<unknown>): void {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      work().catch(() => undefined).finally(() => { busy = false; });
    };
    // The first tick waits too: the script's start is the moment the machine should give to it.
    const timer = setInterval(tick, ms);
    this.timers.push(timer);
  }

  /** Heartbeats from now on; a heartbeat answering `cancelRequested` stops the script. */
  startHeartbeats(): void {
    this.every(this.spec.heartbeatSeconds * 1000, async () => {
      const answer = await this.run.client.json<{ cancelRequested: boolean }>('POST', `/runs/${encodeURIComponent(this.spec.runId)}/heartbeat`, {});
      if (answer.cancelRequested) this.run.stop('cancel');
    });
  }

  /** Syncs `./logs`, samples system metrics and enforces the time limit while the script runs. */
  startWhileRunning(files: RunFiles, stop: (reason: 'timeout') => void): void {
    this.files = files;
    this.every(LOGS_SYNC_MS, () => (this.syncing = files.sync('logs')));
    const sampler = (this.sampler = new SystemSampler());
    const metricsMs = Number(process.env.CAIRN_RUNNER_METRICS_SECONDS ?? '10') * 1000;
    this.every(metricsMs, () => this.postMetrics(sampler));
    const max = this.spec.runConfig.max_run_duration_seconds;
    if (max !== undefined) this.timers.push(setTimeout(() => stop('timeout'), max * 1000));
  }

  private async postMetrics(sampler: SystemSampler): Promise<void> {
    const samples = await sampler.sample();
    const timestamp = Date.now();
    await this.run.client.json('POST', `/runs/${encodeURIComponent(this.spec.runId)}/metrics`, {
      batchKey: `${this.metricPrefix}-${this.metricSeq++}`, points: samples.map((s) => ({ name: s.name, value: s.value, timestamp })),
    });
  }

  /** After the script: a last system sample (so a run shorter than the interval has one too), a last `./logs` sync and the `./outputs` upload. */
  async finish(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.startHeartbeats();
    if (this.sampler) await this.postMetrics(this.sampler).catch(() => undefined);
    if (!this.files) return;
    await this.syncing;
    await this.files.sync('logs');
    const outputs = await this.files.sync('outputs');
    this.run.say(`uploaded ${outputs} output file${outputs === 1 ? '' : 's'}`);
  }

  /** Stops every timer. */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.syncing;
  }
}
