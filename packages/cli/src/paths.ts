/** Where downloaded files may go: never outside the directory the user named. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The absolute destination of an archive entry or server file path inside `dir`, or undefined when the
 * name would escape it (absolute, `..`, drive letters, backslashes, NUL) — a zip-slip guard.
 */
export function safeDestination(dir: string, name: string): string | undefined {
  if (name === '' || name.includes('\0') || name.includes('\\') || isAbsolute(name) || /^[a-zA-Z]:/.test(name)) return undefined;
  if (name.split('/').includes('..')) return undefined;
  const root = resolve(dir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return target;
}

/** Expands a leading `~/` to the home directory, as a shell would for `--data=~/x`. */
export function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? resolve(home, path.slice(2)) : path;
}
