import { NotFoundError, type Cell as WireCell, type MetricSummary } from '@cairn/api';
import type { WorkspaceRef } from '../http/implement.js';
import { defaultMetricLimits, seriesOfBatch, storeRules, type MetricLimits, type WireBatch } from './batch-rules.js';
import type { AppendResult, BatchCheck, MetricStore, SeriesInfo } from './metric-store.js';
import type { WireColumns } from './series-columns.js';
import { readSeries, streamSeries, type SeriesQuery, type SeriesRead } from './series-reader.js';
import { valueToWire } from './wire.js';

export interface MetricServiceOptions {
  /** Lower limits than the contract's, for tests. */
  limits?: Partial<MetricLimits>;
  now?: () => number;
}

/** Metrics of runs: logging batches and reading them back. */
export class MetricService {
  private readonly limits: MetricLimits;
  private readonly now: () => number;
  private readonly rules: BatchCheck;

  constructor(
    private readonly store: MetricStore,
    options: MetricServiceOptions = {},
  ) {
    this.limits = { ...defaultMetricLimits, ...options.limits };
    this.now = options.now ?? Date.now;
    this.rules = storeRules(this.limits);
  }

  /** Logs a batch all or nothing, once per batch key; resolves once it is durable. */
  async log(workspace: WorkspaceRef, runId: string, batch: WireBatch & { batchKey: string }): Promise<AppendResult> {
    const receivedAt = this.now();
    const { series, points } = seriesOfBatch(batch, receivedAt, this.limits);
    const append = { workspaceId: workspace.id, runId, batchKey: batch.batchKey, series, points, receivedAt };
    return this.store.append(append, this.rules);
  }

  /** Every metric of a run, with its kind, columns, count and latest point. */
  async list(workspace: WorkspaceRef, runId: string): Promise<MetricSummary[]> {
    await this.requireRun(workspace, runId);
    return (await this.store.list(runId)).map(summary);
  }

  /** One series, downsampled when it holds more than `query.maxPoints`. */
  async series(workspace: WorkspaceRef, runId: string, name: string, query: SeriesQuery): Promise<SeriesRead> {
    return readSeries(this.store, await this.requireSeries(workspace, runId, name), query);
  }

  /** One whole series as blocks of columns; the series must exist before the first block is read. */
  async points(workspace: WorkspaceRef, runId: string, name: string): Promise<AsyncGenerator<WireColumns>> {
    return streamSeries(this.store, await this.requireSeries(workspace, runId, name));
  }

  /** `{ runId: { metric: latest value } }` for the runs of the workspace among `runIds`. */
  async latest(workspace: WorkspaceRef, runIds: string[], names?: string[]): Promise<Record<string, Record<string, unknown>>> {
    const found = await this.store.latest(workspace.id, runIds, names);
    const runs: Record<string, Record<string, unknown>> = {};
    for (const [runId, values] of found) {
      const wire: Record<string, unknown> = {};
      for (const [name, value] of values) define(wire, name, valueToWire(value));
      define(runs, runId, wire);
    }
    return runs;
  }

  private async requireRun(workspace: WorkspaceRef, runId: string): Promise<void> {
    if (!(await this.store.runExists(workspace.id, runId))) {
      throw new NotFoundError('RUN_NOT_FOUND', `no run ${runId} in workspace ${workspace.name}`);
    }
  }

  private async requireSeries(workspace: WorkspaceRef, runId: string, name: string): Promise<SeriesInfo> {
    await this.requireRun(workspace, runId);
    const info = await this.store.find(runId, name);
    if (!info) throw new NotFoundError('METRIC_NOT_FOUND', `run ${runId} has no metric ${JSON.stringify(name)}`);
    return info;
  }
}

function summary(info: SeriesInfo): MetricSummary {
  const { name, kind, columns, count, latest } = info;
  return {
    name, kind, columns, count,
    latest: latest && { step: latest.step, timestamp: latest.time, value: valueToWire(latest.value) as WireCell | Record<string, WireCell> },
  };
}

// Metric names and run ids are user text: "__proto__" must stay a key.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
