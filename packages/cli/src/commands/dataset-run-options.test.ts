import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { dataOptions, parseInput, parseOutput, takeDataOutputs, withFormatOrDataOutput } from './dataset-run-options.js';

describe('run data options', () => {
  it('parses inputs with and without version and mode', () => {
    expect(parseInput('raw=dataset:numbers')).toEqual(['raw', { dataset: 'numbers', mode: 'download' }]);
    expect(parseInput('raw=dataset:numbers:3')).toEqual(['raw', { dataset: 'numbers:3', mode: 'download' }]);
    expect(parseInput('raw=dataset:numbers:3:mount')).toEqual(['raw', { dataset: 'numbers:3', mode: 'mount' }]);
    expect(parseInput('raw=dataset:numbers:mount')).toEqual(['raw', { dataset: 'numbers', mode: 'mount' }]);
  });

  it('parses outputs with a registration', () => {
    expect(parseOutput('result=datastore:lake/results/{run-id}/,register=sums')).toEqual(['result', { datastore: 'lake', path: 'results/{run-id}', register: 'sums' }]);
    expect(dataOptions([], ['o=datastore:workspaceblobstore/x'])).toEqual({ inputs: {}, outputs: { o: { datastore: 'workspaceblobstore', path: 'x' } } });
  });

  it('refuses malformed values as usage errors naming the option', () => {
    expect(() => parseInput('raw=model:x')).toThrow('--input raw=model:x: expected NAME=dataset:N[:V][:download|mount]');
    expect(() => parseInput('1bad=dataset:x')).toThrow('valid variable name');
    expect(() => parseInput('raw=dataset:x:latest')).toThrow('V a number');
    expect(() => parseOutput('o=lake/path')).toThrow('--output o=lake/path');
  });

  it('tells the output format from data outputs in -o/--output values, by their shape', () => {
    const parse = (...argv: string[]) => withFormatOrDataOutput(new Command().exitOverride()).parse(argv, { from: 'user' });
    const both = parse('--output', 'o=datastore:lake/x', '-o', 'json', '--output', 'p=datastore:lake/y');
    expect(takeDataOutputs(both)).toEqual(['o=datastore:lake/x', 'p=datastore:lake/y']);
    expect(both.opts().output).toBe('json');
    const none = parse();
    expect(takeDataOutputs(none)).toEqual([]);
    expect(none.opts().output).toBe('table');
    expect(() => takeDataOutputs(parse('-o', 'yaml'))).toThrow('--output yaml: expected json, table or NAME=datastore:D/path');
  });
});
