/** Metrics of runs: log in batches, list, read a series whole or downsampled, stream it. */
import { randomUUID } from 'node:crypto';
import { api } from '@cairn/api';
import { toColumnarBatch } from './metric-columns.js';
import type { Transport } from './transport.js';
import type { BodyOf, OutputOf, QueryOf } from './types.js';

type Routes = typeof api.metrics;

/** One point as `log` takes it. */
export type MetricPointInput = NonNullable<BodyOf<Routes['logBatch']>['points']>[number];

/** Metric methods of a workspace. */
export class MetricsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /**
   * Logs a batch of points, all or nothing; a retry with the same `batchKey` is stored once. They
   * travel in the columnar shape (one object per metric), which the server takes several times faster.
   */
  log(runId: string, points: MetricPointInput[], options: { batchKey?: string } = {}): Promise<OutputOf<Routes['logBatch']>> {
    const body = { batchKey: options.batchKey ?? randomUUID(), ...toColumnarBatch(points) };
    return this.transport.call(api.metrics.logBatch, { params: this.#run(runId), body });
  }

  /** A run's metrics with their latest values. */
  async list(runId: string): Promise<OutputOf<Routes['list']>['items']> {
    return (await this.transport.call(api.metrics.list, { params: this.#run(runId) })).items;
  }

  /** One series, whole or downsampled to `maxPoints`. */
  series(runId: string, name: string, query: QueryOf<Routes['series']> = {}): Promise<OutputOf<Routes['series']>> {
    return this.transport.call(api.metrics.series, { params: { ...this.#run(runId), name }, query });
  }

  /** A whole series, streamed as blocks of columns; for series too big to hold at once. */
  points(runId: string, name: string): AsyncGenerator<OutputOf<Routes['points']>> {
    return this.transport.ndjson(api.metrics.points, { params: { ...this.#run(runId), name } });
  }

  /** The latest value of every metric (or the named ones) of many runs: `{ runId: { name: value } }`. */
  async latest(runIds: string[], names?: string[]): Promise<OutputOf<Routes['latest']>['runs']> {
    const body = names ? { runIds, names } : { runIds };
    return (await this.transport.call(api.metrics.latest, { params: { workspace: this.workspace }, body })).runs;
  }

  #run(runId: string) {
    return { workspace: this.workspace, runId };
  }
}
