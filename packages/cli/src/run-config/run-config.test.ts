import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from './parse-run-config.js';
import { resolveRunConfig } from './resolve-run-config.js';
import { runConfigTemplate } from './template.js';

const fails = (text: string, name = 'job.yml') => {
  try {
    parseRunConfig(text, name);
  } catch (error) {
    return error as Error & { code: string; exitCode: number };
  }
  throw new Error('expected the run configuration to be refused');
};

describe('run configuration files (Cairn YAML)', () => {
  it('reads every field of the issue example', () => {
    const text = `script: train.py
arguments: [--alpha, "0.5", 3]
compute: local
environment: sklearn:2
environment_variables: {OMP_NUM_THREADS: 1}
distribution: {type: pytorch, node_count: 1, process_count_per_node: 2}
max_run_duration_seconds: 3600
secrets: [db-password]
`;
    expect(parseRunConfig(text, 'job.yml')).toEqual({
      script: 'train.py', arguments: ['--alpha', '0.5', '3'], compute: 'local', environment: 'sklearn:2', environment_variables: { OMP_NUM_THREADS: '1' },
      distribution: { type: 'pytorch', node_count: 1, process_count_per_node: 2 }, max_run_duration_seconds: 3600, secrets: ['db-password'],
    });
  });

  it('parses the template `cairn run config init` writes', () => {
    expect(parseRunConfig(runConfigTemplate('src/train.py'), 'run-config.yml')).toMatchObject({ script: 'src/train.py', compute: 'local', environment: 'system' });
  });

  it.each([
    ['script: [a', 'job.yml:1:11: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['- a\n- b\n', 'job.yml: must be a mapping of fields'],
    ['script: train.py\nscirpt: x\n', 'job.yml: field scirpt: unknown field (known fields: script, arguments'],
    ['script: 3\n', 'job.yml: field script: Invalid input: expected string, received number'],
    ['arguments: [a, [b]]\n', 'job.yml: field arguments[1]: Invalid input: expected string'],
    ['distribution: {type: horovod}\n', 'job.yml: field distribution.type: Invalid option: expected one of "pytorch"|"mpi"|"tensorflow"'],
    ['distribution: {type: mpi, process_count_per_node: 0}\n', 'job.yml: field distribution.process_count_per_node: Too small: expected number to be >=1'],
    ['distribution: {type: mpi, nodes: 2}\n', 'job.yml: field distribution.nodes: unknown field'],
    ['max_run_duration_seconds: 1.5\n', 'job.yml: field max_run_duration_seconds: Invalid input: expected int, received number'],
    ['environment_variables: {"1BAD": x}\n', 'job.yml: field environment_variables.1BAD: must be a valid variable name'],
    ['secrets: db-password\n', 'job.yml: field secrets: Invalid input: expected array, received string'],
  ])('refuses %j naming the file, field and rule', (text, message) => {
    const error = fails(text);
    expect(error).toMatchObject({ code: 'INVALID_RUN_CONFIG', exitCode: 2 });
    expect(error.message).toContain(message);
  });
});

describe('v1 .runconfig files', () => {
  const v1 = `script: train.py
arguments: [--alpha, 0.1]
target: local
framework: Python
communicator: None
maxRunDurationSeconds: 600
nodeCount: 1
environment:
  name: sklearn
  version: 3
  environmentVariables: {EXAMPLE_ENV_VAR: EXAMPLE_VALUE}
  python: {userManagedDependencies: false, interpreterPath: python}
  docker: {enabled: false, baseImage: mcr.microsoft.com/azureml/base}
history: {outputCollection: true, snapshotProject: true, directoriesToWatch: [logs]}
mpi: {processCountPerNode: 1}
dataReferences: {}
sourceDirectoryDataStore:
amlcompute: {vmSize: STANDARD_D2_V2, retainCluster: false}
`;

  it('maps the camelCase fields and leaves out the Azure-only ones', () => {
    expect(parseRunConfig(v1, '.azureml/train.runconfig')).toEqual({
      script: 'train.py', arguments: ['--alpha', '0.1'], compute: 'local', max_run_duration_seconds: 600,
      environment: 'sklearn:3', environment_variables: { EXAMPLE_ENV_VAR: 'EXAMPLE_VALUE' },
    });
  });

  it('reads JSON too, and maps MPI and PyTorch distribution', () => {
    const mpi = JSON.stringify({ script: 'a.py', target: 'local', communicator: 'IntelMpi', nodeCount: 1, mpi: { processCountPerNode: 4 } });
    expect(parseRunConfig(mpi, 'x.runconfig').distribution).toEqual({ type: 'mpi', node_count: 1, process_count_per_node: 4 });
    const torch = 'script: a.py\nframework: PyTorch\ncommunicator: Nccl\nnodeCount: 1\npytorch: {processCount: 2}\n';
    expect(parseRunConfig(torch, 'x.runconfig').distribution).toEqual({ type: 'pytorch', node_count: 1, process_count_per_node: 2 });
  });

  it.each([
    ['script: a.py\ncommand: [python, a.py]\n', 'x.runconfig: field command: commands are not supported'],
    ['script: a.py\ndataReferences: {d: {dataStoreName: s}}\n', 'x.runconfig: field dataReferences: data inputs are not supported yet'],
    ['script: a.py\ntarget: local\nbogus: 1\n', 'x.runconfig: field bogus: unknown field of a v1 run configuration'],
    ['script: a.py\nmaxRunDurationSeconds: -5\n', 'x.runconfig: field max_run_duration_seconds: Too small'],
  ])('refuses %j', (text, message) => expect(fails(text, 'x.runconfig').message).toContain(message));
});

describe('resolving a submit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-rc-'));
    await mkdir(join(dir, 'src/.azureml'), { recursive: true });
    await writeFile(join(dir, 'src/train.py'), 'print(1)\n');
    await writeFile(join(dir, 'outside.py'), 'print(1)\n');
    await writeFile(join(dir, 'src/job.yml'), 'script: train.py\narguments: [--a, "1"]\ncompute: local\nenvironment: sklearn\n');
    await writeFile(join(dir, 'src/.azureml/gpu.runconfig'), 'script: train.py\ntarget: local\nenvironment: {name: torch, version: 2}\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  const resolveIn = (flags: Parameters<typeof resolveRunConfig>[0]) => resolveRunConfig(flags, dir);
  const refusal = (flags: Parameters<typeof resolveRunConfig>[0]) => resolveIn(flags).then(() => { throw new Error('accepted'); }, (e: unknown) => e as Error & { code: string; exitCode: number });

  it('lets flags override the file, and arguments after -- replace its arguments', async () => {
    const r = await resolveIn({ sourceDir: 'src', runConfig: 'src/job.yml', environment: 'system', arguments: ['--b', '2'] });
    expect(r.runConfig).toMatchObject({ script: 'train.py', arguments: ['--b', '2'], environment: 'system', compute: 'local' });
    expect((await resolveIn({ sourceDir: 'src', runConfig: 'src/job.yml' })).runConfig.arguments).toEqual(['--a', '1']);
  });

  it('finds a v1 runconfig by name under .azureml', async () => {
    expect((await resolveIn({ sourceDir: 'src', runConfig: 'gpu' })).runConfig).toMatchObject({ script: 'train.py', environment: 'torch:2' });
  });

  it.each([
    [{ sourceDir: 'nope', script: 'train.py' }, 'SOURCE_DIR_NOT_FOUND', 'source directory nope does not exist'],
    [{ sourceDir: 'src', script: 'missing.py' }, 'SCRIPT_NOT_FOUND', 'script missing.py does not exist in the source directory'],
    [{ sourceDir: 'src', script: '../outside.py' }, 'SCRIPT_OUTSIDE_SOURCE_DIR', 'script ../outside.py is outside the source directory'],
    [{ sourceDir: 'src', script: '/etc/passwd' }, 'SCRIPT_OUTSIDE_SOURCE_DIR', 'is outside the source directory'],
    [{ sourceDir: 'src' }, 'USAGE', 'no script to run'],
    [{ sourceDir: 'src', runConfig: 'absent.yml' }, 'INVALID_RUN_CONFIG', 'absent.yml: not found'],
    [{ sourceDir: 'src', script: 'train.py', compute: '' }, 'INVALID_RUN_CONFIG', 'command line: field compute: Too small'],
  ])('refuses %j before anything is uploaded', async (flags, code, message) => {
    const error = await refusal(flags);
    expect(error).toMatchObject({ code, exitCode: 2 });
    expect(error.message).toContain(message);
  });
});
