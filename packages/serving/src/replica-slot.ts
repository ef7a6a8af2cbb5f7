/**
 * One replica as the pool sees it: the requests sent to it, oldest first. A replica works on at
 * most `concurrency` of them (its host takes frames in order); when its run() calls are short, the
 * pool may send one more ahead, so the host finds the next frame waiting instead of idling for a
 * round trip through the gateway. That frame carries its queue-wait deadline: the host answers it
 * 503 unstarted if the deadline passed (see `python/cairn_replica.py`).
 */
import type { Expiring } from './deadlines.js';
import type { ScoreOutcome } from './outcome.js';
import type { ReplicaHandle } from './replica.js';
import type { ScoringRequest } from './v1-protocol.js';

/** Mean run() time under which a replica is sent a frame ahead: a frame sent ahead waits one run. */
export const AHEAD_MAX_RUN_MICROS = 2000;

/** A request sent to a replica. */
export interface Flight extends Expiring {
  slot: Slot;
  body: Buffer;
  request: ScoringRequest | undefined;
  enqueuedAt: number;
  queueWait: number;
  /** Sent while the replica was already working on `concurrency` requests. */
  ahead: boolean;
  resolve: (outcome: ScoreOutcome) => void;
}

/** A replica and the requests on it. */
export class Slot {
  ready = false;
  draining = false;
  /** Requests sent and not answered, in the order sent. */
  readonly sent: Flight[] = [];
  /** Moving mean of run() durations; unknown (infinite) until the first answer. */
  private meanRunMicros = Number.POSITIVE_INFINITY;

  constructor(readonly handle: ReplicaHandle, private readonly concurrency: number) {}

  /** Requests the replica is working on. */
  running(): number {
    return Math.min(this.sent.length, this.concurrency);
  }

  /** Requests sent ahead, waiting in the replica for a free worker. */
  waiting(): number {
    return Math.max(0, this.sent.length - this.concurrency);
  }

  /** Whether it takes a request now: 'run' (a worker is free), 'ahead', or no. */
  accepts(): 'run' | 'ahead' | null {
    if (!this.ready || this.draining) return null;
    if (this.sent.length < this.concurrency) return 'run';
    return this.sent.length === this.concurrency && this.meanRunMicros <= AHEAD_MAX_RUN_MICROS ? 'ahead' : null;
  }

  /** Forgets an answered request and learns from its run() time. */
  landed(flight: Flight, runMicros: number | undefined): void {
    const index = this.sent.indexOf(flight);
    if (index >= 0) this.sent.splice(index, 1);
    if (runMicros === undefined) return;
    this.meanRunMicros = Number.isFinite(this.meanRunMicros) ? 0.8 * this.meanRunMicros + 0.2 * runMicros : runMicros;
  }

  /** Takes back the requests the replica has not started (beyond `running` workers), oldest first. */
  unstarted(running: number): Flight[] {
    const taken = this.sent.splice(Math.max(0, running));
    for (const flight of taken) flight.settled = true;
    return taken;
  }
}
