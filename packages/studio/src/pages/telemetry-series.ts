/** Turning samples of an endpoint's telemetry (counters and percentiles as of each sample) into chart lines. */
import type { DeploymentMetrics } from '@cairn/api';
import type { Line } from '../ui/chart-data.js';

/** The metrics of every deployment at one moment. */
export interface Sample {
  at: number;
  items: DeploymentMetrics[];
}

const errors = (d: DeploymentMetrics) => Object.entries(d.statusCodes).reduce((n, [code, count]) => n + (Number(code) >= 400 ? count : 0), 0);

// A rate between consecutive samples; a counter that went down means the runtime restarted: no point.
function rate(samples: Sample[], deployment: string, count: (d: DeploymentMetrics) => number): { x: number[]; y: Array<number | null> } {
  const x: number[] = [];
  const y: Array<number | null> = [];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!.items.find((d) => d.deployment === deployment);
    const now = samples[i]!.items.find((d) => d.deployment === deployment);
    if (!before || !now) continue;
    const delta = count(now) - count(before);
    x.push(samples[i]!.at);
    y.push(delta < 0 ? null : delta / ((samples[i]!.at - samples[i - 1]!.at) / 1000));
  }
  return { x, y };
}

function gauge(samples: Sample[], deployment: string, value: (d: DeploymentMetrics) => number): { x: number[]; y: number[] } {
  const points = samples.flatMap((s) => s.items.filter((d) => d.deployment === deployment).map((d) => [s.at, value(d)] as const));
  return { x: points.map(([at]) => at), y: points.map(([, v]) => v) };
}

/** Chart title → lines: requests/s, latency percentiles, errors/s, queue wait, replicas (from the server's history). */
export function telemetryLines(samples: Sample[], palette: string[]): Record<string, Line[]> {
  const deployments = [...new Set(samples.flatMap((s) => s.items.map((d) => d.deployment)))].sort();
  const color = (i: number) => palette[i % palette.length]!;
  const per = (f: (d: string, i: number) => Line[]) => deployments.flatMap(f);
  const last = samples.at(-1)?.items ?? [];
  return {
    'Requests per second': per((d, i) => [{ label: d, color: color(i), ...rate(samples, d, (m) => m.requests) }]),
    'Latency (ms)': per((d, i) => (['p50', 'p95', 'p99'] as const).map((p, j) => ({ label: `${d} ${p}`, color: color(i * 3 + j), ...gauge(samples, d, (m) => m.latencyMs[p]) }))),
    'Errors per second': per((d, i) => [{ label: d, color: color(i), ...rate(samples, d, errors) }]),
    'Queue wait (ms)': per((d, i) => (['p50', 'p99'] as const).map((p, j) => ({ label: `${d} ${p}`, color: color(i * 2 + j), ...gauge(samples, d, (m) => m.queueWaitMs[p]) }))),
    // The history holds changes only; the count as of the last sample carries the line to now.
    Replicas: last.map((m, i) => ({ label: m.deployment, color: color(i), x: [...m.replicaHistory.map((h) => h.at), samples.at(-1)!.at], y: [...m.replicaHistory.map((h) => h.count), m.replicas.count] })),
  };
}
