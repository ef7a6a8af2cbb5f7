/**
 * Starts `server-process.ts` (or the JSON sink) as a child process and hands back its address.
 * BENCH_SERVER_NODE_FLAGS passes flags to the child's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface BenchServer {
  url: string;
  token: string;
  /** The server's SQLite file, for seeding rows and for baselines. */
  dbPath: string;
  /** `url` + `/api/v1`. */
  api: string;
  /** The server process, for reading its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts a server whose data lives in `dataDir` (SQLite at `dataDir/cairn.db`). */
export async function startBenchServer(dataDir: string): Promise<BenchServer> {
  const { line, stop, pid } = await startChild('./server-process.ts', [dataDir]);
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return { url, token, dbPath: join(dataDir, 'cairn.db'), api: `${url}/api/v1`, pid, stop };
}

/** Starts the JSON sink (json-sink-process.ts); `url` is its one route. */
export async function startJsonSink(): Promise<{ url: string; stop(): Promise<void> }> {
  const { line, stop } = await startChild('./json-sink-process.ts', []);
  return { url: line, stop };
}

async function startChild(file: string, args: string[]): Promise<{ line: string; pid: number; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL(file, import.meta.url));
  const flags = process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before listening`)));
  });
  return {
    line,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
