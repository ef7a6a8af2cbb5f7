/** Runs a command and streams its output, stdout and stderr, line by line. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines printed, both streams interleaved as they came. */
  tail: string[];
}

const TAIL_LINES = 40;

/** Runs `command args…`, giving each output line to `onLine`; never rejects on a non-zero exit. */
export function runCommand(command: string, args: string[], opts: { onLine: (line: string) => void; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, ...(opts.signal ? { signal: opts.signal } : {}) });
    const tail: string[] = [];
    const take = (line: string): void => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      opts.onLine(line);
    };
    createInterface({ input: child.stdout }).on('line', take);
    createInterface({ input: child.stderr }).on('line', take);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, tail }));
  });
}
