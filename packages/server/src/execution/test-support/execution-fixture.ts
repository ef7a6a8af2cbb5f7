/** Helpers for execution tests: a listening test server with fast timings, scripts as snapshots, waiting for runs to end. */
import { createHash } from 'node:crypto';
import { CairnClient, type FollowEvent } from '@cairn/sdk';
import { isTerminal, type Run, type RunConfigInput } from '@cairn/api';
import { startTestServer, type TestBackend, type TestServer } from '../../test-support/test-server.js';
import type { ExecutionOptions } from '../execution-module.js';

/** Timings short enough for tests: heartbeats every 200 ms, NotResponding after 1 s, Failed after 2 s. */
export const fastExecution: Partial<ExecutionOptions> = {
  tickMs: 50, heartbeatSeconds: 0.2, notRespondingMs: 1000, failMs: 2000, followPollMs: 200, killAfterMs: 3000, localCapacity: 4,
};

// Runners inherit the test process's environment: a short grace period keeps cancel tests fast.
process.env.CAIRN_RUNNER_GRACE_SECONDS ??= '1';
process.env.CAIRN_RUNNER_METRICS_SECONDS ??= '0.3';

export interface ExecFixture {
  server: TestServer;
  client: CairnClient;
  ws: ReturnType<CairnClient['workspace']>;
}

/** Starts a listening test server with fast execution timings. */
export async function startExecServer(options: { backend?: TestBackend; execution?: Partial<ExecutionOptions> } = {}): Promise<ExecFixture> {
  const server = await startTestServer({ backend: options.backend ?? 'sqlite', execution: { ...fastExecution, ...options.execution } });
  const client = new CairnClient({ url: server.url, token: server.ownerToken });
  return { server, client, ws: client.workspace('default') };
}

/** Uploads files and records them as a snapshot; answers its id. */
export async function snapshotOf(fx: ExecFixture, files: Record<string, string>): Promise<string> {
  const entries = Object.entries(files).map(([path, text]) => {
    const bytes = Buffer.from(text);
    return { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mode: 0o644 };
  });
  const missing = new Set(await fx.ws.blobs.missing(entries.map((e) => e.sha256)));
  for (const entry of entries) if (missing.has(entry.sha256)) await fx.ws.blobs.upload(entry.sha256, entry.bytes);
  return (await fx.ws.snapshots.create(entries.map(({ path, sha256, size, mode }) => ({ path, sha256, size, mode })))).id;
}

/** Submits `script` (the text of train.py) with a run configuration. */
export async function submitScript(fx: ExecFixture, script: string, config: Partial<RunConfigInput> = {}, files: Record<string, string> = {}): Promise<Run> {
  const snapshotId = await snapshotOf(fx, { 'train.py': script, ...files });
  return fx.ws.execution.submit({ experiment: 'exec-test', snapshotId, runConfig: { script: 'train.py', ...config } });
}

/** Follows a run until it ends; answers every event seen. */
export async function followToEnd(fx: ExecFixture, runId: string, query: { rank?: number } = {}): Promise<FollowEvent[]> {
  const events: FollowEvent[] = [];
  for await (const event of fx.ws.execution.follow(runId, query)) {
    events.push(event);
    if (event.event === 'end') break;
  }
  return events;
}

/** Polls a run until `until` holds (default: it ended), failing after `timeoutMs`. */
export async function waitForRun(fx: ExecFixture, runId: string, until: (run: Run) => boolean = (r) => isTerminal(r.status), timeoutMs = 30_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await fx.ws.runs.get(runId);
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is still ${run.status} (${run.statusReason}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
