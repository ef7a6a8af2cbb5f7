/** How models are named on the wire: `N`, `N:V`, `N@alias`; list filters `k` / `k=v`; list cursors. */
import { InputError, MODEL_NAME, ALIAS_NAME } from '@cairn/api';

/** A parsed model reference: the newest version, one version, or the version an alias points at. */
export type ModelRef = { name: string; version: number | null; alias: null } | { name: string; version: null; alias: string };

const NAME_RULE = '1-255 characters: letters, digits, "-", "." and "_", starting with a letter or digit';

/** Parses `N`, `N:V` or `N@alias` (`N@latest` is the newest version); INVALID_NAME / INVALID_INPUT say what is wrong. */
export function parseModelRef(ref: string): ModelRef {
  const at = ref.lastIndexOf('@');
  const colon = ref.lastIndexOf(':');
  const name = at >= 0 ? ref.slice(0, at) : colon >= 0 ? ref.slice(0, colon) : ref;
  if (!MODEL_NAME.test(name)) throw new InputError('INVALID_NAME', `invalid model name ${JSON.stringify(name)}: use ${NAME_RULE}`);
  if (at >= 0) {
    const alias = ref.slice(at + 1);
    if (alias === 'latest') return { name, version: null, alias: null };
    if (!ALIAS_NAME.test(alias)) throw new InputError('INVALID_NAME', `invalid alias ${JSON.stringify(alias)} in ${JSON.stringify(ref)}: an alias starts with a letter, then letters, digits, "_" or "-"`);
    return { name, version: null, alias };
  }
  if (colon < 0) return { name, version: null, alias: null };
  const version = ref.slice(colon + 1);
  if (!/^[1-9]\d{0,8}$/.test(version)) throw new InputError('INVALID_INPUT', `invalid model version ${JSON.stringify(version)} in ${JSON.stringify(ref)}: use NAME:VERSION with a version from 1`);
  return { name, version: Number(version), alias: null };
}

/** Shows a reference the way a user typed it. */
export function showRef(ref: ModelRef): string {
  return ref.alias !== null ? `${ref.name}@${ref.alias}` : ref.version !== null ? `${ref.name}:${ref.version}` : ref.name;
}

/** `k` → `[k]`, `k=v` → `[k, v]` (split at the first `=`). */
export function parseFilterItem(item: string): [string, string?] {
  const eq = item.indexOf('=');
  return eq < 0 ? [item] : [item.slice(0, eq), item.slice(eq + 1)];
}

/** The cursor after a listed version. */
export function encodeCursor(after: { name: string; version: number }): string {
  return Buffer.from(JSON.stringify([after.name, after.version])).toString('base64url');
}

/** Reads a cursor made by `encodeCursor`; INVALID_INPUT otherwise. */
export function decodeCursor(cursor: string): { name: string; version: number } {
  try {
    const [name, version] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && Number.isInteger(version)) return { name, version: version as number };
  } catch {
    // Falls through to the error below: a cursor is opaque, so any damage reads the same.
  }
  throw new InputError('INVALID_INPUT', 'invalid cursor: pass nextCursor from the previous page unchanged');
}
