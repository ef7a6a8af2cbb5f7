/** Whether a process is running; a zombie counts as gone, since the container's PID 1 may never reap the daemons. */
import { readFileSync } from 'node:fs';

/** Whether `pid` is a live process (not gone, not a zombie). */
export function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}
