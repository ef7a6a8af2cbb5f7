import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { knownRunConfig } from './known-run-config.js';
import { resolveRunConfig } from './resolve-run-config.js';

const holder = globalThis as { cairnContractFingerprint?: string };
let dir: string;
const previousCache = process.env.CAIRN_CACHE_DIR;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-known-'));
  process.env.CAIRN_CACHE_DIR = join(dir, 'cache');
  await writeFile(join(dir, 'train.py'), 'print(1)\n');
  await writeFile(join(dir, 'job.yml'), 'script: train.py\n');
});
afterEach(() => {
  delete holder.cairnContractFingerprint;
});
afterAll(async () => {
  if (previousCache === undefined) delete process.env.CAIRN_CACHE_DIR;
  else process.env.CAIRN_CACHE_DIR = previousCache;
  await rm(dir, { recursive: true, force: true });
});

describe('run configurations checked before', () => {
  const flags = { script: 'train.py', sourceDir: dir, arguments: ['--alpha', '1'], compute: 'local' };

  it('give the same resolved configuration without the schema, for the same flags and contract only', async () => {
    holder.cairnContractFingerprint = 'build-1';
    const f = { ...flags, sourceDir: dir };
    expect(await knownRunConfig(f)).toBeNull();
    const checked = await resolveRunConfig(f);
    expect(checked.runConfig).toMatchObject({ script: 'train.py', arguments: ['--alpha', '1'], compute: 'local', environment: 'system' });
    expect(await knownRunConfig(f)).toEqual(checked);
    expect(await knownRunConfig({ ...f, arguments: ['--alpha', '2'] })).toBeNull();
    holder.cairnContractFingerprint = 'build-2';
    expect(await knownRunConfig(f)).toBeNull();
  });

  it('are not used with a run configuration file, nor without a contract fingerprint (the compiled tree)', async () => {
    holder.cairnContractFingerprint = 'build-1';
    const f = { script: 'train.py', sourceDir: dir, runConfig: join(dir, 'job.yml') };
    await resolveRunConfig(f);
    expect(await knownRunConfig(f)).toBeNull();
    delete holder.cairnContractFingerprint;
    const plain = { script: 'train.py', sourceDir: dir };
    await resolveRunConfig(plain);
    expect(await knownRunConfig(plain)).toBeNull();
  });

  it('still check that the script exists', async () => {
    holder.cairnContractFingerprint = 'build-1';
    await writeFile(join(dir, 'gone.py'), 'x\n');
    const f = { script: 'gone.py', sourceDir: dir };
    await resolveRunConfig(f);
    await rm(join(dir, 'gone.py'));
    await expect(knownRunConfig(f)).rejects.toMatchObject({ code: 'SCRIPT_NOT_FOUND' });
  });
});
