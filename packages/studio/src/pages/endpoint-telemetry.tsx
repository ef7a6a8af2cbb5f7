/**
 * Endpoint telemetry as charts over time: requests/s, latency p50/p95/p99, errors/s, queue wait and
 * replicas. The API reports counters and percentiles as of now (and the replica history), so the
 * page samples them every two seconds and charts what it has seen since it opened.
 */
import type { DeploymentMetrics } from '@cairn/api';
import { useEffect, useState } from 'react';
import type { StudioWorkspace } from '../api/client.js';
import type { Line } from '../ui/chart-data.js';
import { ErrorBox } from '../ui/errors.js';
import { MetricChart, PALETTE } from '../ui/metric-chart.js';
import { poll } from '../ui/poll.js';
import { telemetryLines, type Sample } from './telemetry-series.js';

const EVERY_MS = 2000;
const KEEP = 450;

/** The telemetry section. */
export function EndpointTelemetry({ ws, name }: { ws: StudioWorkspace; name: string }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let gone = false;
    const sample = async () => {
      try {
        const items: DeploymentMetrics[] = await ws.endpoints.metrics(name);
        if (!gone) { setSamples((s) => [...s.slice(-(KEEP - 1)), { at: Date.now(), items }]); setError(undefined); }
      } catch (e) {
        if (!gone) setError(e);
      }
    };
    void sample();
    const stop = poll(sample, EVERY_MS);
    return () => { gone = true; stop(); };
  }, [ws, name]);
  const charts = telemetryLines(samples, PALETTE);
  const latest = samples.at(-1)?.items ?? [];
  return (
    <section>
      <h2>Telemetry</h2>
      <ErrorBox error={error} />
      <p className="help">{latest.map((d) => `${d.deployment}: ${d.requests} requests, p50 ${d.latencyMs.p50.toFixed(1)} ms, p99 ${d.latencyMs.p99.toFixed(1)} ms`).join(' · ') || 'No deployment is serving yet.'}</p>
      <div className="charts">
        {Object.entries(charts).map(([title, lines]: [string, Line[]]) => <MetricChart key={title} title={title} lines={lines} xIsTime />)}
      </div>
    </section>
  );
}
