/**
 * Following a run live over Server-Sent Events. Subscribes to the log hub before reading, so no
 * line appended between a read and the wait is missed; a slow timer also re-reads, for lines a
 * runner appended through another server replica and for status moves made elsewhere.
 */
import type { FastifyReply } from 'fastify';
import { isTerminal, type LogStream, type Run } from '@cairn/api';
import type { LogHub } from './log-hub.js';
import type { LogStore } from './log-store.js';

export interface FollowDeps {
  logs: LogStore;
  hub: LogHub;
  run(): Promise<Run>;
  /** Whether the run was submitted; other runs have no runner writing to their log, so a follow ends at once. */
  submitted: boolean;
  /** Re-read interval when nothing notifies. */
  pollMs: number;
}

export interface FollowQuery {
  runId: string;
  rank?: number | undefined;
  stream?: LogStream | undefined;
  after?: number | undefined;
}

const PAGE = 5000;

/** Streams a run's lines and status changes until it ended and its log drained, or the client left. */
export async function followRun(reply: FastifyReply, deps: FollowDeps, query: FollowQuery): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let wake: (() => void) | null = null;
  let closed = false;
  const unsubscribe = deps.hub.subscribe(query.runId, () => wake?.());
  raw.on('close', () => { closed = true; wake?.(); });
  try {
    await pump(deps, query, (event, data) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`), () => closed,
      () => new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.pollMs);
        wake = () => { clearTimeout(timer); resolve(); };
      }));
  } finally {
    unsubscribe();
    raw.end();
  }
}

async function pump(deps: FollowDeps, query: FollowQuery, send: (event: string, data: unknown) => void, closed: () => boolean, wait: () => Promise<void>): Promise<void> {
  let after = query.after;
  let lastStatus = '';
  while (!closed()) {
    // Status first: a terminal status read before the lines guarantees they are all written.
    const run = await deps.run();
    const key = `${run.status}|${run.statusReason ?? ''}`;
    if (key !== lastStatus) {
      lastStatus = key;
      send('status', { status: run.status, statusReason: run.statusReason, error: run.error ? { code: run.error.code, message: run.error.message } : null });
    }
    let lines;
    do {
      lines = await deps.logs.read(query.runId, { rank: query.rank, stream: query.stream, after, limit: PAGE });
      for (const line of lines) send('line', line);
      if (lines.length > 0) after = lines.at(-1)!.cursor;
    } while (lines.length === PAGE && !closed());
    if (isTerminal(run.status) || !deps.submitted) {
      send('end', { status: run.status });
      return;
    }
    await wait();
  }
}
