/**
 * The run configuration of a submit: the file (Cairn YAML or v1 `.runconfig`) with the flags over it,
 * checked whole, and the script found inside the source directory. Everything here runs before any
 * byte is uploaded, so bad input never creates a run.
 */
import { join, resolve } from 'node:path';
import { RunConfigSchema } from '@cairn/api';
import { UsageError } from '../errors.js';
import { rememberRunConfig } from './known-run-config.js';
import { issueError, readRunConfig, type RunConfigFile } from './parse-run-config.js';
import { RunConfigError } from './run-config-error.js';
import { checkScript, definedFlags, isFile, sourceDirOf, type ResolvedRunConfig, type RunConfigFlags } from './run-config-paths.js';

export type { ResolvedRunConfig, RunConfigFlags } from './run-config-paths.js';

/** Resolves and checks the run configuration of a submit. */
export async function resolveRunConfig(flags: RunConfigFlags, cwd = process.cwd()): Promise<ResolvedRunConfig> {
  const sourceDir = await sourceDirOf(flags, cwd);
  const file = flags.runConfig === undefined ? null : await findRunConfig(flags.runConfig, sourceDir, cwd);
  const fromFile: RunConfigFile = file === null ? {} : await readRunConfig(file, flags.runConfig!);
  const merged = { ...fromFile, ...definedFlags(flags) };
  if (merged.script === undefined) throw new UsageError('no script to run', 'name it: `cairn run submit-script train.py -e EXPERIMENT`, or set `script:` in the run configuration');
  const parsed = RunConfigSchema.safeParse(merged);
  if (!parsed.success) throw issueError(parsed.error.issues[0]!, 'command line');
  const script = await checkScript(parsed.data.script, sourceDir);
  if (file === null) await rememberRunConfig(merged, parsed.data);
  return { sourceDir, runConfig: { ...parsed.data, script }, file };
}

/** A run configuration path as given, else v1's places for a named one (`.azureml/NAME.runconfig`, `aml_config/`). */
async function findRunConfig(given: string, sourceDir: string, cwd: string): Promise<string> {
  const candidates = [resolve(cwd, given), ...['aml_config', '.azureml'].flatMap((d) => [join(sourceDir, d, given), join(sourceDir, d, `${given}.runconfig`)])];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  throw new RunConfigError(given, null, `not found (looked for ${given}, and for .azureml/${given}.runconfig in ${sourceDir})`);
}
