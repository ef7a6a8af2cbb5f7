/**
 * `CAIRN_TRACE=1` (inherited from the server for local runs): the runner's phases on its stderr, as
 * wall-clock epoch milliseconds and milliseconds since the runner process started.
 */
const on = process.env.CAIRN_TRACE === '1';

/** Notes that `phase` was reached. */
export function trace(phase: string): void {
  if (on) process.stderr.write(`[trace runner] ${Date.now()} +${performance.now().toFixed(0)} ms ${phase}\n`);
}
