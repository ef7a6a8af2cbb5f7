import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { beforeEach, describe, expect, it } from 'vitest';
import { extractArchive, planArchive } from './archive.js';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-archive-'));
});

// yazl refuses unsafe names itself, so an evil archive is made by renaming a safe entry in the bytes.
async function zipOf(files: Record<string, string>, rename?: [string, string]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  if (rename) bytes = Buffer.from(bytes.toString('latin1').replaceAll(rename[0], rename[1]), 'latin1');
  const path = join(work, 'files.zip');
  await writeFile(path, bytes);
  return path;
}

async function unpack(zipPath: string, dir: string): Promise<void> {
  const plan = await planArchive(zipPath, dir);
  try {
    await extractArchive(plan, dir, false, () => {});
  } finally {
    plan.zip.close();
  }
}

describe('unpacking an archive', () => {
  it('writes every file under the directory', async () => {
    const dir = join(work, 'out');
    await unpack(await zipOf({ 'outputs/model.txt': 'weights', 'logs/a.log': 'hello' }), dir);
    expect(await readFile(join(dir, 'outputs/model.txt'), 'utf8')).toBe('weights');
    expect(await readFile(join(dir, 'logs/a.log'), 'utf8')).toBe('hello');
  });

  it('refuses an entry that climbs out of the directory, before writing anything', async () => {
    const dir = join(work, 'out');
    const zipPath = await zipOf({ 'aa/ok.txt': 'fine', 'xx/evil.txt': 'pwned' }, ['xx/evil.txt', '../evil.txt']);
    await expect(unpack(zipPath, dir)).rejects.toMatchObject({ code: 'UNSAFE_ARCHIVE' });
    expect(await readdir(work)).toEqual(['files.zip']);
  });

  it('refuses to write through a directory link that leads outside', async () => {
    const dir = join(work, 'out');
    const outside = join(work, 'outside');
    await mkdir(dir);
    await mkdir(outside);
    await symlink(outside, join(dir, 'outputs'));
    await expect(unpack(await zipOf({ 'outputs/x.txt': 'x' }), dir)).rejects.toThrow(/link that leads outside/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('does not replace an existing file unless asked', async () => {
    const dir = join(work, 'out');
    await mkdir(join(dir, 'outputs'), { recursive: true });
    await writeFile(join(dir, 'outputs/model.txt'), 'mine');
    await expect(unpack(await zipOf({ 'outputs/model.txt': 'theirs' }), dir)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(dir, 'outputs/model.txt'), 'utf8')).toBe('mine');
  });
});
