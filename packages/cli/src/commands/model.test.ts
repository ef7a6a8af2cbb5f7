import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationOf } from './model-download.js';
import { localFiles } from './model-register.js';
import { nameAndVersion } from './model.js';

describe('model command helpers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-model-unit-'));
    await mkdir(join(dir, 'net', 'deep'), { recursive: true });
    await writeFile(join(dir, 'net', 'deep', 'w.bin'), 'w');
    await writeFile(join(dir, 'net', 'a.json'), '{}');
    await writeFile(join(dir, 'one.pkl'), 'p');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads NAME:VERSION and refuses anything else', () => {
    expect(nameAndVersion('diabetes.v2:13')).toEqual({ name: 'diabetes.v2', version: 13 });
    for (const bad of ['diabetes', 'diabetes:0', ':3', 'd:1.5', 'd@prod']) expect(() => nameAndVersion(bad)).toThrow(/expected NAME:VERSION/);
  });

  it('keeps downloads inside the target directory', () => {
    expect(destinationOf(dir, { path: 'net/a.json', sha256: 'x', size: 1 })).toBe(join(dir, 'net', 'a.json'));
    for (const path of ['../x', 'net/../../x', 'a\\b']) expect(() => destinationOf(dir, { path, sha256: 'x', size: 1 })).toThrow(/outside/);
  });

  it('lists a file under its name and a folder as its tree, hashed', async () => {
    expect((await localFiles(join(dir, 'one.pkl'))).map((f) => [f.path, f.size])).toEqual([['one.pkl', 1]]);
    const files = await localFiles(join(dir, 'net'));
    expect(files.map((f) => f.path)).toEqual(['net/a.json', 'net/deep/w.bin']);
    expect(files[0]!.sha256).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    await symlink(join(dir, 'one.pkl'), join(dir, 'net', 'link'));
    await expect(localFiles(join(dir, 'net'))).rejects.toThrow(/not a regular file/);
    await expect(localFiles(join(dir, 'absent'))).rejects.toThrow(/no file or folder/);
  });
});
