import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentSpec } from '@cairn/api';
import { environmentDir, prepareEnvironment } from './prepare.js';
import { onPath } from './python.js';
import { makeWheel } from './test-support/wheels.js';

let root: string;
let wheels: string;
let cacheDir: string;

const spec = (name: string, over: Partial<EnvironmentSpec>): EnvironmentSpec => {
  const body = { python: {}, pip: [], pipOptions: ['--no-index', '--find-links', wheels], conda: null, variables: {}, docker: null, systemSitePackages: false, ...over };
  return { ...body, name, version: 1, hash: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
};

function collect(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

const pythonSays = (python: string, code: string): string => execFileSync(python, ['-c', code], { encoding: 'utf8' }).trim();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cairn-envs-'));
  wheels = join(root, 'wheels');
  cacheDir = join(root, 'cache');
  mkdirSync(wheels);
  makeWheel(wheels, 'tinypkg', '1.0', 'VALUE = 42\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('prepareEnvironment', () => {
  it('gives the node Python as is for system', async () => {
    const { lines, log } = collect();
    expect(await prepareEnvironment(null, { cacheDir, log })).toEqual({ python: '/usr/bin/python3', env: {}, built: false });
    expect(lines.join('\n')).toContain("node's Python as is");
  });

  it('builds a virtualenv from a directory of wheels once, then reuses it at once', async () => {
    const tiny = spec('tiny', { pip: ['tinypkg==1.0'], variables: { GREETING: 'hi' } });
    const first = collect();
    const built = await prepareEnvironment(tiny, { cacheDir, log: first.log });
    expect(built).toMatchObject({ python: join(environmentDir(cacheDir, tiny.hash), 'bin', 'python'), built: true, env: { GREETING: 'hi', VIRTUAL_ENV: environmentDir(cacheDir, tiny.hash) } });
    expect(first.lines.some((l) => /Successfully installed tinypkg-1.0/.test(l))).toBe(true);
    expect(pythonSays(built.python, 'import tinypkg; print(tinypkg.VALUE)')).toBe('42');
    const second = collect();
    const started = performance.now();
    const reused = await prepareEnvironment(tiny, { cacheDir, log: second.log });
    expect(performance.now() - started).toBeLessThan(100);
    expect(reused).toEqual({ ...built, built: false });
    expect(second.lines.join('\n')).toMatch(/reusing/);
    expect(second.lines.some((l) => l.startsWith('$ '))).toBe(false);
  });

  it('sees Debian packages with system site packages, and only then', async () => {
    const withSite = await prepareEnvironment(spec('site', { pip: ['tinypkg'], systemSitePackages: true }), { cacheDir, log: () => {} });
    expect(pythonSays(withSite.python, 'import sklearn, tinypkg; print(sklearn.__name__, tinypkg.VALUE)')).toBe('sklearn 42');
    const isolated = await prepareEnvironment(spec('isolated', {}), { cacheDir, log: () => {} });
    expect(pythonSays(isolated.python, 'import importlib.util as u; print(u.find_spec("sklearn") is None)')).toBe('True');
  });

  it('builds once when several preparations of one hash start together', async () => {
    const shared = spec('shared', { pip: ['tinypkg==1.0'], variables: { N: '3' } });
    const logs = [collect(), collect(), collect()];
    const results = await Promise.all(logs.map((l) => prepareEnvironment(shared, { cacheDir, log: l.log })));
    expect(results.filter((r) => r.built)).toHaveLength(1);
    expect(logs.flatMap((l) => l.lines).filter((l) => l.startsWith('$ ') && l.includes(' venv '))).toHaveLength(1);
    expect(logs.flatMap((l) => l.lines).some((l) => l.includes('built meanwhile'))).toBe(true);
    // Those that waited showed the build's own output as it came.
    const waiters = logs.filter((_l, i) => !results[i]!.built);
    for (const w of waiters) expect(w.lines.some((l) => /^\[build by pid \d+ on .+\] .*Successfully installed tinypkg-1.0/.test(l))).toBe(true);
  });

  it('fails with pip own output and leaves no environment behind', async () => {
    const broken = spec('broken', { pip: ['tinypkg==2.0'] });
    const error = await prepareEnvironment(broken, { cacheDir, log: () => {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENVIRONMENT_BUILD_FAILED' });
    expect((error as Error).message).toMatch(/No matching distribution found for tinypkg==2.0/);
    expect((error as { details: { lastLines: string[] } }).details.lastLines.length).toBeGreaterThan(0);
    expect(existsSync(environmentDir(cacheDir, broken.hash))).toBe(false);
    // Only the build's log stays beside the environments, for whoever looks into the failure.
    expect(readdirSync(join(cacheDir, 'envs')).filter((n) => n.startsWith(broken.hash))).toEqual([`${broken.hash}.build.log`]);
  });

  it('breaks a lock left by a builder that died, and removes its half-built directory', async () => {
    const orphan = spec('orphan', { pip: ['tinypkg'] });
    const dead = spawn('/bin/true');
    await new Promise((resolve) => dead.on('exit', resolve));
    const dir = environmentDir(cacheDir, orphan.hash);
    mkdirSync(`${dir}.lock`, { recursive: true });
    writeFileSync(join(`${dir}.lock`, 'owner.json'), JSON.stringify({ pid: dead.pid, host: (await import('node:os')).hostname() }));
    mkdirSync(join(dir, 'bin'), { recursive: true });
    const prepared = await prepareEnvironment(orphan, { cacheDir, log: () => {} });
    expect(prepared.built).toBe(true);
    expect(pythonSays(prepared.python, 'import tinypkg; print(tinypkg.VALUE)')).toBe('42');
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('says the docker image is recorded but not used, and that conda is missing', async () => {
    const { lines, log } = collect();
    await prepareEnvironment(spec('docker', { docker: { image: 'python:3.11-slim' } }), { cacheDir, log });
    expect(lines.join('\n')).toContain('docker image python:3.11-slim is recorded but not used');
    if (onPath('conda')) return; // a node with conda would install them instead
    const conda = spec('conda', { conda: { channels: ['conda-forge'], dependencies: ['lapack'] } });
    const error = await prepareEnvironment(conda, { cacheDir, log: () => {} }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/needs conda packages \(lapack\) but conda is not installed/);
  });
});
