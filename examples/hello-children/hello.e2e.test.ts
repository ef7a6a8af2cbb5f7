/** The hello-children example submitted with `cairn run submit-script`: one child run per greeting, each with its metrics. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnClient, type WorkspaceClient } from '@cairn/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn } from '../../packages/cli/src/test-support/run-cairn.js';
import { startTestServer, type TestServer } from '../../packages/server/src/test-support/test-server.js';

let server: TestServer;
let dir: string;
let ws: WorkspaceClient;

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'cairn-hello-'));
  await writeFile(join(dir, 'cli.json'), JSON.stringify({ url: server.url, token: server.ownerToken }));
  ws = new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default');
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('examples/hello-children', () => {
  it('creates a tagged child per greeting under the submitted run and logs to each', async () => {
    const env = { CAIRN_CONFIG: join(dir, 'cli.json'), CAIRN_CACHE_DIR: join(dir, 'cache') };
    const result = await runCairn(['run', 'submit-script', 'hello.py', '--source-dir', import.meta.dirname, '-e', 'hello'], { env, cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const runId = /Submitted run (\S+)/.exec(result.stderr)![1]!;
    expect(result.stdout).toContain(`3 children of ${runId}`);
    const children = await ws.runs.children(runId);
    expect(children.map((c) => c.tags.greeting).sort()).toEqual(['bonjour', 'hallo', 'hello']);
    expect(children.every((c) => c.status === 'Completed' && c.parentRunId === runId)).toBe(true);
    const latest = await ws.metrics.latest(children.map((c) => c.id), ['length']);
    expect(children.map((c) => latest[c.id]!.length)).toEqual(children.map((c) => c.tags.greeting!.length));
    expect((await ws.metrics.latest([runId], ['children']))[runId]).toEqual({ children: 3 });
  });
});
