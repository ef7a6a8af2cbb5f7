/**
 * Prepares the Python a run starts with. `system` (null) is the node's Python as is; any other
 * environment is a virtualenv built once per content hash under `cacheDir/envs/<hash>` and reused by
 * every run with that hash. Concurrent preparations of one hash wait for a single build.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvironmentSpec } from '@cairn/api';
import { buildVirtualenv } from './build.js';
import { BuildLogTail, teeToBuildLog } from './build-log.js';
import { withLock } from './lock.js';
import { systemPython } from './python.js';

export interface PrepareOptions {
  /** The node's cache; environments live under `envs/`. */
  cacheDir: string;
  /** Receives the preparation's log, pip's output included, line by line. */
  log: (line: string) => void;
  signal?: AbortSignal;
}

export interface PreparedEnvironment {
  /** The interpreter to start the script with. */
  python: string;
  /** Variables to add to the run's environment (the spec's variables, VIRTUAL_ENV and PATH). */
  env: Record<string, string>;
  /** Whether a virtualenv was built by this call (false: reused, or the system Python). */
  built: boolean;
}

/** Written last into a finished environment: a directory without it is not an environment. */
export const READY_FILE = '.cairn-ready.json';

/** Where the environment of a hash lives on a node. */
export function environmentDir(cacheDir: string, hash: string): string {
  return join(cacheDir, 'envs', hash);
}

async function isReady(dir: string): Promise<boolean> {
  return readFile(join(dir, READY_FILE), 'utf8').then(() => true, () => false);
}

function prepared(spec: EnvironmentSpec, dir: string, built: boolean): PreparedEnvironment {
  const bin = join(dir, 'bin');
  return { python: join(bin, 'python'), env: { ...spec.variables, VIRTUAL_ENV: dir, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` }, built };
}

/** The Python a run starts with, building its environment first when this node lacks it. */
export async function prepareEnvironment(spec: EnvironmentSpec | null, opts: PrepareOptions): Promise<PreparedEnvironment> {
  if (spec === null) {
    const python = systemPython();
    opts.log(`environment system: using the node's Python as is (${python})`);
    return { python, env: {}, built: false };
  }
  const label = `${spec.name}:${spec.version}`;
  if (spec.docker) opts.log(`environment ${label}: docker image ${spec.docker.image} is recorded but not used (no container engine on this node)`);
  const dir = environmentDir(opts.cacheDir, spec.hash);
  if (await isReady(dir)) {
    opts.log(`environment ${label}: reusing ${dir}`);
    return prepared(spec, dir, false);
  }
  await mkdir(join(opts.cacheDir, 'envs'), { recursive: true });
  const logPath = `${dir}.build.log`;
  let tail: BuildLogTail | null = null;
  const onWait = (owner: string): void => {
    opts.log(`environment ${label}: waiting for the build by ${owner}; its log follows`);
    tail = new BuildLogTail(logPath, (line) => opts.log(`[build by ${owner}] ${line}`));
    tail.start();
  };
  const built = await withLock(`${dir}.lock`, async () => {
    await (tail as BuildLogTail | null)?.stop();
    if (await isReady(dir)) return false;
    await buildInPlace(spec, dir, { ...opts, log: teeToBuildLog(logPath, opts.log) });
    return true;
  }, { onWait, ...(opts.signal ? { signal: opts.signal } : {}) }).finally(() => (tail as BuildLogTail | null)?.stop());
  if (!built) opts.log(`environment ${label}: reusing ${dir}, built meanwhile by another preparation`);
  return prepared(spec, dir, built);
}

/**
 * Builds into the final directory, marking it ready only at the end. Building elsewhere and renaming
 * would leave the temporary path in every script's shebang (venvs are not relocatable); instead a
 * directory without the ready file is removed before a build and on failure, so no half-built
 * environment is ever used.
 */
async function buildInPlace(spec: EnvironmentSpec, dir: string, opts: PrepareOptions): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const started = Date.now();
  try {
    await buildVirtualenv(spec, dir, opts);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const ready = { hash: spec.hash, name: spec.name, version: spec.version, builtAt: new Date().toISOString(), durationMs: Date.now() - started };
  await writeFile(join(dir, `${READY_FILE}.tmp`), JSON.stringify(ready));
  await rename(join(dir, `${READY_FILE}.tmp`), join(dir, READY_FILE));
  opts.log(`environment ${spec.name}:${spec.version}: built in ${((Date.now() - started) / 1000).toFixed(1)} s at ${dir}`);
}
