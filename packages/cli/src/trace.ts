/**
 * `CAIRN_TRACE=1`: prints when each phase of a command is reached, to stderr, as wall-clock epoch
 * milliseconds (to line up with the server's and the runner's traces), milliseconds since this
 * process started (node start and module loading included), and on Linux the CPU time of the main
 * thread so far: on a loaded machine the wall clock also counts the waits for a core, this does not.
 */
import { readFileSync } from 'node:fs';

const on = process.env.CAIRN_TRACE === '1';

/** Notes that `phase` was reached. */
export function trace(phase: string): void {
  if (on) process.stderr.write(`[trace cli] ${Date.now()} +${performance.now().toFixed(0)} ms ${phase}${mainThreadCpu()}\n`);
}

function mainThreadCpu(): string {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return ` (cpu ${(ns / 1e6).toFixed(0)} ms)`;
  } catch {
    return '';
  }
}
