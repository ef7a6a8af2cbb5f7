/**
 * `cairn model register`: from a run's files (`--run RUN_ID --path outputs/model.pkl`, nothing is
 * uploaded) or from a local file or folder, hashed and uploaded only where the workspace lacks the bytes.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { CairnError, modelFrameworks, type Model, type ModelFramework } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import { Option, type Command } from 'commander';
import { connect } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { formatBytes } from '../format.js';
import { parsePairs } from '../options.js';
import { note, printData, withOutput } from '../output.js';
import { byteProgress } from '../progress.js';
import { hashFile } from '../snapshot/hash-cache.js';
import { modelFields } from './model-format.js';

interface RegisterOptions {
  name: string;
  run?: string;
  path?: string;
  framework?: ModelFramework;
  frameworkVersion?: string;
  tag: string[];
  property: string[];
  description?: string;
  dataset: string[];
}

/** A local file to upload: its model path (under the file or folder name), where it is, size and hash. */
interface LocalFile {
  path: string;
  absolute: string;
  size: number;
  sha256: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `cairn model register`. */
export function registerRegister(model: Command): void {
  withOutput(model.command('register').description('Register a new version of a model from a run output or a local file or folder'))
    .requiredOption('-n, --name <name>', 'model name (versions count up from 1 per name)')
    .option('--run <run-id>', 'register from this run; --path is then a path among its files, e.g. outputs/model.pkl')
    .option('--path <path>', 'the file or folder: in the run with --run, on this machine otherwise')
    .addOption(new Option('--framework <framework>', 'model framework').choices([...modelFrameworks]))
    .option('--framework-version <version>', 'framework version, e.g. 1.3.2 (needs --framework)')
    .option('--tag <key=value>', 'a tag; repeat for more', collect, [])
    .option('--property <key=value>', 'a write-once property; repeat for more', collect, [])
    .option('--description <text>', 'what the model is')
    .option('--dataset <ref>', 'a dataset the model was trained on; repeat for more', collect, [])
    .action(async (o: RegisterOptions, cmd: Command) => register(cmd, o));
}

async function register(cmd: Command, o: RegisterOptions): Promise<void> {
  if (!o.run && !o.path) throw new UsageError('say where the model is', 'use --run RUN_ID --path outputs/model.pkl, or --path LOCAL_FILE_OR_DIR');
  const { workspace } = await connect(cmd);
  const common = {
    name: o.name, framework: o.framework, frameworkVersion: o.frameworkVersion, description: o.description,
    tags: parsePairs(o.tag), properties: parsePairs(o.property), datasets: o.dataset,
  };
  note(`Registering model ${o.name}`);
  const model = o.run
    ? await workspace.models.register({ ...common, runId: o.run, path: o.path })
    : await registerLocal(workspace, common, o.path!);
  printData(cmd, model, (m: Model) => modelFields(m));
}

async function registerLocal(workspace: WorkspaceClient, common: Parameters<WorkspaceClient['models']['register']>[0], path: string): Promise<Model> {
  const files = await localFiles(resolve(path));
  await uploadMissing(workspace, files);
  return workspace.models.register({ ...common, files: files.map(({ path: p, sha256 }) => ({ path: p, sha256 })) });
}

/** A file as `[name]`, a folder as every regular file under it as `name/…`; symlinks and specials are refused. */
export async function localFiles(root: string): Promise<LocalFile[]> {
  const info = await lstat(root).catch(() => null);
  if (!info) throw new CliError('PATH_NOT_FOUND', `no file or folder at ${root}`, 2, 'check --path; with --run it names a path among the run files');
  const name = basename(root);
  if (info.isFile()) return [{ path: name, absolute: root, size: info.size, sha256: await hashFile(root) }];
  if (!info.isDirectory()) throw new UsageError(`${root} is neither a file nor a folder`);
  const entries = (await readdir(root, { recursive: true, withFileTypes: true })).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)));
  const files: LocalFile[] = [];
  for (const entry of entries) {
    const absolute = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) continue;
    if (!entry.isFile()) throw new UsageError(`${absolute} is not a regular file (a symlink or a special file); models hold regular files only`);
    const size = (await lstat(absolute)).size;
    files.push({ path: `${name}/${relative(root, absolute).split(sep).join('/')}`, absolute, size, sha256: await hashFile(absolute) });
  }
  if (files.length === 0) throw new UsageError(`${root} holds no files`);
  return files;
}

async function uploadMissing(workspace: WorkspaceClient, files: LocalFile[]): Promise<void> {
  const missing = new Set(await workspace.blobs.missing([...new Set(files.map((f) => f.sha256))]));
  const toSend = [...new Map(files.filter((f) => missing.has(f.sha256)).map((f) => [f.sha256, f])).values()];
  const total = toSend.reduce((sum, f) => sum + f.size, 0);
  const progress = byteProgress('Uploading');
  let sent = 0;
  try {
    for (const file of toSend) {
      let reported = 0;
      const onProgress = (n: number) => {
        sent += n - reported;
        reported = n;
        progress.update(sent, total);
      };
      await workspace.blobs.upload(file.sha256, createReadStream(file.absolute), { size: file.size, onProgress }).catch((error: unknown) => {
        if (error instanceof CairnError && error.code === 'HASH_MISMATCH') throw new CliError('FILE_CHANGED', `${file.absolute} changed while it was being uploaded`, 1, 'register again once the file is written');
        throw error;
      });
    }
  } finally {
    progress.stop();
  }
  if (toSend.length > 0) note(`Uploaded ${toSend.length} file${toSend.length === 1 ? '' : 's'} (${formatBytes(total)})`);
}
