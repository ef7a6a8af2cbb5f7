import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, stat, symlink, utimes, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashCache, hashFile } from './hash-cache.js';
import { loadIgnoreRules } from './ignore-rules.js';
import { listSnapshotFiles } from './snapshot-plan.js';
import { listSourceFiles } from './walk.js';

let dir: string;
let cache: string;

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}
const paths = async () => (await listSourceFiles(dir, await loadIgnoreRules(dir))).map((f) => f.path);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-src-'));
  cache = await mkdtemp(join(tmpdir(), 'cairn-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

describe('ignore rules', () => {
  it('use .amlignore when it exists, and then ignore .gitignore entirely', async () => {
    await write({ '.amlignore': 'data/\n*.csv\n', '.gitignore': 'train.py\n', 'train.py': 'x', 'data/big.bin': 'x', 'a.csv': 'x', 'sub/b.csv': 'x', 'sub/c.py': 'x' });
    expect((await loadIgnoreRules(dir)).source).toBe('.amlignore');
    expect(await paths()).toEqual(['.amlignore', '.gitignore', 'sub/c.py', 'train.py']);
  });

  it('fall back to .gitignore, with gitignore syntax (negation, anchors, folder-only rules)', async () => {
    await write({ '.gitignore': '*.log\n!keep.log\n/outputs\nvenv/\n', 'a.log': 'x', 'keep.log': 'x', 'outputs/m.pkl': 'x', 'sub/outputs/o.txt': 'x', 'venv/bin/python': 'x', 'venv.txt': 'x' });
    expect((await loadIgnoreRules(dir)).source).toBe('.gitignore');
    expect(await paths()).toEqual(['.gitignore', 'keep.log', 'sub/outputs/o.txt', 'venv.txt']);
  });

  it('read only the root ignore file, and always skip .git/', async () => {
    await write({ 'sub/.gitignore': '*.py\n', 'sub/x.py': 'x', '.git/HEAD': 'ref', '.github/ci.yml': 'x' });
    expect((await loadIgnoreRules(dir)).source).toBeNull();
    expect(await paths()).toEqual(['.github/ci.yml', 'sub/.gitignore', 'sub/x.py']);
  });

  it('keep linked files, skip linked folders, and mark executables 0755', async () => {
    await write({ 'real/a.py': 'x', 'run.sh': '#!/bin/sh' });
    await chmod(join(dir, 'run.sh'), 0o750);
    await symlink(join(dir, 'real/a.py'), join(dir, 'link.py'));
    await symlink(join(dir, 'real'), join(dir, 'linkdir'));
    const files = await listSourceFiles(dir, await loadIgnoreRules(dir));
    expect(files.map((f) => [f.path, f.mode.toString(8)])).toEqual([['link.py', '644'], ['real/a.py', '644'], ['run.sh', '755']]);
  });
});

describe('snapshot size limit', () => {
  it('refuses over the limit, listing the largest files first and how to leave them out', async () => {
    await write({ 'train.py': 'x', 'data/huge.bin': 'y'.repeat(700_000), 'data/big.bin': 'z'.repeat(500_000) });
    const error = await listSnapshotFiles(dir, 1).catch((e: unknown) => e as Error & { code: string; hint: string; exitCode: number });
    expect(error).toMatchObject({ code: 'SNAPSHOT_TOO_LARGE', exitCode: 2 });
    expect(error.message).toMatch(/over the limit of 1 MB/);
    expect(error.message.indexOf('data/huge.bin')).toBeLessThan(error.message.indexOf('data/big.bin'));
    expect(error.hint).toContain('.amlignore');
    expect(error.hint).toContain('--max-snapshot-mb');
    await write({ '.amlignore': 'data/\n' });
    expect((await listSnapshotFiles(dir, 1)).files.map((f) => f.path)).toEqual(['.amlignore', 'train.py']);
  });
});

describe('hash cache', () => {
  const sourceFiles = async () => listSourceFiles(dir, await loadIgnoreRules(dir));
  const age = async (path: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    await utimes(join(dir, path), t, t);
  };

  it('reads unchanged files once, and again when their size or time changes', async () => {
    await write({ 'a.py': 'print(1)', 'b.py': 'print(2)' });
    await age('a.py', 60);
    await age('b.py', 60);
    const first = await HashCache.open(dir, cache);
    expect((await first.hash(await sourceFiles())).filesRead).toBe(2);
    await first.save(await sourceFiles());
    const third = await (await HashCache.open(dir, cache)).hash(await sourceFiles());
    expect(third).toMatchObject({ filesRead: 0, bytesRead: 0 });
    expect(third.sha256.get('a.py')).toBe(await hashFile(join(dir, 'a.py')));
    await writeFile(join(dir, 'a.py'), 'print(10)');
    await age('a.py', 30);
    const fourth = await (await HashCache.open(dir, cache)).hash(await sourceFiles());
    expect(fourth.filesRead).toBe(1);
    expect(fourth.sha256.get('a.py')).toBe(await hashFile(join(dir, 'a.py')));
  });

  it('reads a file again when another one replaced it with the same size and time (a new inode)', async () => {
    // Whole seconds: the same time set on two files reads back the same.
    const time = Math.floor(Date.now() / 1000) - 60;
    await write({ 'a.py': 'print(1)' });
    await utimes(join(dir, 'a.py'), time, time);
    const c = await HashCache.open(dir, cache);
    await c.hash(await sourceFiles());
    await c.save(await sourceFiles());
    const before = (await sourceFiles())[0]!;
    const replacement = join(cache, 'a.py');
    await writeFile(replacement, 'print(2)');
    await utimes(replacement, time, time);
    await rename(replacement, join(dir, 'a.py'));
    const after = (await sourceFiles())[0]!;
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const again = await (await HashCache.open(dir, cache)).hash(await sourceFiles());
    expect(again.filesRead).toBe(1);
    expect(again.sha256.get('a.py')).toBe(await hashFile(join(dir, 'a.py')));
  });

  it('does not trust an entry for a file changed within seconds of being hashed', async () => {
    await write({ 'fresh.py': 'aaaa' });
    const c = await HashCache.open(dir, cache);
    await c.hash(await sourceFiles());
    await c.save(await sourceFiles());
    // Same size, same second: only the content changed, which a size+time check alone would miss.
    const before = (await sourceFiles())[0]!;
    await writeFile(join(dir, 'fresh.py'), 'bbbb');
    await utimes(join(dir, 'fresh.py'), before.mtimeMs / 1000, before.mtimeMs / 1000);
    const again = await (await HashCache.open(dir, cache)).hash(await sourceFiles());
    expect(again.filesRead).toBe(1);
    expect(again.sha256.get('fresh.py')).toBe(await hashFile(join(dir, 'fresh.py')));
  });

  it('treats a corrupt cache file as empty', async () => {
    await write({ 'a.py': 'x' });
    const c = await HashCache.open(dir, cache);
    await c.hash(await sourceFiles());
    await c.save(await sourceFiles());
    const [file] = execFileSync('find', [cache, '-name', '*.bin']).toString().trim().split('\n');
    await writeFile(file!, '{not json');
    expect((await (await HashCache.open(dir, cache)).hash(await sourceFiles())).filesRead).toBe(1);
    await writeFile(file!, (await readFile(file!)).subarray(0, 40));
    expect((await (await HashCache.open(dir, cache)).hash(await sourceFiles())).filesRead).toBe(1);
  });

  it('finds entries by path when files came and went, and rewrites the cache only when something changed', async () => {
    await write({ 'b.py': 'b', 'c.py': 'c', 'd.py': 'dd' });
    for (const f of ['b.py', 'c.py', 'd.py']) await age(f, 60);
    const c = await HashCache.open(dir, cache);
    await c.hash(await sourceFiles());
    await c.save(await sourceFiles());
    const [file] = execFileSync('find', [cache, '-name', '*.bin']).toString().trim().split('\n');
    const written = (await stat(file!)).mtimeMs;
    const same = await HashCache.open(dir, cache);
    expect((await same.hash(await sourceFiles())).filesRead).toBe(0);
    await same.save(await sourceFiles());
    expect((await stat(file!)).mtimeMs).toBe(written);
    // A new first file moves every other one down a place; a removed one leaves a gap.
    await write({ 'a.py': 'a' });
    await age('a.py', 60);
    await rm(join(dir, 'c.py'));
    const moved = await (await HashCache.open(dir, cache)).hash(await sourceFiles());
    expect(moved.filesRead).toBe(1);
    expect(moved.sha256.get('d.py')).toBe(await hashFile(join(dir, 'd.py')));
    expect([...moved.sha256.keys()].sort()).toEqual(['a.py', 'b.py', 'd.py']);
  });
});
