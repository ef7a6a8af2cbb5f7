/**
 * Reading one series of 1,000,000 points back over HTTP: downsampled to 1,000 points for a chart, and
 * whole as an NDJSON stream — beside reading the same 1,000,000 rows from raw SQLite.
 */
import { medianMs, type BenchRow } from '../harness.js';
import { getOk, keepAlive } from '../support/http.js';
import type { BenchServer } from '../support/server.js';
import { readRawSeries } from './raw-sqlite.js';
import { processCpuMs } from './server-cpu.js';

const POINTS = 1_000_000;

/** Reads series `name` of `runId` (1,000,000 points) downsampled both ways and whole; raw SQLite reads the same rows. */
export async function readSeries(server: BenchServer, runId: string, name: string, rawPath: string, log: (line: string) => void): Promise<BenchRow[]> {
  const url = `${server.api}/workspaces/default/runs/${runId}/metrics/${name}`;
  const agent = keepAlive(1);
  const get = (target: string) => getOk(agent, target, server.token);
  const raw = { name: 'raw SQLite, 1M rows', value: await medianMs(5, () => check(readRawSeries(rawPath, runId, name))), unit: 'ms' };
  const rows: BenchRow[] = [];
  for (const method of ['minmax', 'lttb']) {
    log(`reading ${name} downsampled to 1,000 points (${method})`);
    const cpuBefore = processCpuMs(server.pid);
    const ms = await medianMs(20, async () => {
      const series = JSON.parse(await get(`${url}?maxPoints=1000&method=${method}`)) as { count: number; points: { value: unknown[] } };
      if (series.count !== POINTS || series.points.value.length > 1000) throw new Error(`unexpected series: count ${series.count}`);
    });
    const cpuMs = (processCpuMs(server.pid) - cpuBefore) / 21; // medianMs warms up once, then times 20
    const notes = `median of 20; server CPU ${cpuMs.toFixed(1)} ms a read (mean)`;
    rows.push({ name: `read 1M-point series downsampled to 1,000 (${method}), HTTP`, measured: { value: ms, unit: 'ms' }, baseline: raw, target: { op: '<', value: 50, unit: 'ms' }, notes });
  }
  log(`reading ${name} whole as NDJSON`);
  const whole = await medianMs(3, async () => {
    const lines = (await get(`${url}/points`)).split('\n').filter(Boolean);
    check(lines.reduce((n, line) => n + (JSON.parse(line) as { value: unknown[] }).value.length, 0));
  });
  agent.destroy();
  rows.push({ name: 'read 1M-point series whole (NDJSON stream, parsed), HTTP', measured: { value: whole, unit: 'ms' }, baseline: raw, notes: 'median of 3' });
  return rows;
}

function check(count: number): void {
  if (count !== POINTS) throw new Error(`read ${count} points, not ${POINTS}`);
}
