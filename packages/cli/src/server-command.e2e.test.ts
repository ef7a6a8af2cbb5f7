// `cairn server` as a real process: it starts, writes the CLI config, serves other commands, stops on SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCairn, startCairn } from './test-support/run-cairn.js';

let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

// Resolves with everything written so far once `pattern` shows up on the stream.
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  let seen = '';
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve(seen);
    });
    stream.on('end', () => reject(new Error(`stream ended before ${pattern}: ${seen}`)));
  });
}

describe('cairn server', () => {
  it('starts, writes the CLI config on first start, serves the CLI and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-server-'));
    const env = { CAIRN_CONFIG: join(dir, 'config.json') };
    child = startCairn(['server', '--port', '0', '--data', join(dir, 'data')], { env });
    const started = await waitFor(child.stderr!, /first start: .*\n/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started)?.[1];
    const config = JSON.parse(await readFile(env.CAIRN_CONFIG, 'utf8'));
    expect(config).toMatchObject({ url, workspace: 'default' });
    expect((await stat(env.CAIRN_CONFIG)).mode & 0o777).toBe(0o600);

    const listed = await runCairn(['workspace', 'list', '-o', 'json'], { env });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((w: { name: string }) => w.name)).toContain('default');

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    const stopping = waitFor(child.stderr!, /SIGTERM: stopping the server/);
    child.kill('SIGTERM');
    await stopping;
    expect(await exited).toBe(0);
  });

  it('refuses an invalid flag value with the server\'s message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-server-'));
    const result = await runCairn(['server', '--port', 'eighty', '--data', dir], { env: { CAIRN_CONFIG: join(dir, 'c.json') } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error INVALID_INPUT: invalid server configuration: port/);
  });
});
