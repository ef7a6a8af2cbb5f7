/** Lists the files of a source directory that go into a snapshot, skipping what the ignore rules leave out. */
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { IgnoreRules } from './ignore-rules.js';

/** A file found in the source directory. */
export interface SourceFile {
  /** Relative to the source directory, `/`-separated. */
  path: string;
  absolute: string;
  size: number;
  mtimeMs: number;
  /** The inode: a file replaced by another with the same size and time is told apart by it. */
  ino: number;
  /** Permission bits: 0o755 when the owner may execute it, else 0o644. */
  mode: number;
}

/**
 * Every file under `root` that the rules keep, in path order. Symbolic links to files count as files.
 * The listing is synchronous on purpose: 2,000 `statSync` calls cost a fresh CLI process a third of
 * what 2,000 promises cost (ADR 17), and nothing else waits on the event loop meanwhile.
 */
export async function listSourceFiles(root: string, rules: IgnoreRules): Promise<SourceFile[]> {
  const base = resolve(root);
  const files: SourceFile[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir === '' ? base : `${base}/${dir}`, { withFileTypes: true })) visit(base, dir, entry, rules, files, pending);
  }
  return sortByUtf8(files);
}

function visit(base: string, dir: string, entry: Dirent, rules: IgnoreRules, files: SourceFile[], pending: string[]): void {
  const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
  const absolute = `${base}/${path}`;
  // Linked folders are skipped: following them could leave the source directory or loop.
  const linked = entry.isSymbolicLink() ? statSync(absolute, { throwIfNoEntry: false }) : undefined;
  const isDir = entry.isDirectory();
  const isFile = entry.isFile() || (linked?.isFile() ?? false);
  if ((!isDir && !isFile) || rules.ignores(path, isDir)) return;
  if (isDir) return void pending.push(path);
  const s: Stats = linked ?? statSync(absolute);
  files.push({ path, absolute, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, mode: s.mode & 0o100 ? 0o755 : 0o644 });
}

/** In UTF-8 byte order, as the snapshot id needs. */
function sortByUtf8(files: SourceFile[]): SourceFile[] {
  // Below U+D800, UTF-16 code units order strings as UTF-8 bytes do: the common case compares strings.
  if (files.every((f) => !/[\uD800-\uFFFF]/.test(f.path))) return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Each path encoded once (not twice per comparison: 2,000 files make 40,000).
  const keyed = files.map((file) => ({ file, key: Buffer.from(file.path) }));
  return keyed.sort((a, b) => Buffer.compare(a.key, b.key)).map(({ file }) => file);
}
