/**
 * The parts of resolving a submit's run configuration that need no schema: the flags, the source
 * directory and the script inside it. Kept apart from resolve-run-config.ts so that a run
 * configuration the CLI checked before (known-run-config.ts) is resolved without loading zod.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RunConfig } from '@cairn/api';
import { CliError, exitCodes } from '../errors.js';
import type { RunConfigFile } from './parse-run-config.js';

/** What the command line says about the run configuration. */
export interface RunConfigFlags {
  script?: string;
  /** Arguments after `--`; when given they replace the file's. */
  arguments?: string[];
  sourceDir?: string;
  runConfig?: string;
  compute?: string;
  environment?: string;
}

/** A checked run configuration and where its code is. */
export interface ResolvedRunConfig {
  sourceDir: string;
  runConfig: RunConfig;
  /** The file it came from, if any, as found. */
  file: string | null;
}

export const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);
export const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/** The source directory as an absolute path; it must exist. */
export async function sourceDirOf(flags: RunConfigFlags, cwd: string): Promise<string> {
  const sourceDir = resolve(cwd, flags.sourceDir ?? '.');
  if (!(await isDir(sourceDir))) {
    throw new CliError('SOURCE_DIR_NOT_FOUND', `source directory ${flags.sourceDir ?? sourceDir} does not exist or is not a directory`, exitCodes.usage, 'pass the folder that holds your code with --source-dir DIR');
  }
  return sourceDir;
}

/** The run configuration fields the flags set. */
export function definedFlags(flags: RunConfigFlags): RunConfigFile {
  const out: RunConfigFile = {};
  if (flags.script !== undefined) out.script = flags.script;
  if (flags.arguments !== undefined && flags.arguments.length > 0) out.arguments = flags.arguments;
  if (flags.compute !== undefined) out.compute = flags.compute;
  if (flags.environment !== undefined) out.environment = flags.environment;
  return out;
}

/** The script as a `/`-separated path inside the source directory; it must exist there. */
export async function checkScript(script: string, sourceDir: string): Promise<string> {
  const absolute = resolve(sourceDir, script);
  const rel = relative(sourceDir, absolute);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new CliError('SCRIPT_OUTSIDE_SOURCE_DIR', `script ${script} is outside the source directory ${sourceDir}`, exitCodes.usage,
      'the script must be inside the source directory: pass --source-dir with a folder that contains it');
  }
  if (!(await isFile(absolute))) {
    throw new CliError('SCRIPT_NOT_FOUND', `script ${script} does not exist in the source directory ${sourceDir}`, exitCodes.usage,
      'the script path is relative to --source-dir (default: the current directory)');
  }
  return rel.split(sep).join('/');
}
