/**
 * Reads a run configuration file: Cairn's YAML (snake_case, see `template.ts`) or v1's camelCase
 * `.runconfig` (YAML or JSON, reference §4.3). Every problem names the file, the field and the rule.
 */
import { readFile } from 'node:fs/promises';
import { RunConfigSchema, type RunConfigInput } from '@cairn/api';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { fieldName, RunConfigError } from './run-config-error.js';
import { coerceStrings } from './coerce.js';
import { fromV1, looksLikeV1 } from './v1-run-config.js';

/** A run configuration as read from a file: every field optional, since flags may fill them in. */
export type RunConfigFile = Partial<RunConfigInput>;

const FileSchema = RunConfigSchema.partial();

/** Parses the text of a run configuration file; `name` is how errors refer to it. */
export function parseRunConfig(text: string, name: string): RunConfigFile {
  const doc = parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    throw new RunConfigError(at ? `${name}:${at.line}:${at.col}` : name, null, `not valid YAML: ${syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new RunConfigError(name, null, 'must be a mapping of fields (script: train.py, …)');
  const fields = looksLikeV1(name, data as Record<string, unknown>) ? fromV1(data as Record<string, unknown>, name) : coerceStrings(data as Record<string, unknown>);
  return check(fields, name);
}

/** Reads and parses a run configuration file. */
export async function readRunConfig(path: string, shownAs = path): Promise<RunConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RunConfigError(shownAs, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseRunConfig(text, shownAs);
}

/** Validates fields against the schema; the first problem becomes the error. */
function check(fields: Record<string, unknown>, name: string): RunConfigFile {
  const result = FileSchema.safeParse(fields);
  if (result.success) return fields as RunConfigFile;
  throw issueError(result.error.issues[0]!, name);
}

/** The error for one zod issue, in words a user of the file understands. */
export function issueError(issue: z.core.$ZodIssue, name: string): RunConfigError {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(RunConfigSchema.shape).join(', ');
    const where = issue.path.length ? `${fieldName(issue.path)}.` : '';
    return new RunConfigError(name, `${where}${issue.keys[0]}`, `unknown field (known fields: ${where ? 'see `cairn run config init`' : known})`);
  }
  // A bad record key (a variable name) carries its rule one level down.
  const rule = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return new RunConfigError(name, fieldName(issue.path) || null, rule);
}
