/**
 * Run search: the first page of `run list` with a metric filter and a metric sort over 100,000 runs of
 * 20 metrics each, through HTTP — beside the equivalent hand-written SQL on the same SQLite file.
 */
import BetterSqlite3 from 'better-sqlite3';
import { medianMs, type BenchRow } from '../harness.js';
import { getOk, keepAlive } from '../support/http.js';
import { insertInChunks, openServerDb, seedRuns } from '../support/seed.js';
import type { BenchServer } from '../support/server.js';

const RUNS = 100_000;
const METRICS = 20;
const FILTER = 'metrics.acc > 0.9';
const ORDER_BY = 'metrics.loss asc';

/** A deterministic pseudo-random number in [0, 1) for run `i`, metric `m`. */
function noise(i: number, m: number): number {
  const x = Math.sin(i * 12.9898 + m * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** Seeds the runs and their metrics' latest values straight into the server's database. */
async function seed(server: BenchServer, log: (line: string) => void): Promise<void> {
  log(`seeding ${RUNS.toLocaleString('en-US')} runs with ${METRICS} metrics each`);
  const metadata = await openServerDb(server.dbPath);
  const ids = await seedRuns(metadata, 'bench-search', 'search', RUNS);
  const names = ['acc', 'loss', ...Array.from({ length: METRICS - 2 }, (_, m) => `metric-${m}`)];
  for (let from = 0; from < RUNS; from += 10_000) {
    const rows = ids.slice(from, from + 10_000).flatMap((runId, k) => names.map((name, m) => {
      const value = noise(from + k, m);
      return { run_id: runId, name, kind: 'scalar', columns: null, count: 1, latest: JSON.stringify(value), latest_number: value, latest_step: 0, latest_time: 1 };
    }));
    await insertInChunks(metadata, 'metric_series', rows);
  }
  await metadata.close();
}

/** The same page in plain SQL: runs with acc > 0.9, by loss ascending, first 20. */
function rawPage(path: string): () => string[] {
  const db = new BetterSqlite3(path, { readonly: true });
  const query = db.prepare(`
    select r.* from runs r
    join metric_series acc on acc.run_id = r.id and acc.name = 'acc'
    left join metric_series loss on loss.run_id = r.id and loss.name = 'loss'
    where r.workspace_id = 1 and r.parent_run_id is null and acc.latest_number > 0.9
    order by loss.latest_number asc, r.id asc limit 20`);
  return () => query.all().map((r) => (r as { id: string }).id);
}

/** Seeds, then times the first page through HTTP and in plain SQL, and checks both agree. */
export async function runList(server: BenchServer, log: (line: string) => void): Promise<BenchRow> {
  await seed(server, log);
  const url = `${server.api}/workspaces/default/runs?filter=${encodeURIComponent(FILTER)}&orderBy=${encodeURIComponent(ORDER_BY)}&top=20`;
  const sqlPage = rawPage(server.dbPath);
  const agent = keepAlive(1);
  const get = async () => JSON.parse(await getOk(agent, url, server.token)) as { items: { id: string }[] };
  const httpIds = (await get()).items.map((r) => r.id);
  if (JSON.stringify(httpIds) !== JSON.stringify(sqlPage())) throw new Error(`run list and SQL disagree: ${httpIds} vs ${sqlPage()}`);
  log(`timing run list --filter "${FILTER}" --order-by "${ORDER_BY}" --top 20`);
  const measured = await medianMs(20, get);
  agent.destroy();
  const baseline = await medianMs(20, sqlPage);
  return {
    name: `run list, filter "${FILTER}", order by "${ORDER_BY}", first 20 of 100k runs x 20 metrics, HTTP`,
    measured: { value: measured, unit: 'ms' },
    baseline: { name: 'hand-written SQL, raw SQLite', value: baseline, unit: 'ms' },
    target: { op: '<', value: 100, unit: 'ms' },
    notes: 'median of 20',
  };
}
