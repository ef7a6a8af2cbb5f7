/**
 * Counts and times every request of a deployment: status codes, a latency histogram (Prometheus
 * buckets) plus a ring of recent latencies for exact-enough percentiles, queue wait, and the replica
 * count over time.
 */

/** Histogram bucket bounds in seconds, as Prometheus expects them. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const RING = 4096;

/** A snapshot of a deployment's telemetry, as the API shows it. */
export interface TelemetrySnapshot {
  requests: number;
  statusCodes: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number };
  queueWaitMs: { p50: number; p99: number };
  replicas: { at: number; count: number }[];
}

class Ring {
  private readonly values = new Float64Array(RING);
  private count = 0;

  add(value: number): void {
    this.values[this.count % RING] = value;
    this.count += 1;
  }

  percentile(p: number): number {
    const n = Math.min(this.count, RING);
    if (n === 0) return 0;
    const sorted = this.values.slice(0, n).sort();
    return round(sorted[Math.min(n - 1, Math.floor((p / 100) * n))]!);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Telemetry of one deployment. */
export class Telemetry {
  requests = 0;
  readonly statusCodes = new Map<number, number>();
  readonly buckets = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  latencySumSeconds = 0;
  private readonly latency = new Ring();
  private readonly queueWait = new Ring();
  readonly replicaHistory: { at: number; count: number }[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records one answered request. */
  record(status: number, latencyMs: number, queueWaitMs: number): void {
    this.requests += 1;
    this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
    const seconds = latencyMs / 1000;
    this.latencySumSeconds += seconds;
    for (let i = 0; i < LATENCY_BUCKETS.length; i += 1) {
      if (seconds <= LATENCY_BUCKETS[i]!) {
        this.buckets[i]! += 1;
        break;
      }
    }
    this.latency.add(latencyMs);
    this.queueWait.add(queueWaitMs);
  }

  /** Records a change of the replica count (kept for the last 1,000 changes). */
  replicas(count: number): void {
    const last = this.replicaHistory.at(-1);
    if (last?.count === count) return;
    this.replicaHistory.push({ at: this.now(), count });
    if (this.replicaHistory.length > 1000) this.replicaHistory.shift();
  }

  /** The numbers as the API shows them. */
  snapshot(): TelemetrySnapshot {
    return {
      requests: this.requests,
      statusCodes: Object.fromEntries([...this.statusCodes].map(([code, n]) => [String(code), n])),
      latencyMs: { p50: this.latency.percentile(50), p95: this.latency.percentile(95), p99: this.latency.percentile(99) },
      queueWaitMs: { p50: this.queueWait.percentile(50), p99: this.queueWait.percentile(99) },
      replicas: [...this.replicaHistory],
    };
  }
}

/** Prometheus text exposition of many deployments' telemetry. */
export function prometheusText(series: { labels: Record<string, string>; telemetry: Telemetry; replicas: number; queued: number }[]): string {
  const out: string[] = [
    '# HELP cairn_endpoint_requests_total Scoring requests answered, by status code.',
    '# TYPE cairn_endpoint_requests_total counter',
  ];
  for (const s of series) for (const [code, n] of s.telemetry.statusCodes) out.push(`cairn_endpoint_requests_total${labels({ ...s.labels, code: String(code) })} ${n}`);
  out.push('# HELP cairn_endpoint_request_duration_seconds Scoring latency seen by the gateway.', '# TYPE cairn_endpoint_request_duration_seconds histogram');
  for (const s of series) out.push(...histogram(s.labels, s.telemetry));
  out.push('# HELP cairn_endpoint_replicas Replicas running.', '# TYPE cairn_endpoint_replicas gauge');
  for (const s of series) out.push(`cairn_endpoint_replicas${labels(s.labels)} ${s.replicas}`);
  out.push('# HELP cairn_endpoint_queue_length Requests waiting for a replica.', '# TYPE cairn_endpoint_queue_length gauge');
  for (const s of series) out.push(`cairn_endpoint_queue_length${labels(s.labels)} ${s.queued}`);
  return `${out.join('\n')}\n`;
}

function histogram(base: Record<string, string>, t: Telemetry): string[] {
  const name = 'cairn_endpoint_request_duration_seconds';
  let cumulative = 0;
  const rows = LATENCY_BUCKETS.map((bound, i) => {
    cumulative += t.buckets[i]!;
    return `${name}_bucket${labels({ ...base, le: String(bound) })} ${cumulative}`;
  });
  rows.push(`${name}_bucket${labels({ ...base, le: '+Inf' })} ${t.requests}`);
  rows.push(`${name}_sum${labels(base)} ${t.latencySumSeconds}`, `${name}_count${labels(base)} ${t.requests}`);
  return rows;
}

function labels(values: Record<string, string>): string {
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${Object.entries(values).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}
