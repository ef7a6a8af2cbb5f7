/** Which Python interpreter an environment starts from. */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { CairnError, type EnvironmentSpec } from '@cairn/api';

const DEBIAN_PYTHON = '/usr/bin/python3';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named `name` on PATH, or null. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The node's Python: Debian's `/usr/bin/python3` when present, else `python3` on PATH. */
export function systemPython(): string {
  return isExecutable(DEBIAN_PYTHON) ? DEBIAN_PYTHON : (onPath('python3') ?? 'python3');
}

/**
 * The interpreter a spec asks for: its `interpreter` path, else `python<version>` on PATH (or the
 * system Python when that is the version asked), else the system Python.
 */
export function baseInterpreter(python: EnvironmentSpec['python'], systemVersion: string | null): string {
  if (python.interpreter) {
    const found = python.interpreter.includes('/') ? (isExecutable(python.interpreter) ? python.interpreter : null) : onPath(python.interpreter);
    if (found) return found;
    throw new CairnError('ENVIRONMENT_BUILD_FAILED', `the interpreter ${python.interpreter} named by the environment does not exist on this node`);
  }
  const version = python.version;
  if (!version) return systemPython();
  if (systemVersion !== null && (systemVersion === version || systemVersion.startsWith(`${version}.`))) return systemPython();
  const minor = /^(\d+\.\d+)/.exec(version)?.[1];
  const found = minor ? onPath(`python${minor}`) : null;
  if (found) return found;
  throw new CairnError('ENVIRONMENT_BUILD_FAILED', `Python ${version} is not installed on this node (it has ${systemVersion ?? 'an unknown version'} at ${systemPython()}); install python${minor ?? version} or name an interpreter`);
}

/** `X.Y.Z` of an interpreter, or null when it does not answer. */
export async function pythonVersion(python: string): Promise<string | null> {
  const run = promisify(execFile);
  return run(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']).then((r) => r.stdout.trim(), () => null);
}
