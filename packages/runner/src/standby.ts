/**
 * A standby runner: started ahead of time by a local target with `--standby`, it loads its code and
 * waits. The backend hands it a run as one JSON line on stdin (its flags and run token), so a run
 * starts without paying for a Node start. Meanwhile it makes the run's first steps cheap: one request
 * to the server warms Node's HTTP client, a spare working directory is copied (spare-copy.ts) and a
 * rank launcher waits (rank-launcher.ts). Stdin ending first, or the process that started it going
 * away, means the server is gone: nothing to run.
 */
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { systemPython } from './environment/python.js';
import { httpFetch } from './http-fetch.js';
import { WaitingLauncher } from './rank-launcher.js';
import { SpareCopy } from './spare-copy.js';

/** What a standby runner is handed: the flags a cold runner gets on its command line, and the run token. */
export interface Launch {
  args: string[];
  token: string;
}

/** A standby's own flags: `--standby [--cache-dir DIR] [--url URL]`. */
export interface StandbyFlags {
  cacheDir: string | null;
  url: string | null;
}

/** What a standby prepared for its run; `cacheDir` says where its spare lives. */
export interface StandbyHelpers {
  cacheDir: string | null;
  spare: SpareCopy | null;
  launcher: WaitingLauncher | null;
}

/** How often a waiting standby checks that the process that started it is still its parent. */
const PARENT_CHECK_MS = 200;

/** Parses the flags after `--standby`. */
export function standbyFlags(argv: readonly string[]): StandbyFlags {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 && argv[at + 1] ? argv[at + 1]! : null;
  };
  const cacheDir = value('--cache-dir');
  return { cacheDir: cacheDir ? resolve(cacheDir) : null, url: value('--url') };
}

/** Starts what a standby prepares while it waits. */
export function prepareStandby(flags: StandbyFlags): StandbyHelpers {
  // The health check only warms the HTTP client (and the server's connection handling); its answer does not matter.
  if (flags.url) void httpFetch(`${flags.url.replace(/\/+$/, '')}/healthz`).then((res) => res.arrayBuffer()).catch(() => undefined);
  return { cacheDir: flags.cacheDir, spare: flags.cacheDir ? new SpareCopy(flags.cacheDir) : null, launcher: new WaitingLauncher(systemPython()) };
}

/**
 * Exits once the standby's parent is gone. Its stdin closing says the same, but only when no other
 * process holds the other end of the pipe; the parent process id changes in every case.
 */
export function exitWithParent(): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, PARENT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
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
