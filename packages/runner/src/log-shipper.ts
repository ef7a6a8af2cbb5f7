/**
 * Ships log lines to the server in small batches, in order, one batch at a time: a line that finds
 * the shipper idle goes at once; lines arriving while a batch is on its way gather (for up to
 * `flushMs`, or until a batch is full) and go when it is stored. A batch keeps its key across retries,
 * so lines survive a server restart and are stored once.
 */
import { randomUUID } from 'node:crypto';
import type { ServerClient } from './server-client.js';
import { trace } from './trace.js';

export type Stream = 'stdout' | 'stderr' | 'system';

interface Batch {
  stream: Stream;
  rank: number;
  lines: string[];
  time: number;
  batchKey: string;
}

const MAX_LINES = 1000;
const MAX_LINE = 65_536;

export class LogShipper {
  private readonly prefix = randomUUID();
  private seq = 0;
  private pending: Batch | null = null;
  private readonly queue: Batch[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private shipped = 0;

  constructor(
    private readonly client: ServerClient,
    private readonly runId: string,
    private readonly flushMs = 50,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Adds one line; lines of one stream and rank keep their order. */
  line(stream: Stream, rank: number, text: string): void {
    const pending = this.pending;
    if (pending && (pending.stream !== stream || pending.rank !== rank || pending.lines.length >= MAX_LINES)) this.cut();
    this.pending ??= { stream, rank, lines: [], time: Date.now(), batchKey: `${this.prefix}-${this.seq++}` };
    this.pending.lines.push(text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text);
    // Idle: the line goes at once. Lines arriving while a batch is on its way gather for the next one.
    if (!this.sending) this.cut();
    else this.timer ??= setTimeout(() => this.cut(), this.flushMs);
  }

  private cut(): void {
    if (this.pending) this.takePending();
    this.sending ??= this.drain().finally(() => { this.sending = null; });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue[0]!;
      try {
        await this.client.json('POST', `/runs/${encodeURIComponent(this.runId)}/logs`, batch);
        if (this.shipped++ === 0) trace('first log batch stored');
      } catch (error) {
        this.onError(error);
      }
      this.queue.shift();
      if (this.queue.length === 0 && this.pending) this.takePending();
    }
  }

  private takePending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.push(this.pending!);
    this.pending = null;
  }

  /** Sends everything gathered so far and waits until it is stored. */
  async flush(): Promise<void> {
    this.cut();
    while (this.sending) await this.sending;
  }
}
