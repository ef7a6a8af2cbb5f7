/**
 * The replicas' log of each endpoint: the last lines in memory for reading and following, every line
 * appended to `<dir>/<workspace id>/<endpoint>/replicas.log` (JSON lines), so a restarted server still
 * shows why a replica failed before it restarted.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EndpointLogLine } from '@cairn/api';

const KEPT = 10_000;

interface Book {
  lines: EndpointLogLine[];
  seq: number;
  file: WriteStream | null;
  listeners: Set<Follower>;
}

/** Someone following a log: each new line, and the end when the server stops. */
export interface Follower {
  line(line: EndpointLogLine): void;
  end(): void;
}

/** What to read: one deployment or all, after a sequence number, the last `tail` lines. */
export interface LogRead {
  deployment?: string | undefined;
  after?: number | undefined;
  tail: number;
}

/** Log lines per endpoint. */
export class EndpointLogs {
  private readonly books = new Map<string, Book>();

  constructor(private readonly dir: string, private readonly now: () => number = Date.now) {}

  private path(workspaceId: number, endpoint: string): string {
    return join(this.dir, String(workspaceId), endpoint, 'replicas.log');
  }

  private book(workspaceId: number, endpoint: string): Book {
    const key = `${workspaceId}/${endpoint}`;
    let book = this.books.get(key);
    if (!book) {
      const lines = loadTail(this.path(workspaceId, endpoint));
      book = { lines, seq: lines.at(-1)?.seq ?? 0, file: null, listeners: new Set() };
      this.books.set(key, book);
    }
    return book;
  }

  /** Appends one line of a deployment's replica. */
  write(workspaceId: number, endpoint: string, deployment: string, replica: string, text: string): void {
    const book = this.book(workspaceId, endpoint);
    book.seq += 1;
    const line: EndpointLogLine = { seq: book.seq, at: this.now(), deployment, replica, line: text };
    book.lines.push(line);
    if (book.lines.length > KEPT) book.lines.splice(0, book.lines.length - KEPT);
    if (!book.file) {
      mkdirSync(dirname(this.path(workspaceId, endpoint)), { recursive: true });
      book.file = createWriteStream(this.path(workspaceId, endpoint), { flags: 'a' });
    }
    book.file.write(`${JSON.stringify(line)}\n`);
    for (const follower of book.listeners) follower.line(line);
  }

  /** Lines matching `read`, oldest first. */
  read(workspaceId: number, endpoint: string, read: LogRead): EndpointLogLine[] {
    const matching = this.book(workspaceId, endpoint).lines.filter((l) => (read.deployment === undefined || l.deployment === read.deployment) && l.seq > (read.after ?? 0));
    return matching.slice(-read.tail);
  }

  /** Tells `follower` every new line, and when the log closes; returns the unsubscribe function. */
  subscribe(workspaceId: number, endpoint: string, follower: Follower): () => void {
    const book = this.book(workspaceId, endpoint);
    book.listeners.add(follower);
    return () => book.listeners.delete(follower);
  }

  /** Closes an endpoint's log file (the endpoint was deleted, or the server stops). */
  close(workspaceId: number, endpoint: string): void {
    const key = `${workspaceId}/${endpoint}`;
    const book = this.books.get(key);
    this.books.delete(key);
    if (book) end(book);
  }

  /** Closes every log file and ends every follower (server shutdown). */
  closeAll(): void {
    for (const book of this.books.values()) end(book);
    this.books.clear();
  }
}

function end(book: Book): void {
  book.file?.end();
  for (const follower of book.listeners) follower.end();
  book.listeners.clear();
}

function loadTail(path: string): EndpointLogLine[] {
  if (!existsSync(path)) return [];
  const rows = readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-KEPT);
  return rows.flatMap((row) => {
    try {
      return [JSON.parse(row) as EndpointLogLine];
    } catch {
      return []; // a line cut short by a crash
    }
  });
}
