/**
 * The log of a build in progress, kept in a file beside the environment, so that preparations waiting
 * for another process's build show its output live instead of only "waiting".
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

const POLL_MS = 200;

/** Starts a build log at `path` (emptied) and answers a `log` that also writes each line there. */
export function teeToBuildLog(path: string, log: (line: string) => void): (line: string) => void {
  writeFileSync(path, '');
  return (line) => {
    log(line);
    // Sync: a line is in the file before the next is printed, and a few hundred lines cost nothing.
    appendFileSync(path, `${line}\n`);
  };
}

/** Follows a build log file, giving each complete line to `onLine`, until stopped. */
export class BuildLogTail {
  private offset = 0;
  private carry = '';
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => { this.reading = this.reading.then(() => this.read()); }, POLL_MS);
  }

  /** Stops following after reading what the file holds now. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await (this.reading = this.reading.then(() => this.read()));
  }

  private async read(): Promise<void> {
    const file = await open(this.path, 'r').catch(() => null);
    if (!file) return;
    try {
      const { size } = await file.stat();
      // A new build empties the file: start again from its beginning.
      if (size < this.offset) [this.offset, this.carry] = [0, ''];
      if (size === this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      await file.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const lines = (this.carry + buffer.toString('utf8')).split('\n');
      this.carry = lines.pop() ?? '';
      for (const line of lines) this.onLine(line);
    } finally {
      await file.close();
    }
  }
}
