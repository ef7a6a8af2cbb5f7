/**
 * No-code ONNX serving: the model is scored in the gateway process with onnxruntime-node. A body
 * `{"data": [[…]]}` feeds the model's first input and answers its first output as nested lists;
 * named inputs `{"x": [[…]], …}` answer every output by name.
 */
import * as ort from 'onnxruntime-node';
import { messageBody, type ScoreOutcome } from './outcome.js';
import type { DeploymentState } from './replica-pool.js';
import type { Scorer } from './scorer.js';
import { Telemetry } from './telemetry.js';

class BadInput extends Error {}

/** Scores an ONNX model in-process. */
export class OnnxScorer implements Scorer {
  readonly telemetry: Telemetry;
  private session: ort.InferenceSession | undefined;
  private state: DeploymentState = 'Transitioning';
  private error: string | null = null;
  private busy = 0;

  constructor(private readonly modelPath: string, private readonly now: () => number = Date.now) {
    this.telemetry = new Telemetry(now);
  }

  async start(): Promise<DeploymentState> {
    try {
      this.session = await ort.InferenceSession.create(this.modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      this.state = 'Healthy';
      this.telemetry.replicas(1);
    } catch (error) {
      this.state = 'Failed';
      this.error = `cannot load the ONNX model ${this.modelPath}: ${(error as Error).message}`;
    }
    return this.state;
  }

  async score(body: Buffer): Promise<ScoreOutcome> {
    const started = this.now();
    const outcome = await this.run(body);
    this.telemetry.record(outcome.status, this.now() - started, 0);
    return outcome;
  }

  private async run(body: Buffer): Promise<ScoreOutcome> {
    const session = this.session;
    if (!session) return { status: 503, body: messageBody('The model is not loaded'), retryAfter: 1 };
    this.busy += 1;
    const started = process.hrtime.bigint();
    try {
      const { feeds, single } = this.feeds(session, body);
      const results = await session.run(feeds);
      const runMicros = Number((process.hrtime.bigint() - started) / 1000n);
      const out = single ? nested(results[session.outputNames[0]!]!) : Object.fromEntries(session.outputNames.map((n) => [n, nested(results[n]!)]));
      return { status: 200, body: Buffer.from(JSON.stringify(out)), runMicros };
    } catch (error) {
      if (error instanceof BadInput) return { status: 400, body: messageBody(error.message) };
      return { status: 500, body: messageBody(`The ONNX model could not score this input: ${(error as Error).message}`) };
    } finally {
      this.busy -= 1;
    }
  }

  private feeds(session: ort.InferenceSession, body: Buffer): { feeds: Record<string, ort.Tensor>; single: boolean } {
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadInput('The body is not JSON: send {"data": [[…]]} or the model\'s named inputs');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new BadInput('POST body should be a JSON dictionary.');
    const record = input as Record<string, unknown>;
    if ('data' in record && !session.inputNames.includes('data')) return { feeds: { [session.inputNames[0]!]: tensorOf(record.data) }, single: true };
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      if (!(name in record)) throw new BadInput(`A value is not provided for the '${name}' parameter.`);
      feeds[name] = tensorOf(record[name]);
    }
    return { feeds, single: false };
  }

  status() {
    return { state: this.state, error: this.error, replicas: this.session ? 1 : 0, ready: this.session ? 1 : 0, busy: this.busy, queued: 0 };
  }

  async drain(): Promise<void> {
    while (this.busy > 0) await new Promise((r) => setTimeout(r, 5));
    await this.stopAll();
  }

  async stopAll(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.telemetry.replicas(0);
    await session?.release();
  }
}

/** A float32 tensor from nested arrays of numbers. */
function tensorOf(value: unknown): ort.Tensor {
  const dims: number[] = [];
  let level = value;
  while (Array.isArray(level)) {
    dims.push(level.length);
    level = level[0];
  }
  if (dims.length === 0) throw new BadInput('an input must be an array of numbers, nested as the model expects');
  const flat = (value as unknown[]).flat(dims.length - 1) as unknown[];
  if (flat.length !== dims.reduce((a, b) => a * b, 1) || flat.some((v) => typeof v !== 'number')) {
    throw new BadInput(`an input must be a rectangular array of numbers of shape [${dims.join(', ')}]`);
  }
  return new ort.Tensor('float32', Float32Array.from(flat as number[]), dims);
}

/** A tensor as nested arrays. */
function nested(tensor: ort.Tensor): unknown {
  const data = Array.from(tensor.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  const build = (offset: number, depth: number): unknown => {
    if (depth === tensor.dims.length) return data[offset];
    const size = tensor.dims.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: tensor.dims[depth]! }, (_, i) => build(offset + i * size, depth + 1));
  };
  return build(0, 0);
}
