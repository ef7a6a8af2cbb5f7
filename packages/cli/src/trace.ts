/**
 * `CAIRN_TRACE=1`: prints when each phase of a command is reached, to stderr, as wall-clock epoch
 * milliseconds (to line up with the server's and the runner's traces) and milliseconds since this
 * process started (node start and module loading included).
 */
const on = process.env.CAIRN_TRACE === '1';

/** Notes that `phase` was reached. */
export function trace(phase: string): void {
  if (on) process.stderr.write(`[trace cli] ${Date.now()} +${performance.now().toFixed(0)} ms ${phase}\n`);
}
