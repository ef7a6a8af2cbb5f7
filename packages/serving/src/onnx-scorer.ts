/**
 * No-code ONNX serving: the model is scored in the gateway process with onnxruntime-node. A body
 * `{"data": [[…]]}` feeds the model's first input and answers its first output as nested lists;
 * named inputs `{"x": [[…]], …}` answer every output by name.
 *
 * Micro-batching (docs/adr/0013-onnx-micro-batching.md): one `session.run` at a time; requests
 * that arrive while it runs (or in the same turn of the event loop) are concatenated along the batch
 * axis into the next run, and its outputs split back per request. A batch that fails is re-run
 * request by request, so one bad input never fails its neighbours.
 */
import * as ort from 'onnxruntime-node';
import { messageBody, notUtf8, type ScoreOutcome } from './outcome.js';
import { BadInput, concatRows, jsonRows, rowsOf, type Rows } from './onnx-tensors.js';
import type { DeploymentState } from './replica-pool.js';
import type { Scorer } from './scorer.js';
import { Telemetry } from './telemetry.js';

/** Rows one run takes at most: beyond this, a batch's latency outweighs what it saves. */
const MAX_BATCH_ROWS = 1024;

interface Job {
  /** One entry per model input, in the session's input order (only the first for `data`). */
  inputs: Rows[];
  single: boolean;
  /** Rows along the batch axis; null when the inputs disagree (such a job runs alone). */
  rows: number | null;
  /** Inputs' dims past the batch axis: only jobs with the same key share a run. */
  key: string;
  started: number;
  resolve: (outcome: ScoreOutcome) => void;
}

/** Scores an ONNX model in-process, batching concurrent requests. */
export class OnnxScorer implements Scorer {
  readonly telemetry: Telemetry;
  /** Runs made and requests they answered: requests / runs is the mean batch size. */
  readonly batching = { runs: 0, requests: 0 };
  private session: ort.InferenceSession | undefined;
  private state: DeploymentState = 'Transitioning';
  private error: string | null = null;
  private batchable = false;
  private pending: Job[] = [];
  private running = 0;
  private scheduled = false;
  private readonly flush = () => this.runNext();

  constructor(private readonly modelPath: string, private readonly now: () => number = Date.now) {
    this.telemetry = new Telemetry(now);
  }

  async start(): Promise<DeploymentState> {
    try {
      // One thread each: more showed no gain for small models (ADR 13), and the gateway's own
      // thread needs the other core.
      this.session = await ort.InferenceSession.create(this.modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
      this.batchable = this.session.inputMetadata.every((m) => m.isTensor && typeof m.shape[0] !== 'number');
      this.state = 'Healthy';
      this.telemetry.replicas(1);
    } catch (error) {
      this.state = 'Failed';
      this.error = `cannot load the ONNX model ${this.modelPath}: ${(error as Error).message}`;
    }
    return this.state;
  }

  score(body: Buffer): Promise<ScoreOutcome> {
    const started = this.now();
    const session = this.session;
    if (!session) return Promise.resolve(this.finish(started, { status: 503, body: messageBody('The model is not loaded'), retryAfter: 1 }));
    const refused = notUtf8(body);
    if (refused) return Promise.resolve(this.finish(started, refused));
    let job: Omit<Job, 'resolve'>;
    try {
      job = parse(session, body, started);
    } catch (error) {
      return Promise.resolve(this.finish(started, { status: 400, body: messageBody((error as Error).message) }));
    }
    return new Promise((resolve) => {
      this.pending.push({ ...job, resolve });
      if (this.running === 0 && !this.scheduled) {
        // After this turn's I/O: requests parsed in the same turn join the run.
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private finish(started: number, outcome: ScoreOutcome): ScoreOutcome {
    this.telemetry.record(outcome.status, this.now() - started, 0);
    return outcome;
  }

  /** Starts the next run with every pending job that fits in it. */
  private runNext(): void {
    this.scheduled = false;
    const session = this.session;
    if (this.running > 0 || this.pending.length === 0 || !session) return;
    const batch = this.takeBatch();
    this.running = batch.length;
    void this.runBatch(session, batch).finally(() => {
      this.running = 0;
      this.runNext();
    });
  }

  private takeBatch(): Job[] {
    const first = this.pending[0]!;
    if (!this.batchable || first.rows === null) return this.pending.splice(0, 1);
    const batch: Job[] = [];
    const rest: Job[] = [];
    let rows = 0;
    for (const job of this.pending) {
      const fits = job.rows !== null && job.key === first.key && (batch.length === 0 || rows + job.rows <= MAX_BATCH_ROWS);
      if (fits) rows += job.rows!;
      (fits ? batch : rest).push(job);
    }
    this.pending = rest;
    return batch;
  }

  private async runBatch(session: ort.InferenceSession, batch: Job[]): Promise<void> {
    const started = process.hrtime.bigint();
    this.batching.runs += 1;
    this.batching.requests += batch.length;
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await session.run(feedsOf(session, batch));
    } catch (error) {
      if (batch.length > 1) return this.oneByOne(session, batch);
      return this.answer(batch[0]!, { status: 500, body: messageBody(`The ONNX model could not score this input: ${(error as Error).message}`) });
    }
    const runMicros = Number((process.hrtime.bigint() - started) / 1000n);
    if (batch.length === 1) return this.answer(batch[0]!, { status: 200, body: Buffer.from(outputJson(session, results, batch[0]!.single)), runMicros });
    const total = rowsIn(batch);
    if (session.outputNames.some((n) => (results[n] as ort.Tensor).dims[0] !== total)) return this.oneByOne(session, batch);
    let from = 0;
    for (const job of batch) {
      this.answer(job, { status: 200, body: Buffer.from(outputJson(session, results, job.single, { from, count: job.rows! })), runMicros });
      from += job.rows!;
    }
  }

  /** Each job on its own: what a batch falls back to when it fails or its outputs are not per row. */
  private async oneByOne(session: ort.InferenceSession, batch: Job[]): Promise<void> {
    for (const job of batch) await this.runBatch(session, [job]);
  }

  private answer(job: Job, outcome: ScoreOutcome): void {
    job.resolve(this.finish(job.started, outcome));
  }

  status() {
    return { state: this.state, error: this.error, replicas: this.session ? 1 : 0, ready: this.session ? 1 : 0, busy: this.running, queued: this.pending.length };
  }

  async drain(): Promise<void> {
    while (this.running > 0 || this.pending.length > 0) await new Promise((r) => setTimeout(r, 5));
    await this.stopAll();
  }

  async stopAll(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.telemetry.replicas(0);
    for (const job of this.pending.splice(0)) this.answer(job, { status: 503, body: messageBody('The deployment is stopping'), retryAfter: 1 });
    await session?.release();
  }
}

function parse(session: ort.InferenceSession, body: Buffer, started: number): Omit<Job, 'resolve'> {
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadInput('The body is not JSON: send {"data": [[…]]} or the model\'s named inputs');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new BadInput('POST body should be a JSON dictionary.');
  const record = input as Record<string, unknown>;
  if ('data' in record && !session.inputNames.includes('data')) return job([rowsOf(record.data)], true, started);
  const inputs = session.inputNames.map((name) => {
    if (!(name in record)) throw new BadInput(`A value is not provided for the '${name}' parameter.`);
    return rowsOf(record[name]);
  });
  return job(inputs, false, started);
}

function job(inputs: Rows[], single: boolean, started: number): Omit<Job, 'resolve'> {
  const rows = inputs[0]!.dims[0]!;
  const aligned = inputs.every((i) => i.dims[0] === rows);
  return { inputs, single, started, rows: aligned ? rows : null, key: inputs.map((i) => i.dims.slice(1).join('x')).join(';') };
}

function feedsOf(session: ort.InferenceSession, batch: Job[]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  batch[0]!.inputs.forEach((_, i) => {
    const rows = concatRows(batch.map((job) => job.inputs[i]!));
    feeds[session.inputNames[i]!] = new ort.Tensor('float32', rows.data, rows.dims);
  });
  return feeds;
}

function rowsIn(batch: Job[]): number {
  let rows = 0;
  for (const job of batch) rows += job.rows!;
  return rows;
}

/** A job's answer: its slice of a batch's outputs, or (alone) the outputs whole. */
function outputJson(session: ort.InferenceSession, results: ort.InferenceSession.OnnxValueMapType, single: boolean, slice?: { from: number; count: number }): string {
  const rows = (name: string) => {
    const tensor = results[name] as ort.Tensor;
    return jsonRows(tensor, slice?.from ?? 0, slice?.count ?? tensor.dims[0] ?? 1);
  };
  if (single) return rows(session.outputNames[0]!);
  return `{${session.outputNames.map((name) => `${JSON.stringify(name)}:${rows(name)}`).join(',')}}`;
}
