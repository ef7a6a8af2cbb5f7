/**
 * In-process notifications for followers of a run: the log append path and status moves call
 * `notify`, so a follower reads new lines at once instead of polling. A follower connected to
 * another server replica still sees everything through its slow fallback poll.
 */
import { EventEmitter } from 'node:events';

export class LogHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Many followers may watch one run; the default warning at 10 would be noise.
    this.emitter.setMaxListeners(0);
  }

  /** Wakes the followers of a run. */
  notify(runId: string): void {
    this.emitter.emit(runId);
  }

  /** Calls `listener` on each notification for the run; returns the unsubscribe function. */
  subscribe(runId: string, listener: () => void): () => void {
    this.emitter.on(runId, listener);
    return () => this.emitter.off(runId, listener);
  }
}
