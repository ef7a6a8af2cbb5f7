/**
 * What a submit will upload: the source directory's files after the ignore rules, with their hashes,
 * checked against the size limit before anything leaves the machine.
 */
import type { SnapshotFile } from '@cairn/api';
import { CliError, exitCodes } from '../errors.js';
import { formatBytes } from '../format.js';
import { trace } from '../trace.js';
import { HashCache } from './hash-cache.js';
import { loadIgnoreRules } from './ignore-rules.js';
import { listSourceFiles, type SourceFile } from './walk.js';

/** The default limit, v1's (reference §5). */
export const DEFAULT_MAX_SNAPSHOT_MB = 300;

/** A source directory ready to upload. */
export interface SnapshotPlan {
  sourceDir: string;
  ignoreSource: '.amlignore' | '.gitignore' | null;
  files: Array<SnapshotFile & { absolute: string }>;
  size: number;
  /** Files and bytes read to hash (0 when the cache knew them all). */
  filesRead: number;
  bytesRead: number;
}

/** Lists the files that go into the snapshot and refuses over the limit, naming the largest files. */
export async function listSnapshotFiles(sourceDir: string, maxMb: number): Promise<{ files: SourceFile[]; ignoreSource: SnapshotPlan['ignoreSource'] }> {
  const rules = await loadIgnoreRules(sourceDir);
  const files = await listSourceFiles(sourceDir, rules);
  const size = files.reduce((sum, f) => sum + f.size, 0);
  if (size > maxMb * 1024 * 1024) throw tooLarge(sourceDir, files, size, maxMb, rules.source);
  return { files, ignoreSource: rules.source };
}

/** Lists, checks and hashes a source directory (the hash cache spares unchanged files). */
export async function planSnapshot(sourceDir: string, maxMb: number, onRead?: (bytes: number) => void): Promise<SnapshotPlan> {
  const { files, ignoreSource } = await listSnapshotFiles(sourceDir, maxMb);
  trace(`${files.length} files listed`);
  const cache = await HashCache.open(sourceDir);
  const hashed = await cache.hash(files, onRead);
  await cache.save(files);
  const planned = files.map((f) => ({ path: f.path, sha256: hashed.sha256.get(f.path)!, size: f.size, mode: f.mode, absolute: f.absolute }));
  const size = files.reduce((sum, f) => sum + f.size, 0);
  return { sourceDir, ignoreSource, files: planned, size, filesRead: hashed.filesRead, bytesRead: hashed.bytesRead };
}

function tooLarge(sourceDir: string, files: SourceFile[], size: number, maxMb: number, ignoreSource: string | null): CliError {
  const largest = [...files].sort((a, b) => b.size - a.size).slice(0, 10);
  const listed = largest.map((f) => `  ${formatBytes(f.size).padStart(10)}  ${f.path}`).join('\n');
  const ignoreFile = ignoreSource ?? '.amlignore';
  const message = `the snapshot of ${sourceDir} is ${formatBytes(size)} in ${files.length} files, over the limit of ${maxMb} MB; the largest files:\n${listed}`;
  const hint = `leave files out by listing them (or their folders, e.g. data/) in ${ignoreFile} at the root of the source directory`
    + `${ignoreSource === null ? ' (gitignore syntax)' : ''}, or raise the limit with --max-snapshot-mb N`;
  return new CliError('SNAPSHOT_TOO_LARGE', message, exitCodes.usage, hint);
}
