/**
 * A standby runner: started ahead of time by a local target with `--standby`, it loads its code and
 * waits. The backend hands it a run as one JSON line on stdin (its flags and run token), so a run
 * starts without paying for a Node start. Stdin ending first means the server went away: nothing to run.
 */
import { createInterface } from 'node:readline';

/** What a standby runner is handed: the flags a cold runner gets on its command line, and the run token. */
export interface Launch {
  args: string[];
  token: string;
}

/** The launch read from `input`, as argv and environment for `parseOptions`; null when `input` ends first. */
export async function readLaunch(input: NodeJS.ReadableStream, env: NodeJS.ProcessEnv): Promise<{ argv: string[]; env: NodeJS.ProcessEnv } | null> {
  const lines = createInterface({ input });
  for await (const line of lines) {
    lines.close();
    const launch = JSON.parse(line) as Launch;
    return { argv: launch.args, env: { ...env, CAIRN_RUN_TOKEN: launch.token } };
  }
  return null;
}
