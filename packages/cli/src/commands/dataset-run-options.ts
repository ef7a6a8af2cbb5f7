/**
 * `run submit-script --input NAME=dataset:N[:V][:download|mount]` and
 * `--output NAME=datastore:D/path/{run-id}/[,register=NAME]`, parsed into run configuration entries.
 * On submit-script `-o/--output` carries both the output format and data outputs: a value is one or
 * the other by its shape (`json|table`, or `NAME=…`), so the flag and the CLI-wide one coexist.
 */
import type { RunInput, RunOutput } from '@cairn/api';
import { Option, type Command } from 'commander';
import { CliError, exitCodes } from '../errors.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function split(option: string, value: string): [string, string] {
  const at = value.indexOf('=');
  const name = value.slice(0, Math.max(at, 0));
  if (at <= 0 || !NAME.test(name)) throw usage(option, value, 'NAME=… with NAME a valid variable name');
  return [name, value.slice(at + 1)];
}

function usage(option: string, value: string, expected: string): CliError {
  return new CliError('USAGE', `${option} ${value}: expected ${expected}`, exitCodes.usage);
}

/** `NAME=dataset:N[:V][:download|mount]`. */
export function parseInput(value: string): [string, RunInput] {
  const [name, rest] = split('--input', value);
  const parts = rest.split(':');
  if (parts[0] !== 'dataset' || !parts[1]) throw usage('--input', value, 'NAME=dataset:N[:V][:download|mount]');
  let mode: RunInput['mode'] = 'download';
  if (parts.at(-1) === 'download' || parts.at(-1) === 'mount') mode = parts.pop() as RunInput['mode'];
  if (parts.length > 3 || (parts[2] !== undefined && !/^\d+$/.test(parts[2]))) throw usage('--input', value, 'NAME=dataset:N[:V][:download|mount] with V a number');
  return [name, { dataset: parts.slice(1).join(':'), mode }];
}

/** `NAME=datastore:D/path/{run-id}/[,register=NAME]`. */
export function parseOutput(value: string): [string, RunOutput] {
  const [name, rest] = split('--output', value);
  const [target = '', ...options] = rest.split(',');
  const match = /^datastore:([a-z0-9_]+)\/(.+)$/.exec(target);
  if (!match) throw usage('--output', value, 'NAME=datastore:D/path[,register=NAME]');
  const register = options.find((o) => o.startsWith('register='))?.slice('register='.length);
  return [name, { datastore: match[1] as string, path: (match[2] as string).replace(/\/+$/, ''), ...(register ? { register } : {}) }];
}

/** Both option lists as run configuration `inputs` and `outputs`. */
export function dataOptions(inputs: string[] = [], outputs: string[] = []): { inputs: Record<string, RunInput>; outputs: Record<string, RunOutput> } {
  return { inputs: Object.fromEntries(inputs.map(parseInput)), outputs: Object.fromEntries(outputs.map(parseOutput)) };
}

const FORMATS = ['json', 'table'];

/** Adds submit-script's `-o/--output`: the output format or a data output, repeatable. */
export function withFormatOrDataOutput(command: Command): Command {
  const help = 'json|table: the output format; NAME=datastore:D/path/{run-id}/[,register=NAME]: an output folder uploaded after the script completes (repeatable)';
  return command.addOption(new Option('-o, --output <format|name=datastore:path>', help).argParser((v: string, all: string[] = []) => [...all, v]));
}

/** Splits the `-o/--output` values and leaves the format where `outputFormat` reads it; returns the data outputs. */
export function takeDataOutputs(command: Command): string[] {
  const values = (command.getOptionValue('output') as string[] | undefined) ?? [];
  const formats = values.filter((v) => FORMATS.includes(v));
  const outputs = values.filter((v) => !FORMATS.includes(v));
  const stray = outputs.find((v) => !v.includes('='));
  if (stray !== undefined) throw usage('--output', stray, 'json, table or NAME=datastore:D/path[,register=NAME]');
  command.setOptionValue('output', formats.at(-1) ?? 'table');
  return outputs;
}
