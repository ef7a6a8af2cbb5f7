/**
 * The server process's CPU time (user + system, from /proc on Linux). On a shared machine wall-clock
 * rates move with the load; the CPU the server spent on the same work moves far less, so the rows
 * report it beside the rate.
 */
import { readFileSync } from 'node:fs';

/** CPU ms the process has used so far; NaN where /proc is not available. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ = 100
  } catch {
    return NaN;
  }
}
