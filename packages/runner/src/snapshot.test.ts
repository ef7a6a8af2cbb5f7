import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerClient } from './server-client.js';
import { materializeSnapshot, safeTarget } from './snapshot.js';
import { SpareCopy } from './spare-copy.js';

describe('safeTarget', () => {
  it('places manifest entries inside the working directory', () => {
    expect(safeTarget('/work/run', 'train.py')).toBe('/work/run/train.py');
    expect(safeTarget('/work/run', 'pkg/mod.py')).toBe('/work/run/pkg/mod.py');
  });

  it.each(['../escape.py', 'a/../../escape.py', '/etc/passwd', '', '.', 'a\0b'])('refuses %j', (path) => {
    expect(() => safeTarget('/work/run', path)).toThrow(/outside the working directory/);
  });
});

describe('materializeSnapshot', () => {
  const files: Record<string, { text: string; mode: number }> = { 'train.py': { text: 'print(1)\n', mode: 0o644 }, 'bin/run.sh': { text: 'echo hi\n', mode: 0o755 } };
  const blobs = new Map(Object.values(files).map(({ text }) => [createHash('sha256').update(text).digest('hex'), text]));
  const manifest = Object.entries(files).map(([path, { text, mode }]) => ({ path, sha256: createHash('sha256').update(text).digest('hex'), size: text.length, mode }));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const blob = /\/blobs\/([0-9a-f]{64})$/.exec(req.url!)?.[1];
    if (blob) return void res.end(blobs.get(blob));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ files: manifest }));
  });
  const root = mkdtempSync(join(tmpdir(), 'runner-snapshot-'));
  const id = 'a'.repeat(64);
  let client: ServerClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new ServerClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'token', 'default', 0);
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies the files with their modes, and a second run reuses the extracted tree without asking the server', async () => {
    expect(await materializeSnapshot(client, id, join(root, 'run1'), join(root, 'cache'))).toBe(2);
    expect(readFileSync(join(root, 'run1', 'train.py'), 'utf8')).toBe('print(1)\n');
    expect(statSync(join(root, 'run1', 'bin/run.sh')).mode & 0o777).toBe(0o755);
    const asked = requests.length;
    // A script rewriting its own file must not change what the next run gets.
    writeFileSync(join(root, 'run1', 'train.py'), 'print("changed")\n');
    expect(await materializeSnapshot(client, id, join(root, 'run2'), join(root, 'cache'))).toBe(2);
    expect(requests.length).toBe(asked);
    expect(readFileSync(join(root, 'run2', 'train.py'), 'utf8')).toBe('print(1)\n');
  });

  it('gives the next runs of the last snapshot the spares standbys prepared, and not a run of another one', async () => {
    const cache = join(root, 'cache');
    await materializeSnapshot(client, id, join(root, 'run3'), cache);
    const spare = new SpareCopy(cache);
    const ready = () => readdirSync(join(cache, 'spare')).filter((name) => name.startsWith(`${id}.`));
    // A pool of two: a second submit right after the first finds one too.
    await expect.poll(() => ready().length).toBe(2);
    // Marked, to see that a run got one of these very directories rather than a fresh copy.
    for (const name of ready()) writeFileSync(join(cache, 'spare', name, 'marker'), '');
    expect(await materializeSnapshot(client, id, join(root, 'run4'), cache, spare)).toBe(2);
    expect(existsSync(join(root, 'run4', 'marker'))).toBe(true);
    expect(readFileSync(join(root, 'run4', 'train.py'), 'utf8')).toBe('print(1)\n');
    expect(await new SpareCopy(cache).take('b'.repeat(64), join(root, 'run5'))).toBe(false);
    expect(await materializeSnapshot(client, id, join(root, 'run6'), cache, new SpareCopy(cache))).toBe(2);
    expect(existsSync(join(root, 'run6', 'marker'))).toBe(true);
  });
});
