/** How a run ends, from why it was stopped and how its ranks exited. User failures and platform failures are kept apart. */
import type { RankExit } from './ranks.js';

export interface RunError {
  code: string;
  message: string;
  details?: unknown;
}

export type Outcome =
  | { status: 'Completed'; statusReason: string }
  | { status: 'Canceled'; statusReason: string }
  | { status: 'Failed'; error: RunError };

export type StopReason = 'cancel' | 'timeout' | null;

/** The last stderr lines of each rank. */
export class StderrTails {
  private readonly tails = new Map<number, string[]>();

  constructor(private readonly keep = 20) {}

  add(rank: number, line: string): void {
    const tail = this.tails.get(rank) ?? [];
    tail.push(line);
    if (tail.length > this.keep) tail.shift();
    this.tails.set(rank, tail);
  }

  of(rank: number): string[] {
    return this.tails.get(rank) ?? [];
  }
}

/** The run's end from its ranks' exits. */
export function outcomeOf(exits: RankExit[], stop: StopReason, tails: StderrTails, maxSeconds: number | undefined): Outcome {
  if (stop === 'cancel') return { status: 'Canceled', statusReason: 'canceled by request; the script was stopped' };
  if (stop === 'timeout') {
    return { status: 'Failed', error: { code: 'RUN_TIMED_OUT', message: `the run exceeded max_run_duration_seconds (${maxSeconds} s) and was stopped`, details: { maxRunDurationSeconds: maxSeconds } } };
  }
  const failed = exits.find((e) => e.code !== 0);
  if (!failed) return { status: 'Completed', statusReason: 'the script exited with code 0' };
  const stderrTail = tails.of(failed.rank);
  const how = failed.code === null ? `was killed by ${failed.signal}` : `exited with code ${failed.code}`;
  const rank = exits.length > 1 ? ` (rank ${failed.rank})` : '';
  const last = stderrTail.at(-1);
  return {
    status: 'Failed',
    error: { code: 'USER_SCRIPT_FAILED', message: `the script ${how}${rank}${last ? `: ${last}` : ''}`, details: { exitCode: failed.code, signal: failed.signal, rank: failed.rank, stderrTail } },
  };
}
