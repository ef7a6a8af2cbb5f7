/** Runs `fixed-rate-process.ts` (an open-loop, fixed-rate load generator) in its own process. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ReplicaSpec } from '../../packages/serving/src/index.js';

const run = promisify(execFile);

/** What to load, how fast and for how long. */
export interface FixedRateJob {
  /** An HTTP URL to POST `body` to; or leave it out and give `replica`. */
  url?: string;
  headers?: Record<string, string>;
  /** A Python replica to start in the generator's process and call directly. */
  replica?: ReplicaSpec;
  body: string;
  /** Requests per second. */
  rate: number;
  seconds: number;
  warmupSeconds?: number;
  /** HTTP connections (default 64): requests beyond them wait, and that wait counts as latency. */
  connections?: number;
}

/** Latency percentiles in milliseconds. */
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** What a fixed-rate run measured; latencies are from when each request was due. */
export interface FixedRateResult {
  rate: number;
  sent: number;
  /** Answered requests per second over the measured seconds. */
  achieved: number;
  ok: Latency;
  /** 503 answers (the gateway shedding load). */
  rejected: Latency;
  other: number;
}

/** Percentiles and counts of one run. */
export function summarize(job: FixedRateJob, sent: number, ok: number[], rejected: number[], other: number): FixedRateResult {
  return { rate: job.rate, sent, achieved: (ok.length + rejected.length + other) / job.seconds, ok: latency(ok), rejected: latency(rejected), other };
}

function latency(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Runs the job in a child process (its own event loop, as a real client has) and returns its result. */
export async function fixedRate(job: FixedRateJob): Promise<FixedRateResult> {
  const script = fileURLToPath(new URL('./fixed-rate-process.ts', import.meta.url));
  const timeout = ((job.warmupSeconds ?? 1) + job.seconds + 60) * 1000;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, JSON.stringify(job)], { maxBuffer: 1 << 20, timeout });
  return JSON.parse(stdout) as FixedRateResult;
}
