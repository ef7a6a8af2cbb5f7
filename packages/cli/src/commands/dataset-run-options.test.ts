import { describe, expect, it } from 'vitest';
import { dataOptions, parseInput, parseOutput } from './dataset-run-options.js';

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
    expect(() => parseOutput('o=lake/path')).toThrow('--data-output o=lake/path');
  });
});
