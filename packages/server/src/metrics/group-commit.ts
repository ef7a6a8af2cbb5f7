/**
 * Group commit: one durable commit (one fsync) acknowledges many requests. Jobs submitted while a group
 * is being committed wait, and are committed together in the next group; each job's promise settles
 * only after the commit that holds it.
 */

/** How one job of a group ended: its result, or the error that failed it alone. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Commits a group in one transaction and reports each job's outcome, in order. Throwing (the
 * transaction itself failed) fails every job of the group.
 */
export type CommitGroup<J, R> = (jobs: J[]) => Promise<Outcome<R>[]>;

interface Pending<J, R> {
  job: J;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** Queues jobs and commits them in groups, one group at a time. */
export class GroupCommitter<J, R> {
  private queue: Pending<J, R>[] = [];
  private running = false;

  constructor(
    private readonly commit: CommitGroup<J, R>,
    /** Most jobs one transaction takes, so one group's latency stays bounded. */
    private readonly maxJobs = 64,
  ) {}

  /** Resolves with the job's outcome once the transaction holding it has committed. */
  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Jobs waiting for a group. */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // better-sqlite3 commits synchronously, so requests pile up unread in the sockets meanwhile:
        // let the event loop read them into the queue before taking the next group.
        await new Promise((resolve) => setImmediate(resolve));
        await this.runGroup(this.queue.splice(0, this.maxJobs));
      }
    } finally {
      this.running = false;
    }
  }

  private async runGroup(group: Pending<J, R>[]): Promise<void> {
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.commit(group.map((p) => p.job));
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) pending.resolve(outcome.value);
      else pending.reject(outcome ? outcome.error : new Error('group commit returned no outcome for a job'));
    });
  }
}
