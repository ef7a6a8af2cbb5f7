/** Run logs: lines per stream and rank, appended in idempotent batches, read in cursor order. */
import type { LogLine, LogStream } from '@cairn/api';

export interface NewLogLine {
  rank: number;
  stream: LogStream;
  text: string;
  time: number;
}

export interface LogRead {
  rank?: number | undefined;
  stream?: LogStream | undefined;
  after?: number | undefined;
  limit: number;
}

export interface LogStore {
  /** Stores the lines unless the batch key was stored before; answers how many lines it stored. */
  append(runId: string, batchKey: string, lines: readonly NewLogLine[]): Promise<number>;
  /** Lines in cursor order after `after`. */
  read(runId: string, query: LogRead): Promise<LogLine[]>;
}
