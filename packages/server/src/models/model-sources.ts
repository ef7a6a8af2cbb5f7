/**
 * Where a model version's files come from. From a run: a file keeps its name, a folder keeps its tree
 * under the folder's name, and the run's content-addressed blobs are referenced, not copied. From local
 * files: blobs this workspace holds (uploaded with `PUT /blobs/{sha256}`), under paths that start with the file or folder name.
 */
import { InputError, type ModelFile } from '@cairn/api';
import { checkRunFilePath } from '../files/file-paths.js';
import type { RunFileStore } from '../files/run-file-store.js';
import type { ModelStore } from './model-store.js';

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The files of run path `path`: that one file, or every file under it as a folder. */
export async function filesFromRun(runFiles: RunFileStore, runId: string, path: string): Promise<ModelFile[]> {
  const clean = path.replace(/\/+$/, '');
  checkRunFilePath(clean);
  const file = await runFiles.get(runId, clean);
  if (file) return [{ path: baseName(clean), sha256: file.sha256, size: file.size }];
  const under = await runFiles.list(runId, { prefix: `${clean}/` });
  if (under.length === 0) {
    const message = `run ${runId} has no file or folder at ${clean}; list its files with \`cairn run files ${runId}\` (a model from a run names an uploaded path such as outputs/model.pkl)`;
    throw new InputError('MODEL_FILES_MISSING', message, { runId, path: clean });
  }
  const root = baseName(clean);
  return under.map((f) => ({ path: `${root}/${f.path.slice(clean.length + 1)}`, sha256: f.sha256, size: f.size }));
}

/** Checks uploaded files: safe relative paths under one top-level name, no duplicates, every blob uploaded here. */
export async function filesFromUploads(store: ModelStore, workspaceId: number, files: { path: string; sha256: string }[]): Promise<ModelFile[]> {
  files.forEach((f) => checkRunFilePath(f.path));
  const roots = new Set(files.map((f) => f.path.split('/')[0]));
  if (roots.size > 1) throw new InputError('INVALID_INPUT', `model files must sit under one file or folder name, got ${[...roots].slice(0, 5).join(', ')}`);
  const paths = new Set<string>();
  for (const f of files) {
    if (paths.has(f.path)) throw new InputError('INVALID_INPUT', `model file ${f.path} is listed twice`);
    paths.add(f.path);
  }
  const known = await store.knownBlobs(workspaceId, files.map((f) => f.sha256));
  const missing = [...new Set(files.filter((f) => !known.has(f.sha256)).map((f) => f.sha256))];
  if (missing.length > 0) {
    throw new InputError('MODEL_FILES_MISSING', `${missing.length} model file(s) not uploaded to this workspace yet: upload them (PUT /workspaces/{workspace}/blobs/{sha256}) and register again`, { missing });
  }
  return files.map((f) => ({ path: f.path, sha256: f.sha256, size: known.get(f.sha256)! }));
}
