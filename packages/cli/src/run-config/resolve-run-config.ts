/**
 * The run configuration of a submit: the file (Cairn YAML or v1 `.runconfig`) with the flags over it,
 * checked whole, and the script found inside the source directory. Everything here runs before any
 * byte is uploaded, so bad input never creates a run.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RunConfigSchema, type RunConfig } from '@cairn/api';
import { CliError, exitCodes, UsageError } from '../errors.js';
import { issueError, readRunConfig, type RunConfigFile } from './parse-run-config.js';
import { RunConfigError } from './run-config-error.js';

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

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);
const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/** Resolves and checks the run configuration of a submit. */
export async function resolveRunConfig(flags: RunConfigFlags, cwd = process.cwd()): Promise<ResolvedRunConfig> {
  const sourceDir = resolve(cwd, flags.sourceDir ?? '.');
  if (!(await isDir(sourceDir))) {
    throw new CliError('SOURCE_DIR_NOT_FOUND', `source directory ${flags.sourceDir ?? sourceDir} does not exist or is not a directory`, exitCodes.usage, 'pass the folder that holds your code with --source-dir DIR');
  }
  const file = flags.runConfig === undefined ? null : await findRunConfig(flags.runConfig, sourceDir, cwd);
  const fromFile: RunConfigFile = file === null ? {} : await readRunConfig(file, flags.runConfig!);
  const merged = { ...fromFile, ...definedFlags(flags) };
  if (merged.script === undefined) throw new UsageError('no script to run', 'name it: `cairn run submit-script train.py -e EXPERIMENT`, or set `script:` in the run configuration');
  const parsed = RunConfigSchema.safeParse(merged);
  if (!parsed.success) throw issueError(parsed.error.issues[0]!, 'command line');
  const script = await checkScript(parsed.data.script, sourceDir);
  return { sourceDir, runConfig: { ...parsed.data, script }, file };
}

function definedFlags(flags: RunConfigFlags): RunConfigFile {
  const out: RunConfigFile = {};
  if (flags.script !== undefined) out.script = flags.script;
  if (flags.arguments !== undefined && flags.arguments.length > 0) out.arguments = flags.arguments;
  if (flags.compute !== undefined) out.compute = flags.compute;
  if (flags.environment !== undefined) out.environment = flags.environment;
  return out;
}

/** A run configuration path as given, else v1's places for a named one (`.azureml/NAME.runconfig`, `aml_config/`). */
async function findRunConfig(given: string, sourceDir: string, cwd: string): Promise<string> {
  const candidates = [resolve(cwd, given), ...['aml_config', '.azureml'].flatMap((d) => [join(sourceDir, d, given), join(sourceDir, d, `${given}.runconfig`)])];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  throw new RunConfigError(given, null, `not found (looked for ${given}, and for .azureml/${given}.runconfig in ${sourceDir})`);
}

/** The script as a `/`-separated path inside the source directory; it must exist there. */
async function checkScript(script: string, sourceDir: string): Promise<string> {
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
