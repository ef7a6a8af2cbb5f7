/** Runs Debian's `wrk` against a URL with a JSON POST body and reads its summary. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What one wrk run measured. */
export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
}

/** Load on `url` for `seconds` with `connections` connections on `threads` threads. */
export async function wrk(url: string, body: string, options: { seconds: number; connections: number; threads?: number; key?: string }): Promise<WrkResult> {
  const script = join(mkdtempSync(join(tmpdir(), 'cairn-wrk-')), 'post.lua');
  const auth = options.key ? `wrk.headers["Authorization"] = ${JSON.stringify(`Bearer ${options.key}`)}\n` : '';
  writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n${auth}`);
  const args = ['-t', String(options.threads ?? 1), '-c', String(options.connections), '-d', `${options.seconds}s`, '--latency', '-s', script, url];
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  return parse(stdout);
}

function parse(out: string): WrkResult {
  const number = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  return {
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: millis(/\s50%\s+([\d.]+\w+)/.exec(out)?.[1]),
    p99Ms: millis(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1]),
    requests: number(/(\d+) requests in/),
    non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/),
  };
}

function millis(value: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value ?? '');
  if (!m) return NaN;
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}
