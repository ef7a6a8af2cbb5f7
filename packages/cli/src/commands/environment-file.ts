/**
 * Reads an environment file: Cairn's YAML (`python`, `pip`, `pip_options`, `conda_dependencies`,
 * `environment_variables`, `docker`, `system_site_packages`) or a v1 conda `environment.yml`
 * (`channels`, `dependencies: [python=3.x, numpy, {pip: [...]}]`). Every problem names the file and the field.
 */
import { readFile } from 'node:fs/promises';
import type { CondaSpec, EnvironmentDefinition } from '@cairn/api';
import { parseDocument } from 'yaml';
import { CliError, exitCodes } from '../errors.js';

/** An environment file that cannot be used (exit 2): names the file, the field and the rule. */
export class EnvironmentFileError extends CliError {
  constructor(file: string, field: string | null, rule: string) {
    super('INVALID_ENVIRONMENT_FILE', `${file}: ${field === null ? '' : `field ${field}: `}${rule}`, exitCodes.usage,
      'fix the file; see `cairn environment create --help` for the fields');
  }
}

type Fields = Record<string, unknown>;
const KNOWN = ['python', 'pip', 'pip_options', 'conda_dependencies', 'environment_variables', 'docker', 'system_site_packages', 'name'];
const isMap = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the text of an environment file; `file` is how errors refer to it. */
export function parseEnvironmentFile(text: string, file: string): EnvironmentDefinition {
  const doc = parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    throw new EnvironmentFileError(at ? `${file}:${at.line}:${at.col}` : file, null, `not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS() ?? {};
  if (!isMap(data)) throw new EnvironmentFileError(file, null, 'must be a mapping of fields (python:, pip:, …)');
  if ('dependencies' in data && !('pip' in data)) return fromCondaFile(data, file);
  const unknown = Object.keys(data).filter((k) => !KNOWN.includes(k));
  if (unknown.length > 0) throw new EnvironmentFileError(file, unknown[0]!, `is not a field of an environment file; use ${KNOWN.filter((k) => k !== 'name').join(', ')}`);
  const conda = data.conda_dependencies === undefined || data.conda_dependencies === null ? null : condaOf(data.conda_dependencies, file, 'conda_dependencies');
  const python = pythonOf(data.python, file);
  return {
    python: conda?.python && !python.version && !python.interpreter ? { version: conda.python } : python,
    pip: [...(conda?.pip ?? []), ...strings(data.pip, file, 'pip', 'a requirement line like numpy==1.24')],
    pipOptions: strings(data.pip_options, file, 'pip_options', 'a pip option like --no-index or a value like a directory'),
    conda: conda && conda.spec.dependencies.length > 0 ? conda.spec : null,
    variables: variablesOf(data.environment_variables, file),
    docker: dockerOf(data.docker, file),
    systemSitePackages: booleanOf(data.system_site_packages, file, 'system_site_packages'),
  };
}

/** Reads and parses an environment file. */
export async function readEnvironmentFile(path: string): Promise<EnvironmentDefinition> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new EnvironmentFileError(path, null, `cannot be read (${error.code ?? error.message})`);
  });
  return parseEnvironmentFile(text, path);
}

function strings(value: unknown, file: string, field: string, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EnvironmentFileError(file, field, `must be a list, each item ${what}`);
  return value.map((item, i) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    throw new EnvironmentFileError(file, `${field}[${i}]`, `must be a string: ${what}`);
  });
}

function versionText(value: unknown, file: string, field: string): string {
  if (typeof value === 'string') return value.trim();
  // YAML reads 3.10 as the number 3.1: refuse rather than build the wrong Python.
  throw new EnvironmentFileError(file, field, `must be a quoted string like "3.11" (YAML reads 3.10 as the number 3.1), not ${JSON.stringify(value)}`);
}

function pythonOf(value: unknown, file: string): EnvironmentDefinition['python'] {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new EnvironmentFileError(file, 'python', 'must be a mapping with version: "3.11" or interpreter: /path/to/python');
  const extra = Object.keys(value).find((k) => k !== 'version' && k !== 'interpreter');
  if (extra) throw new EnvironmentFileError(file, `python.${extra}`, 'is not a field of python; use version or interpreter');
  const out: EnvironmentDefinition['python'] = {};
  if (value.version !== undefined) out.version = versionText(value.version, file, 'python.version');
  if (value.interpreter !== undefined) {
    if (typeof value.interpreter !== 'string' || value.interpreter === '') throw new EnvironmentFileError(file, 'python.interpreter', 'must be a path or a command name like python3.11');
    out.interpreter = value.interpreter;
  }
  return out;
}

function variablesOf(value: unknown, file: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new EnvironmentFileError(file, 'environment_variables', 'must be a mapping of NAME: value');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [k, String(v)];
    throw new EnvironmentFileError(file, `environment_variables.${k}`, 'must be a string');
  }));
}

function dockerOf(value: unknown, file: string): EnvironmentDefinition['docker'] {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value !== '') return { image: value };
  if (isMap(value) && typeof value.image === 'string' && value.image !== '') return { image: value.image };
  throw new EnvironmentFileError(file, 'docker', 'must be a mapping with image: NAME[:TAG]');
}

function booleanOf(value: unknown, file: string, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  throw new EnvironmentFileError(file, field, `must be true or false, not ${JSON.stringify(value)}`);
}

interface CondaParts {
  spec: CondaSpec;
  pip: string[];
  python: string | null;
}

/** v1 conda dependencies: a list of packages, or a mapping with `channels` and `dependencies`. */
function condaOf(value: unknown, file: string, field: string): CondaParts {
  const map = Array.isArray(value) ? { dependencies: value } : value;
  if (!isMap(map)) throw new EnvironmentFileError(file, field, 'must be a list of conda packages, or a mapping with channels: and dependencies:');
  const at = (key: string): string => (field === '' ? key : `${field}.${key}`);
  const channels = strings(map.channels, file, at('channels'), 'a conda channel like conda-forge');
  const parts: CondaParts = { spec: { channels, dependencies: [] }, pip: [], python: null };
  const deps = map.dependencies ?? [];
  if (!Array.isArray(deps)) throw new EnvironmentFileError(file, at('dependencies'), 'must be a list');
  deps.forEach((dep, i) => addCondaDependency(parts, dep, file, `${at('dependencies')}[${i}]`));
  return parts;
}

function addCondaDependency(parts: CondaParts, dep: unknown, file: string, field: string): void {
  if (isMap(dep) && Object.keys(dep).length === 1 && 'pip' in dep) {
    parts.pip.push(...strings(dep.pip, file, `${field}.pip`, 'a requirement line'));
    return;
  }
  if (typeof dep !== 'string') throw new EnvironmentFileError(file, field, 'must be a package like numpy=1.24, or {pip: [...]}');
  const python = /^python\s*[=<>~!]*=?\s*([0-9][0-9.*]*)$/.exec(dep.trim());
  if (python) parts.python = python[1]!.replace(/\.\*$/, '');
  // pip itself and python come with every virtualenv; the rest are conda's to install.
  else if (!/^pip([=<>~!].*)?$/.test(dep.trim())) parts.spec.dependencies.push(dep.trim());
}

/** A v1 conda `environment.yml`: top-level `name`, `channels`, `dependencies`. */
function fromCondaFile(data: Fields, file: string): EnvironmentDefinition {
  const extra = Object.keys(data).find((k) => !['name', 'channels', 'dependencies', 'prefix', 'variables'].includes(k));
  if (extra) throw new EnvironmentFileError(file, extra, 'is not a field of a conda environment file (name, channels, dependencies, variables)');
  const conda = condaOf({ channels: data.channels, dependencies: data.dependencies }, file, '');
  return {
    python: conda.python ? { version: conda.python } : {},
    pip: conda.pip, pipOptions: [],
    conda: conda.spec.dependencies.length > 0 ? conda.spec : null,
    variables: variablesOf(data.variables, file), docker: null, systemSitePackages: false,
  };
}
