/**
 * `cairn run download RUN_ID`: fetches the run's files (under --prefix) as one zip and unpacks it into
 * a directory, or keeps the zip with --zip. Existing files are never overwritten without --overwrite.
 */
import { createWriteStream } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DownloadStream } from '@cairn/sdk';
import type { Command } from 'commander';
import { extractArchive, planArchive, type ArchivePlan } from '../archive.js';
import { connect } from '../context.js';
import { CliError, exitCodes } from '../errors.js';
import { formatBytes } from '../format.js';
import { note } from '../output.js';
import { byteProgress } from '../progress.js';

interface DownloadOptions {
  snapshot?: boolean;
  prefix?: string;
  outDir: string;
  overwrite?: boolean;
  zip?: string;
}

/** Registers `cairn run download`. */
export function registerDownload(run: Command): void {
  run.command('download').argument('<run-id>').description("Download a run's files into a directory")
    .option('--prefix <prefix>', 'only files under this path, e.g. outputs/')
    .option('-o, --out-dir <dir>', 'directory to write into', '.')
    .option('--zip <file>', 'save the zip archive to FILE instead of unpacking it')
    .option('--overwrite', 'replace files that already exist')
    .option('--snapshot', 'download the code the run executed instead of its files')
    .action(async (id: string, o: DownloadOptions, cmd: Command) => download(cmd, id, o));
}

async function download(cmd: Command, id: string, o: DownloadOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  if (o.snapshot) return (await import('../snapshot/download-snapshot.js')).downloadSnapshot(workspace, id, o.outDir, o.overwrite ?? false);
  if (o.zip) {
    if (!o.overwrite) await refuseIfExists([resolve(o.zip)]);
    await save(await workspace.files.archive(id, o.prefix), resolve(o.zip), o.overwrite ?? false, `Downloading ${id}`);
    note(`Saved the files of run ${id} to ${o.zip}`);
    return;
  }
  const temp = await mkdtemp(join(tmpdir(), 'cairn-download-'));
  try {
    const zipPath = join(temp, 'files.zip');
    await save(await workspace.files.archive(id, o.prefix), zipPath, false, `Downloading ${id}`);
    await unpack(zipPath, resolve(o.outDir), o.overwrite ?? false, `run ${id}${o.prefix ? ` under ${o.prefix}` : ''}`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Writes a download to a file with a progress bar. */
async function save(stream: DownloadStream, path: string, overwrite: boolean, label: string): Promise<void> {
  const progress = byteProgress(label);
  let received = 0;
  stream.on('data', (chunk: Buffer) => progress.update((received += chunk.length), stream.contentLength));
  try {
    await pipeline(stream, createWriteStream(path, { flags: overwrite ? 'w' : 'wx' }));
  } finally {
    progress.stop();
  }
}

async function unpack(zipPath: string, dir: string, overwrite: boolean, what: string): Promise<void> {
  const plan = await planArchive(zipPath, dir);
  try {
    if (plan.files.length === 0) return note(`No files in ${what}`);
    if (!overwrite) await refuseIfExists(plan.files.map((f) => f.destination));
    const total = await extractWithProgress(plan, dir, overwrite);
    note(`Downloaded ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} (${formatBytes(total)}) of ${what} to ${dir}`);
  } finally {
    plan.zip.close();
  }
}

async function extractWithProgress(plan: ArchivePlan, dir: string, overwrite: boolean): Promise<number> {
  const total = plan.files.reduce((sum, f) => sum + f.size, 0);
  const progress = byteProgress('Unpacking');
  let done = 0;
  try {
    await extractArchive(plan, dir, overwrite, (n) => progress.update((done += n), total));
  } finally {
    progress.stop();
  }
  return total;
}

async function refuseIfExists(paths: string[]): Promise<void> {
  const found = (await Promise.all(paths.map((p) => access(p).then(() => p, () => undefined)))).filter((p) => p !== undefined);
  if (found.length === 0) return;
  const listed = found.slice(0, 5).join(', ') + (found.length > 5 ? ` and ${found.length - 5} more` : '');
  throw new CliError('FILE_EXISTS', `would overwrite ${listed}`, exitCodes.conflict, 'add --overwrite to replace them, or choose another directory with -o DIR');
}
