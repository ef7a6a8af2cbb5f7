/**
 * Deadlines for the gateway's hot path without a timer per request. Every entry of one queue gets
 * the same timeout (a pool's queue wait or scoring timeout), so deadlines arrive in order: the queue
 * is a FIFO and one timer, armed for the oldest live entry, expires them. Entries that finished in
 * time are only marked `settled` and skipped when the timer reaches them.
 */

/** Something that may expire unless it is settled first. */
export interface Expiring {
  settled: boolean;
}

/** A FIFO of entries with increasing deadlines, expired by a single timer. */
export class DeadlineQueue<T extends Expiring> {
  private readonly entries: T[] = [];
  private readonly deadlines: number[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number, private readonly onExpire: (entry: T) => void) {}

  /** Adds `entry`, due at `deadline` (not before any deadline already added). */
  add(entry: T, deadline: number): void {
    // Requests mostly finish in the order they started: dropping the settled ones here keeps the
    // FIFO as short as what is really outstanding, instead of a whole timeout's worth of requests.
    while (this.head < this.entries.length && this.entries[this.head]!.settled) this.head += 1;
    this.compact();
    this.entries.push(entry);
    this.deadlines.push(deadline);
    if (this.timer === undefined) this.arm(deadline);
  }

  /** Stops the timer; entries left are forgotten. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.entries.length = 0;
    this.deadlines.length = 0;
    this.head = 0;
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - this.now()));
    // The requests it guards keep the process alive by themselves; an idle timer must not.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head]!;
      if (!entry.settled && this.deadlines[this.head]! > now) break;
      this.head += 1;
      if (!entry.settled) this.onExpire(entry);
    }
    this.compact();
    if (this.head < this.entries.length) this.arm(this.deadlines[this.head]!);
  }

  /** Drops the consumed prefix in place (no new arrays on the hot path). */
  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.deadlines.length = 0;
    } else if (this.head >= 1024) {
      this.entries.splice(0, this.head);
      this.deadlines.splice(0, this.head);
    } else return;
    this.head = 0;
  }
}
