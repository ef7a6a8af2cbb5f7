/**
 * `CAIRN_TRACE=1`: the server's execution phases on stderr, as wall-clock epoch milliseconds (to line
 * up with the CLI's and the runner's traces, which print the same way).
 */
const on = process.env.CAIRN_TRACE === '1';

/** Notes that `phase` was reached. */
export function trace(phase: string): void {
  if (on) process.stderr.write(`[trace server] ${Date.now()} +${performance.now().toFixed(0)} ms ${phase}\n`);
}
