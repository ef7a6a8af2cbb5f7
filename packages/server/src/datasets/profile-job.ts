/**
 * The tabular profile (CSV/TSV or Parquet files), computed by a background job in the server that records its status and log
 * like a run (NotStarted → Running → Completed | Failed), so `dataset show` can report progress.
 */
import { buffer } from 'node:stream/consumers';
import { CairnError, type DatasetFile, type DatasetProfile } from '@cairn/api';
import type { BlobStore } from '../blobs/blob-store.js';
import type { DatasetRecord, DatasetStore } from './dataset-store.js';
import { readTable } from './tables.js';
import { profileTable, summarize } from './tabular-profile.js';

/** Profiles every file of a tabular version; never throws (a failure is recorded on the version). */
export async function runProfileJob(store: DatasetStore, record: DatasetRecord, files: DatasetFile[], blobs: BlobStore, now: () => number): Promise<void> {
  const log: string[] = [];
  const note = (line: string) => log.push(`${new Date(now()).toISOString()} ${line}`);
  const save = (profile: Omit<DatasetProfile, 'log'>) => store.setProfile(record.id, JSON.stringify({ ...profile, log }));
  try {
    note(`profiling ${files.length} file(s) of ${record.name}:${record.version}`);
    await save({ status: 'Running', rowCount: null, columns: [], error: null });
    let stats: ReturnType<typeof profileTable> | undefined;
    for (const file of files) {
      const bytes = await buffer(await blobs.get(file.path));
      stats = profileTable(await readTable(bytes, file.path, record.separator), file.path, stats);
      note(`read ${file.path} (${file.size} bytes)`);
    }
    const { rowCount, columns } = summarize(stats ?? []);
    note(`done: ${rowCount} rows, ${columns.length} columns`);
    await save({ status: 'Completed', rowCount, columns, error: null });
  } catch (error) {
    const e = error instanceof CairnError ? { code: error.code, message: error.message, details: error.details } : { code: 'INTERNAL', message: (error as Error).message };
    note(`failed: ${e.message}`);
    await save({ status: 'Failed', rowCount: null, columns: [], error: e }).catch(() => undefined);
  }
}
