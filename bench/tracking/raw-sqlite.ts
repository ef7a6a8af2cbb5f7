/**
 * The baselines: what plain SQLite does with the same data and no server — one row per point,
 * written and read by better-sqlite3 in this process.
 */
import BetterSqlite3 from 'better-sqlite3';

export interface RawPoint {
  name: string;
  step: number;
  timestamp: number;
  value: number;
}

function open(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table if not exists points (run_id text not null, name text not null, step integer, timestamp integer not null, value real);
    create index if not exists points_series on points (run_id, name, step);`);
  return db;
}

/** Inserts the batches one row per point, one transaction per batch; returns the elapsed ms. */
export function insertRawPoints(path: string, runId: string, batches: RawPoint[][]): number {
  const db = open(path);
  const insert = db.prepare('insert into points (run_id, name, step, timestamp, value) values (?, ?, ?, ?, ?)');
  const writeBatch = db.transaction((points: RawPoint[]) => {
    for (const p of points) insert.run(runId, p.name, p.step, p.timestamp, p.value);
  });
  const start = performance.now();
  for (const batch of batches) writeBatch(batch);
  const elapsed = performance.now() - start;
  db.close();
  return elapsed;
}

/** Reads one series whole (steps, timestamps, values); returns the number of rows. */
export function readRawSeries(path: string, runId: string, name: string): number {
  const db = open(path);
  const rows = db.prepare('select step, timestamp, value from points where run_id = ? and name = ? order by step').raw().all(runId, name);
  db.close();
  return rows.length;
}
