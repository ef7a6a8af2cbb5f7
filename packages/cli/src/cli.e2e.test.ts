// `cairn` as a real process against a real server, with its config in a temp file.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnClient, type WorkspaceClient } from '@cairn/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server.js';
import { runCairn, type CairnResult, type CairnRunOptions } from './test-support/run-cairn.js';

let server: TestServer;
let dir: string;
let configPath: string;
let ws: WorkspaceClient;
const outputs: string[] = [];

// Every run's output is kept, so the secret test can check that no output ever held the value.
async function cairn(args: string[], options: CairnRunOptions = {}): Promise<CairnResult> {
  const result = await runCairn(args, { ...options, env: { CAIRN_CONFIG: configPath, ...options.env } });
  outputs.push(result.stdout, result.stderr);
  return result;
}

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'cairn-cli-'));
  configPath = join(dir, 'home', '.cairn', 'config.json');
  ws = new CairnClient({ url: server.url, token: server.ownerToken }).workspace('cli-e2e');
});

afterAll(async () => {
  await server?.close();
});

describe('cairn without a config', () => {
  it('says how to get one and exits 4', async () => {
    const result = await cairn(['run', 'list']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error NOT_CONFIGURED: no server URL to connect with: there is no config file at ${configPath}`);
    expect(result.stderr).toContain('`npx cairn server`');
    expect(result.stderr).toContain('`cairn login --url URL`');
  });

  it('reports an unreachable server with exit 6 and what to do', async () => {
    const result = await cairn(['workspace', 'list', '--url', await closedUrl(), '--token', 'x']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/^error CONNECTION_FAILED: cannot reach the Cairn server at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\nhint: is `cairn server` running\? start it with `npx cairn server`/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 on a usage error', async () => {
    const result = await cairn(['run', 'list', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error USAGE: unknown option '--no-such-flag'");
  });
});

describe('login', () => {
  it('refuses a token the server does not know, and saves nothing', async () => {
    const result = await cairn(['login', '--url', server.url, '--token', 'cairn_bogus']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('error UNAUTHENTICATED');
    await expect(stat(configPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('checks the token, then saves url, token and workspace in a 0600 file', async () => {
    const result = await cairn(['login', '--url', server.url], { input: `${server.ownerToken}\n` });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Logged in to ${server.url} as owner`);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({ url: server.url, token: server.ownerToken, workspace: 'default' });
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
  });
});

describe('workspaces', () => {
  it('creates one, lists it as JSON, and makes it the default', async () => {
    expect((await cairn(['workspace', 'create', 'cli-e2e', '--description', 'CLI tests'])).code).toBe(0);
    const listed = await cairn(['workspace', 'list', '-o', 'json']);
    expect(JSON.parse(listed.stdout).map((w: { name: string }) => w.name)).toEqual(expect.arrayContaining(['default', 'cli-e2e']));
    expect((await cairn(['workspace', 'use', 'cli-e2e'])).code).toBe(0);
    expect(JSON.parse(await readFile(configPath, 'utf8')).workspace).toBe('cli-e2e');
    expect((await cairn(['workspace', 'list'])).stdout).toMatch(/^\* cli-e2e\s+CLI tests/m);
  });

  it('will not use a workspace that does not exist (exit 3)', async () => {
    const result = await cairn(['workspace', 'use', 'nowhere']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error WORKSPACE_NOT_FOUND');
    expect(JSON.parse(await readFile(configPath, 'utf8')).workspace).toBe('cli-e2e');
  });
});

describe('runs', () => {
  beforeAll(async () => {
    for (const [id, loss] of [['run-good', 0.1], ['run-ok', 0.4], ['run-bad', 0.9]] as const) {
      await ws.runs.create({ experiment: 'mnist', id, status: 'Running', tags: { team: 'vision' } });
      await ws.metrics.log(id, Array.from({ length: 20 }, (_, step) => ({ name: 'loss', step, value: loss + (19 - step) / 100 })));
    }
    await ws.files.upload('run-good', 'outputs/model.txt', Buffer.from('weights'));
    await ws.files.upload('run-good', 'outputs/sub/notes.txt', Buffer.from('notes'));
    await ws.files.upload('run-good', 'logs/train.log', Buffer.from('log'));
  });

  it('lists runs matching a filter as JSON, nothing else on stdout', async () => {
    const result = await cairn(['run', 'list', '--filter', 'metrics.loss < 0.5', '--order-by', 'metrics.loss', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).items.map((r: { id: string }) => r.id)).toEqual(['run-good', 'run-ok']);
  });

  it('lists runs as a table by default', async () => {
    const result = await cairn(['run', 'list', '-e', 'mnist']);
    expect(result.stdout.split('\n')[0]).toMatch(/^RUN ID\s+EXPERIMENT\s+NAME\s+STATUS/);
    expect(result.stdout).toMatch(/^run-bad\s+mnist\s+\S+\s+Running\s+(just now|\d+s ago)\s+\d+s$/m);
  });

  it('shows where a malformed filter breaks and exits non-zero', async () => {
    const result = await cairn(['run', 'list', '--filter', 'metrics.loss <']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error INVALID_FILTER');
    expect(result.stderr).toContain('^');
    expect(result.stdout).toBe('');
  });

  it('tags a run and shows it', async () => {
    const tagged = await cairn(['run', 'tag', 'run-good', 'stage=prod', 'note=a=b', '--remove', 'team']);
    expect(tagged.code).toBe(0);
    expect(tagged.stdout).toMatch(/^stage\s+prod$/m);
    const shown = await cairn(['run', 'show', 'run-good', '-o', 'json']);
    expect(JSON.parse(shown.stdout).tags).toEqual({ stage: 'prod', note: 'a=b' });
    const table = await cairn(['run', 'show', 'run-good']);
    expect(table.stdout).toMatch(/^status:\s+Running$/m);
    expect(table.stdout).toMatch(/^experiment:\s+mnist$/m);
  });

  it('says a missing run is not found (exit 3)', async () => {
    const result = await cairn(['run', 'show', 'no-such-run']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error RUN_NOT_FOUND');
  });

  it('shows the latest metric values, and a series', async () => {
    const latest = await cairn(['run', 'metrics', 'run-ok']);
    expect(latest.stdout).toMatch(/^loss\s+scalar\s+20\s+0\.4\s+19\s/m);
    const series = await cairn(['run', 'metrics', 'run-ok', 'loss', '-o', 'json']);
    expect(JSON.parse(series.stdout)).toMatchObject({ name: 'loss', count: 20 });
    const points = await cairn(['run', 'metrics', 'run-ok', 'loss', '--max-points', '5']);
    expect(points.stdout.split('\n')[0]).toMatch(/^STEP\s+TIME\s+VALUE$/);
    expect(points.stdout.trim().split('\n').length).toBeLessThanOrEqual(6);
  });

  it('downloads files under a prefix, and refuses to overwrite them', async () => {
    const out = join(dir, 'download');
    const first = await cairn(['run', 'download', 'run-good', '--prefix', 'outputs/', '-o', out]);
    expect(first.code).toBe(0);
    expect(await readFile(join(out, 'outputs/model.txt'), 'utf8')).toBe('weights');
    expect(await readFile(join(out, 'outputs/sub/notes.txt'), 'utf8')).toBe('notes');
    await expect(stat(join(out, 'logs/train.log'))).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(join(out, 'outputs/model.txt'), 'mine');
    const again = await cairn(['run', 'download', 'run-good', '--prefix', 'outputs/', '-o', out]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('error FILE_EXISTS');
    expect(await readFile(join(out, 'outputs/model.txt'), 'utf8')).toBe('mine');
    expect((await cairn(['run', 'download', 'run-good', '--prefix', 'outputs/', '-o', out, '--overwrite'])).code).toBe(0);
    expect(await readFile(join(out, 'outputs/model.txt'), 'utf8')).toBe('weights');
  });

  it('keeps the zip when asked', async () => {
    const zip = join(dir, 'files.zip');
    expect((await cairn(['run', 'download', 'run-good', '--zip', zip])).code).toBe(0);
    expect((await readFile(zip)).subarray(0, 2).toString()).toBe('PK');
  });

  it('cancels a run', async () => {
    const result = await cairn(['run', 'cancel', 'run-bad', '-o', 'json']);
    expect(['CancelRequested', 'Canceled']).toContain(JSON.parse(result.stdout).status);
  });
});

describe('secrets', () => {
  it('sets a secret from stdin and lists it; the value never appears in any output', async () => {
    const set = await cairn(['secret', 'set', 'db-password'], { input: 'hunter2-value\n' });
    expect(set.code).toBe(0);
    const listed = await cairn(['secret', 'list', '-o', 'json']);
    expect(JSON.parse(listed.stdout).map((s: { name: string }) => s.name)).toEqual(['db-password']);
    expect((await cairn(['secret', 'list'])).stdout).toMatch(/^db-password\s/m);
    expect(outputs.join('\n')).not.toContain('hunter2');
    expect((await cairn(['secret', 'delete', 'db-password'])).code).toBe(0);
  });

  it('refuses an empty value', async () => {
    const result = await cairn(['secret', 'set', 'empty-one'], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is empty');
  });
});

describe('tokens', () => {
  it('creates a Reader token shown once; it may read but not write (exit 4), and stops working once revoked', async () => {
    const created = await cairn(['token', 'create', '--role', 'Reader', '-w', 'cli-e2e', '--name', 'ci']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^\S+$/);
    expect(created.stderr).toContain('will not be shown again');
    const listed = JSON.parse((await cairn(['token', 'list', '-o', 'json'])).stdout) as Array<{ id: string; name: string }>;
    const id = listed.find((t) => t.name === 'ci')!.id;
    const asReader = { env: { CAIRN_TOKEN: token } };
    expect((await cairn(['run', 'list'], asReader)).code).toBe(0);
    const write = await cairn(['run', 'tag', 'run-ok', 'x=y'], asReader);
    expect(write.code).toBe(4);
    expect(write.stderr).toContain('error FORBIDDEN');
    expect((await cairn(['token', 'revoke', id])).code).toBe(0);
    const revoked = await cairn(['run', 'list'], asReader);
    expect(revoked.code).toBe(4);
    expect(revoked.stderr).toContain('error UNAUTHENTICATED');
    expect(revoked.stderr).toContain('cairn login');
  });
});

async function closedUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}
