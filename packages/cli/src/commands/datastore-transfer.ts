/** Uploads and downloads between a local folder and a datastore: resumable by file, sizes and hashes verified. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { CliError } from '../errors.js';
import { note } from '../output.js';
import { byteProgress } from '../progress.js';

async function walk(root: string): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Uploads a file or folder; files already on the datastore with the same size are skipped (resume). */
export async function upload(cmd: Command, name: string, src: string, target: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const files = await walk(src);
  const base = (await stat(src)).isFile() ? dirname(src) : src;
  const keyOf = (file: string) => [target.replace(/\/+$/, ''), relative(base, file).split(sep).join('/')].filter(Boolean).join('/');
  const there = new Map((await workspace.datastores.files(name, target)).map((f) => [f.path, f.size]));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const progress = byteProgress(`Uploading to ${name}`);
  let done = 0;
  let skipped = 0;
  for (const [i, file] of files.entries()) {
    const size = sizes[i] as number;
    if (there.get(keyOf(file)) !== size) {
      await workspace.datastores.upload(name, keyOf(file), createReadStream(file), { sha256: await sha256Of(file) });
    } else skipped++;
    done += size;
    progress.update(done, total);
  }
  progress.stop();
  note(`Uploaded ${files.length - skipped} file(s) to ${name}${skipped ? `, ${skipped} already there` : ''}`);
}

/** Downloads every file under a prefix; complete files are skipped, partial ones are written aside then renamed. */
export async function download(cmd: Command, name: string, prefix: string, dest: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const files = await workspace.datastores.files(name, prefix);
  const total = files.reduce((a, f) => a + f.size, 0);
  const progress = byteProgress(`Downloading from ${name}`);
  let done = 0;
  for (const file of files) {
    const path = join(dest, ...file.path.split('/'));
    const have = await stat(path).then((s) => s.size, () => -1);
    if (have !== file.size) {
      await mkdir(dirname(path), { recursive: true });
      await pipeline(await workspace.datastores.download(name, file.path), createWriteStream(`${path}.partial`));
      const got = (await stat(`${path}.partial`)).size;
      if (got !== file.size) throw new CliError('FILE_CHANGED', `${file.path}: downloaded ${got} bytes, the datastore lists ${file.size}; run the download again`);
      await rename(`${path}.partial`, path);
    }
    done += file.size;
    progress.update(done, total);
  }
  progress.stop();
  note(`Downloaded ${files.length} file(s) from ${name} to ${dest}`);
}
