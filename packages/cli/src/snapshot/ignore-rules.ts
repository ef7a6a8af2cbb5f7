/**
 * Which files of a source directory stay out of a snapshot, as v1 decides (reference §5): the root's
 * `.amlignore` if it exists, else the root's `.gitignore`, never both, in gitignore syntax; `.git/`
 * is always skipped.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The rules of one source directory. */
export interface IgnoreRules {
  /** The file the rules came from, or null when there is none. */
  source: '.amlignore' | '.gitignore' | null;
  /** Whether a `/`-separated path relative to the source directory is left out (`dir` for folders). */
  ignores(path: string, dir: boolean): boolean;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads the ignore rules of a source directory. */
export async function loadIgnoreRules(sourceDir: string): Promise<IgnoreRules> {
  const aml = await readIfExists(join(sourceDir, '.amlignore'));
  const git = aml === null ? await readIfExists(join(sourceDir, '.gitignore')) : null;
  const text = aml ?? git;
  const source = aml !== null ? '.amlignore' : git !== null ? '.gitignore' : null;
  const isGit = (path: string) => path === '.git' || path.startsWith('.git/');
  // Without rules the matcher would still check every path: 2,000 calls a submit does not need.
  if (!text?.trim()) return { source, ignores: isGit };
  // The matcher's module is loaded only for a directory that has rules.
  const { default: ignore } = await import('ignore');
  const matcher = ignore().add(text);
  return { source, ignores: (path, dir) => isGit(path) || matcher.ignores(dir ? `${path}/` : path) };
}
