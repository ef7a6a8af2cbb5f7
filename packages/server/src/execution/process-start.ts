/** When a process started, to tell a live process from a later one that reuses its pid. */
import { readFileSync } from 'node:fs';

/**
 * The start time of `pid` in clock ticks since boot (field 22 of `/proc/PID/stat`), as a string;
 * null where there is no `/proc` or no such process.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
