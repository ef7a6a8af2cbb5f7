import { describe, expect, it } from 'vitest';
import { Telemetry, prometheusText } from './telemetry.js';

describe('telemetry', () => {
  it('counts status codes, computes percentiles and tracks replica changes', () => {
    let now = 1000;
    const t = new Telemetry(() => now);
    for (let i = 1; i <= 100; i += 1) t.record(i === 100 ? 503 : 200, i, i / 10);
    t.replicas(1);
    now = 2000;
    t.replicas(1);
    t.replicas(3);
    const snap = t.snapshot();
    expect(snap.requests).toBe(100);
    expect(snap.statusCodes).toEqual({ '200': 99, '503': 1 });
    expect(snap.latencyMs).toEqual({ p50: 51, p95: 96, p99: 100 });
    expect(snap.replicas).toEqual([{ at: 1000, count: 1 }, { at: 2000, count: 3 }]);
  });

  it('writes Prometheus text with labelled counters, a cumulative histogram and gauges', () => {
    const t = new Telemetry();
    t.record(200, 3, 0);
    t.record(200, 700, 0);
    t.record(500, 20, 0);
    const text = prometheusText([{ labels: { workspace: 'default', endpoint: 'diabetes', deployment: 'blue"x' }, telemetry: t, replicas: 2, queued: 1 }]);
    const base = 'workspace="default",endpoint="diabetes",deployment="blue\\"x"';
    expect(text).toContain('# TYPE cairn_endpoint_requests_total counter');
    expect(text).toContain(`cairn_endpoint_requests_total{${base},code="200"} 2`);
    expect(text).toContain(`cairn_endpoint_request_duration_seconds_bucket{${base},le="0.005"} 1`);
    expect(text).toContain(`cairn_endpoint_request_duration_seconds_bucket{${base},le="0.025"} 2`);
    expect(text).toContain(`cairn_endpoint_request_duration_seconds_bucket{${base},le="+Inf"} 3`);
    expect(text).toContain(`cairn_endpoint_request_duration_seconds_count{${base}} 3`);
    expect(text).toContain(`cairn_endpoint_replicas{${base}} 2`);
    expect(text).toContain(`cairn_endpoint_queue_length{${base}} 1`);
    expect(text.endsWith('\n')).toBe(true);
  });
});
