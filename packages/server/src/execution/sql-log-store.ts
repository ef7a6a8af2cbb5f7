/** LogStore on Kysely, for SQLite and PostgreSQL. */
import type { Kysely } from 'kysely';
import type { LogLine, LogStream } from '@cairn/api';
import type { Database } from '../db/schema.js';
import type { LogRead, LogStore, NewLogLine } from './log-store.js';

// Bound parameters per statement stay under SQLite's limit (32,766) with 6 columns per line.
const INSERT_CHUNK = 1000;

export class SqlLogStore implements LogStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(runId: string, batchKey: string, lines: readonly NewLogLine[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const fresh = await trx.insertInto('run_log_batches').values({ run_id: runId, batch_key: batchKey })
        .onConflict((oc) => oc.columns(['run_id', 'batch_key']).doNothing()).returning('batch_key').executeTakeFirst();
      if (!fresh) return 0;
      for (let start = 0; start < lines.length; start += INSERT_CHUNK) {
        const values = lines.slice(start, start + INSERT_CHUNK).map((l) => ({ run_id: runId, rank: l.rank, stream: l.stream, text: l.text, time: l.time }));
        await trx.insertInto('run_log_lines').values(values).execute();
      }
      return lines.length;
    });
  }

  async read(runId: string, query: LogRead): Promise<LogLine[]> {
    let select = this.db.selectFrom('run_log_lines').select(['id', 'rank', 'stream', 'text', 'time']).where('run_id', '=', runId);
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    if (query.rank !== undefined) select = select.where('rank', '=', query.rank);
    if (query.stream !== undefined) select = select.where('stream', '=', query.stream);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map((r) => ({ cursor: Number(r.id), rank: r.rank, stream: r.stream as LogStream, text: r.text, time: r.time }));
  }
}
