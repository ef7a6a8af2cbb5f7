import { describe, expect, it } from 'vitest';
import type { EnvironmentDefinition } from '@cairn/api';
import { canonicalDefinition, environmentHash } from './environment-hash.js';

const base: EnvironmentDefinition = { python: { version: '3.11' }, pip: ['numpy==1.24', 'scikit-learn'], pipOptions: ['--no-index'], conda: null, variables: { B: '2', A: '1' }, docker: null, systemSitePackages: false };

describe('environment hash', () => {
  it('ignores whitespace, variable order, blank lines and empty conda', () => {
    const same: EnvironmentDefinition = {
      python: { version: ' 3.11 ', interpreter: '' }, pip: ['  numpy==1.24', '', 'scikit-learn\t'], pipOptions: [' --no-index '],
      conda: { channels: [], dependencies: [] }, variables: { A: '1', B: '2' }, docker: null, systemSitePackages: false,
    };
    expect(environmentHash(same)).toBe(environmentHash(base));
    expect(canonicalDefinition(same)).toEqual({ ...base, variables: { A: '1', B: '2' } });
  });

  it('keeps pip order, since pip resolves requirements in order', () => {
    expect(environmentHash({ ...base, pip: ['scikit-learn', 'numpy==1.24'] })).not.toBe(environmentHash(base));
  });

  it('changes with every part of the definition', () => {
    const variants: Array<Partial<EnvironmentDefinition>> = [
      { python: { version: '3.12' } }, { python: { interpreter: '/usr/bin/python3' } }, { pip: ['numpy==1.25', 'scikit-learn'] }, { pipOptions: [] },
      { conda: { channels: ['conda-forge'], dependencies: ['lapack'] } }, { variables: { A: '1', B: '3' } }, { docker: { image: 'python:3.11' } }, { systemSitePackages: true },
    ];
    const hashes = new Set([environmentHash(base), ...variants.map((v) => environmentHash({ ...base, ...v }))]);
    expect(hashes.size).toBe(variants.length + 1);
  });
});
