import type { DeploymentMetrics } from '@cairn/api';
import { describe, expect, it } from 'vitest';
import { telemetryLines } from './telemetry-series.js';

const metrics = (requests: number, codes: Record<string, number>, p50: number): DeploymentMetrics => ({
  deployment: 'blue', requests, statusCodes: codes, latencyMs: { p50, p95: p50 * 2, p99: p50 * 3 }, queueWaitMs: { p50: 1, p99: 2 },
  replicas: { count: 1, ready: 1, busy: 0, queued: 0 }, replicaHistory: [{ at: 0, count: 1 }, { at: 3000, count: 2 }],
});

describe('endpoint telemetry lines', () => {
  it('turns counters into rates per second between samples, skipping a restart, and keeps percentiles and replica history as they are', () => {
    const lines = telemetryLines([
      { at: 0, items: [metrics(0, {}, 10)] },
      { at: 2000, items: [metrics(10, { 200: 8, 503: 2 }, 12)] },
      { at: 4000, items: [metrics(3, { 200: 3 }, 11)] },
    ], ['#000']);
    expect(lines['Requests per second']).toMatchObject([{ label: 'blue', x: [2000, 4000], y: [5, null] }]);
    expect(lines['Errors per second']).toMatchObject([{ x: [2000, 4000], y: [1, null] }]);
    expect(lines['Latency (ms)']!.map((l) => [l.label, l.y])).toEqual([['blue p50', [10, 12, 11]], ['blue p95', [20, 24, 22]], ['blue p99', [30, 36, 33]]]);
    expect(lines['Replicas']).toMatchObject([{ x: [0, 3000, 4000], y: [1, 2, 1] }]);
  });
});
