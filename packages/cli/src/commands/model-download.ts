/**
 * `cairn model download N[:V]`: writes the version's files into a directory as registered (a file
 * under its name, a folder as its tree). Every path is checked to stay inside the directory, and
 * existing files are never overwritten without --overwrite.
 */
import { createWriteStream } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ModelFile } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { CliError, exitCodes } from '../errors.js';
import { formatBytes } from '../format.js';
import { note } from '../output.js';
import { byteProgress } from '../progress.js';

interface DownloadOptions {
  outDir: string;
  overwrite?: boolean;
}

/** Registers `cairn model download`. */
export function registerModelDownload(model: Command): void {
  model.command('download').argument('<model>', 'NAME (newest), NAME:VERSION or NAME@ALIAS').description("Download a model version's files into a directory")
    .option('-o, --out-dir <dir>', 'directory to write into', '.')
    .option('--overwrite', 'replace files that already exist')
    .action(async (ref: string, o: DownloadOptions, cmd: Command) => download(cmd, ref, o));
}

/** Where a model file goes under `dir`; refuses a path that would leave it. */
export function destinationOf(dir: string, file: ModelFile): string {
  const target = resolve(dir, ...file.path.split('/'));
  const rel = relative(dir, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || file.path.includes('\\')) {
    throw new CliError('UNSAFE_PATH', `model file path ${JSON.stringify(file.path)} would be written outside ${dir}; nothing was written`);
  }
  return target;
}

async function download(cmd: Command, ref: string, o: DownloadOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  const model = await workspace.models.get(ref);
  const dir = resolve(o.outDir);
  const targets = model.files.map((file) => ({ file, target: destinationOf(dir, file) }));
  if (!o.overwrite) await refuseIfExists(targets.map((t) => t.target));
  const progress = byteProgress(`Downloading ${model.id}`);
  let done = 0;
  try {
    for (const { file, target } of targets) {
      await mkdir(dirname(target), { recursive: true });
      const stream = await workspace.models.download(model.name, model.version, file.path);
      stream.on('data', (chunk: Buffer) => progress.update((done += chunk.length), model.size));
      await pipeline(stream, createWriteStream(target, { flags: o.overwrite ? 'w' : 'wx' }));
    }
  } finally {
    progress.stop();
  }
  note(`Downloaded ${model.files.length} file${model.files.length === 1 ? '' : 's'} (${formatBytes(model.size)}) of model ${model.id} to ${dir}`);
}

async function refuseIfExists(paths: string[]): Promise<void> {
  const found = (await Promise.all(paths.map((p) => access(p).then(() => p, () => undefined)))).filter((p) => p !== undefined);
  if (found.length === 0) return;
  const listed = found.slice(0, 5).join(', ') + (found.length > 5 ? ` and ${found.length - 5} more` : '');
  throw new CliError('FILE_EXISTS', `would overwrite ${listed}`, exitCodes.conflict, 'add --overwrite to replace them, or choose another directory with -o DIR');
}
