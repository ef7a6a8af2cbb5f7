import { describe, expect, onTestFinished } from 'vitest';
import type { EnvironmentDefinition } from '@cairn/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentStore } from '../blobs/content-store.js';
import { LocalBlobStore } from '../blobs/local-blob-store.js';
import { caller } from '../runs/test-support/http.js';
import { callTest as it } from '../test-support/call-test.js';
import { EnvironmentService } from './environment-service.js';
import { SqlEnvironmentStore } from './sql-environment-store.js';

const definition = (over: Partial<EnvironmentDefinition> = {}): EnvironmentDefinition => ({
  python: { version: '3.11' }, pip: ['scikit-learn==1.2.1', 'numpy'], pipOptions: [], conda: null, variables: { OMP_NUM_THREADS: '1' }, docker: null, systemSitePackages: false, ...over,
});

describe('environments over HTTP', () => {
  it('number versions from 1 and give identical content its existing version', async ({ call }) => {
    const first = await call('POST', '/environments/sk', definition());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: true, environment: { name: 'sk', version: 1, createdBy: 'owner', lastBuild: null } });
    expect(first.body.environment.hash).toMatch(/^[0-9a-f]{64}$/);
    // Same content with other whitespace and variable order: the same version, not a new one.
    const again = await call('POST', '/environments/sk', definition({ pip: ['  scikit-learn==1.2.1 ', 'numpy'], variables: { OMP_NUM_THREADS: '1' } }));
    expect(again.body).toMatchObject({ created: false, environment: { version: 1, hash: first.body.environment.hash } });
    const second = await call('POST', '/environments/sk', definition({ pip: ['numpy', 'scikit-learn==1.2.1'] }));
    expect(second.body).toMatchObject({ created: true, environment: { version: 2 } });
    expect(second.body.environment.hash).not.toBe(first.body.environment.hash);
  });

  it('list the built-in system environment first, then each name with its latest version', async ({ call }) => {
    await call('POST', '/environments/alpha', definition({ pip: [] }));
    const items = (await call('GET', '/environments')).body.items;
    expect(items.map((e: any) => [e.name, e.latestVersion, e.versionCount, e.builtIn])).toEqual([
      ['system', 1, 1, true], ['alpha', 1, 1, false], ['sk', 2, 2, false],
    ]);
  });

  it('show versions newest first, and one version with its spec', async ({ call }) => {
    const versions = (await call('GET', '/environments/sk/versions')).body.items;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    const one = (await call('GET', '/environments/sk/versions/1')).body;
    expect(one).toMatchObject({ name: 'sk', version: 1, pip: ['scikit-learn==1.2.1', 'numpy'], python: { version: '3.11' }, variables: { OMP_NUM_THREADS: '1' } });
  });

  it('answer ENVIRONMENT_NOT_FOUND saying how to list them', async ({ call }) => {
    for (const path of ['/environments/nope/versions', '/environments/sk/versions/9', '/environments/nope/versions/1']) {
      const missing = await call('GET', path);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'ENVIRONMENT_NOT_FOUND']);
      expect(missing.body.error.message).toContain('cairn environment list');
    }
  });

  it('refuse to redefine system and names that break the rule', async ({ call }) => {
    const system = await call('POST', '/environments/system', definition());
    expect([system.status, system.body.error.code]).toEqual([400, 'INVALID_NAME']);
    expect(system.body.error.message).toContain('built-in');
    const curated = await call('POST', '/environments/AzureML-Minimal', definition());
    expect([curated.status, curated.body.error.code]).toEqual([400, 'INVALID_NAME']);
    expect(curated.body.error.message).toContain('reserved for curated environments');
    const bad = await call('POST', '/environments/a.b', definition());
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_NAME']);
    const field = await call('POST', '/environments/ok-name', { ...definition(), pip: 'numpy' });
    expect(field.body.error.message).toContain('body.pip');
  });

  it('record builds with their logs, the latest shown on the version', async ({ server, call }) => {
    const v1 = (await call('GET', '/environments/sk/versions/1')).body;
    const failed = await call('POST', '/environments/sk/versions/1/builds', { hash: v1.hash, status: 'Failed', node: 'n1', durationMs: 900, log: 'ERROR: No matching distribution\n' });
    expect(failed.status).toBe(201);
    const ok = await call('POST', '/environments/sk/versions/1/builds', { hash: v1.hash, status: 'Succeeded', node: 'n1', runId: 'run-1', durationMs: 1200, log: 'Successfully installed numpy\n' });
    expect(ok.body).toMatchObject({ status: 'Succeeded', node: 'n1', runId: 'run-1', reused: false, logBytes: 29 });
    expect((await call('GET', '/environments/sk/versions/1')).body.lastBuild).toMatchObject({ id: ok.body.id, status: 'Succeeded' });
    expect((await call('GET', '/environments/sk/versions/1/builds')).body.items.map((b: any) => b.status)).toEqual(['Succeeded', 'Failed']);
    const log = await server.app.inject({ method: 'GET', url: `/api/v1/workspaces/default/environments/sk/versions/1/builds/${failed.body.id}/log`, headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect([log.statusCode, log.body]).toEqual([200, 'ERROR: No matching distribution\n']);
    const wrong = await call('POST', '/environments/sk/versions/2/builds', { hash: v1.hash, status: 'Succeeded', node: 'n1', durationMs: 1, log: '' });
    expect(wrong.body.error.code).toBe('INVALID_INPUT');
  });

  it('let a Reader look but not create', async ({ server }) => {
    const reader = caller(server, await server.tokenFor('Reader'));
    expect((await reader('GET', '/environments')).status).toBe(200);
    expect((await reader('POST', '/environments/r-env', definition())).body.error.code).toBe('FORBIDDEN');
  });
});

describe('EnvironmentService.resolve', () => {
  it('answers null for system, the latest for NAME, a version for NAME:V', async ({ server }) => {
    const blobDir = mkdtempSync(join(tmpdir(), 'cairn-env-blobs-'));
    onTestFinished(() => rmSync(blobDir, { recursive: true, force: true }));
    const service = new EnvironmentService(new SqlEnvironmentStore(server.metadata.db), new ContentStore(new LocalBlobStore(blobDir)));
    const ws = (await server.workspaces.resolve('default')).id;
    expect(await service.resolve(ws, 'system')).toBeNull();
    expect(await service.resolve(ws, 'sk')).toMatchObject({ name: 'sk', version: 2, pip: ['numpy', 'scikit-learn==1.2.1'], systemSitePackages: false, docker: null });
    expect(await service.resolve(ws, 'sk:1')).toMatchObject({ version: 1 });
    expect(await service.resolve(ws, 'sk:latest')).toMatchObject({ version: 2 });
    await expect(service.resolve(ws, 'sk:7')).rejects.toMatchObject({ code: 'ENVIRONMENT_NOT_FOUND', status: 404 });
    await expect(service.resolve(ws, 'ghost')).rejects.toThrow(/cairn environment list/);
  });
});
