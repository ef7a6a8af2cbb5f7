import { describe, expect, it } from 'vitest';
import { parseEnvironmentFile } from './environment-file.js';

const parse = (text: string) => parseEnvironmentFile(text, 'env.yml');
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    expect((error as { code: string }).code).toBe('INVALID_ENVIRONMENT_FILE');
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('environment files', () => {
  it('read every field of the Cairn format', () => {
    expect(parse(`
python: {version: "3.11"}
pip: [tinypkg==1.0, "scikit-learn>=1.2"]
pip_options: [--no-index, --find-links, /wheels]
conda_dependencies: [lapack]
environment_variables: {OMP_NUM_THREADS: 1, MODE: fast}
docker: {image: python:3.11-slim}
system_site_packages: true
`)).toEqual({
      python: { version: '3.11' }, pip: ['tinypkg==1.0', 'scikit-learn>=1.2'], pipOptions: ['--no-index', '--find-links', '/wheels'],
      conda: { channels: [], dependencies: ['lapack'] }, variables: { OMP_NUM_THREADS: '1', MODE: 'fast' }, docker: { image: 'python:3.11-slim' }, systemSitePackages: true,
    });
  });

  it('default what is left out: the node Python, nothing installed, isolated', () => {
    expect(parse('pip: [numpy]\n')).toEqual({ python: {}, pip: ['numpy'], pipOptions: [], conda: null, variables: {}, docker: null, systemSitePackages: false });
  });

  it('read a v1 conda environment.yml: python version, conda packages and the pip list', () => {
    expect(parse(`
name: sklearn-env
channels: [conda-forge]
dependencies:
  - python=3.11
  - pip
  - numpy=1.24
  - pip:
    - azureml-defaults
    - scikit-learn==1.2.1
`)).toEqual({
      python: { version: '3.11' }, pip: ['azureml-defaults', 'scikit-learn==1.2.1'], pipOptions: [],
      conda: { channels: ['conda-forge'], dependencies: ['numpy=1.24'] }, variables: {}, docker: null, systemSitePackages: false,
    });
  });

  it('name the field of each mistake', () => {
    expect(failure('pip: numpy\n')).toBe('env.yml: field pip: must be a list, each item a requirement line like numpy==1.24');
    expect(failure('pip: [numpy, {a: 1}]\n')).toContain('field pip[1]: must be a string');
    expect(failure('python: {version: 3.10}\n')).toContain('field python.version: must be a quoted string like "3.11"');
    expect(failure('python: {vesion: "3.11"}\n')).toContain('field python.vesion: is not a field of python');
    expect(failure('pipp: [numpy]\n')).toContain('field pipp: is not a field of an environment file');
    expect(failure('system_site_packages: yes please\n')).toContain('field system_site_packages: must be true or false');
    expect(failure('environment_variables: [A]\n')).toContain('field environment_variables: must be a mapping');
    expect(failure('docker: {}\n')).toContain('field docker: must be a mapping with image');
    expect(failure('dependencies: [python=3.11, 7]\n')).toContain('field dependencies[1]: must be a package');
    expect(failure('pip: [a\n')).toMatch(/^env.yml:\d+:\d+: not valid YAML/);
    expect(failure('- a\n')).toContain('must be a mapping of fields');
  });
});
